package org.marginface.serve;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntSupplier;

/** Counters and histograms of the service, written in the Prometheus text exposition format. */
public final class ServiceMetrics {

    private static final double[] LATENCY_BOUNDS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    private static final double[] BATCH_BOUNDS = {1, 2, 4, 8, 16, 32, 64, 128};

    /** A cumulative histogram with fixed bucket bounds. */
    static final class Histogram {
        private final double[] bounds;
        private final AtomicLongArray counts;
        private final AtomicLong count = new AtomicLong();
        private final AtomicLong sumMicros = new AtomicLong();

        Histogram(double[] bounds) {
            this.bounds = bounds;
            this.counts = new AtomicLongArray(bounds.length);
        }

        void observe(double value) {
            for (int i = 0; i < bounds.length; i++) {
                if (value <= bounds[i]) {
                    counts.incrementAndGet(i);
                }
            }
            count.incrementAndGet();
            sumMicros.addAndGet(Math.round(value * 1e6));
        }

        void write(StringBuilder out, String name, String labels) {
            String sep = labels.isEmpty() ? "" : labels + ",";
            for (int i = 0; i < bounds.length; i++) {
                out.append(name).append("_bucket{").append(sep).append("le=\"").append(format(bounds[i])).append("\"} ")
                        .append(counts.get(i)).append('\n');
            }
            out.append(name).append("_bucket{").append(sep).append("le=\"+Inf\"} ").append(count.get()).append('\n');
            String plain = labels.isEmpty() ? "" : "{" + labels + "}";
            out.append(name).append("_sum").append(plain).append(' ').append(format(sumMicros.get() / 1e6)).append('\n');
            out.append(name).append("_count").append(plain).append(' ').append(count.get()).append('\n');
        }
    }

    private record RequestKey(String method, String route, int status) {}

    private final Map<RequestKey, AtomicLong> requests = new ConcurrentHashMap<>();
    private final Map<String, Histogram> latencies = new ConcurrentHashMap<>();
    private final Histogram batchSizes = new Histogram(BATCH_BOUNDS);
    private final Histogram batchSeconds = new Histogram(LATENCY_BOUNDS);
    private volatile IntSupplier subjects = () -> 0;
    private volatile IntSupplier faces = () -> 0;
    private volatile IntSupplier queued = () -> 0;

    /** Records a finished request; {@code route} is the route pattern, never the raw path. */
    public void request(String method, String route, int status, double seconds) {
        requests.computeIfAbsent(new RequestKey(method, route, status), k -> new AtomicLong()).incrementAndGet();
        latencies.computeIfAbsent(method + " " + route, k -> new Histogram(LATENCY_BOUNDS)).observe(seconds);
    }

    public void batch(int size, double seconds) {
        batchSizes.observe(size);
        batchSeconds.observe(seconds);
    }

    public void gauges(IntSupplier subjectCount, IntSupplier faceCount, IntSupplier queuedFaces) {
        this.subjects = subjectCount;
        this.faces = faceCount;
        this.queued = queuedFaces;
    }

    public String prometheus() {
        StringBuilder out = new StringBuilder(4096);
        out.append("# HELP marginface_http_requests_total HTTP requests by method, route and status.\n");
        out.append("# TYPE marginface_http_requests_total counter\n");
        requests.forEach((k, v) -> out.append("marginface_http_requests_total{method=\"").append(k.method)
                .append("\",route=\"").append(escape(k.route)).append("\",status=\"").append(k.status).append("\"} ")
                .append(v.get()).append('\n'));
        out.append("# HELP marginface_http_request_duration_seconds Request latency by method and route.\n");
        out.append("# TYPE marginface_http_request_duration_seconds histogram\n");
        latencies.forEach((k, h) -> {
            String[] parts = k.split(" ", 2);
            h.write(out, "marginface_http_request_duration_seconds",
                    "method=\"" + parts[0] + "\",route=\"" + escape(parts[1]) + "\"");
        });
        out.append("# HELP marginface_model_batch_size Faces per model call.\n");
        out.append("# TYPE marginface_model_batch_size histogram\n");
        batchSizes.write(out, "marginface_model_batch_size", "");
        out.append("# HELP marginface_model_batch_duration_seconds Time of one model call.\n");
        out.append("# TYPE marginface_model_batch_duration_seconds histogram\n");
        batchSeconds.write(out, "marginface_model_batch_duration_seconds", "");
        gauge(out, "marginface_gallery_subjects", "Subjects in the gallery.", subjects.getAsInt());
        gauge(out, "marginface_gallery_faces", "Faces enrolled in the gallery.", faces.getAsInt());
        gauge(out, "marginface_model_queued_faces", "Faces waiting for the model.", queued.getAsInt());
        return out.toString();
    }

    private static void gauge(StringBuilder out, String name, String help, long value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" gauge\n");
        out.append(name).append(' ').append(value).append('\n');
    }

    private static String escape(String label) {
        return label.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%s", v);
    }
}
