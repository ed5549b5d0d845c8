package org.marginface.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The self time of each operation in a libtorch profiler trace (Chrome's trace format, as DJL's
 * {@code JniUtils.stopProfile} writes it): the time inside an operation minus the time inside the
 * operations it called, summed by name, the way PyTorch's own profiler table sorts by self CPU time.
 */
record ProfileTable(List<Row> rows) {

    /** One operation name's total self time, inclusive time and number of calls, in microseconds. */
    record Row(String name, double selfMicros, double totalMicros, int calls) {}

    private record Span(String name, double start, double end, double[] childMicros) {}

    static ProfileTable read(Path trace) throws IOException {
        JsonNode root = new ObjectMapper().readTree(trace.toFile());
        JsonNode events = root.isArray() ? root : root.path("traceEvents");
        Map<String, List<Span>> byThread = new HashMap<>();
        for (JsonNode e : events) {
            if (!"X".equals(e.path("ph").asText()) || !e.has("dur")) {
                continue;
            }
            double start = e.path("ts").asDouble();
            Span span = new Span(e.path("name").asText(), start, start + e.path("dur").asDouble(), new double[1]);
            byThread.computeIfAbsent(e.path("pid").asText() + "/" + e.path("tid").asText(), k -> new ArrayList<>()).add(span);
        }
        return of(byThread.values());
    }

    /** Self times from spans of each thread; a span inside another is its child. */
    static ProfileTable of(Iterable<List<Span>> threads) {
        Map<String, double[]> sums = new LinkedHashMap<>();
        for (List<Span> spans : threads) {
            // outer spans before the spans they contain
            spans.sort(Comparator.comparingDouble(Span::start).thenComparing(Comparator.comparingDouble(Span::end).reversed()));
            Deque<Span> open = new ArrayDeque<>();
            for (Span s : spans) {
                while (!open.isEmpty() && open.peek().end() <= s.start()) {
                    open.pop();
                }
                if (!open.isEmpty()) {
                    open.peek().childMicros()[0] += s.end() - s.start();
                }
                open.push(s);
            }
            for (Span s : spans) {
                double[] sum = sums.computeIfAbsent(s.name(), k -> new double[3]);
                sum[0] += s.end() - s.start() - s.childMicros()[0];
                sum[1] += s.end() - s.start();
                sum[2]++;
            }
        }
        List<Row> rows = new ArrayList<>();
        sums.forEach((name, s) -> rows.add(new Row(name, s[0], s[1], (int) s[2])));
        rows.sort(Comparator.comparingDouble(Row::selfMicros).reversed());
        return new ProfileTable(List.copyOf(rows));
    }

    /** Test seam: spans given as {name, start, end} in microseconds, all on one thread. */
    static ProfileTable ofSpans(List<Object[]> spans) {
        List<Span> list = new ArrayList<>();
        for (Object[] s : spans) {
            list.add(new Span((String) s[0], ((Number) s[1]).doubleValue(), ((Number) s[2]).doubleValue(), new double[1]));
        }
        return of(List.of(list));
    }

    Map<String, Double> selfMillisecondsByName() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (Row r : rows) {
            m.put(r.name(), r.selfMicros() / 1000);
        }
        return m;
    }

    String format(int limit) {
        double total = rows.stream().mapToDouble(Row::selfMicros).sum();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "  %-44s %10s %8s %10s %7s%n", "operation", "self ms", "self %", "total ms", "calls"));
        for (Row r : rows.subList(0, Math.min(limit, rows.size()))) {
            sb.append(String.format(Locale.ROOT, "  %-44s %10.1f %7.1f%% %10.1f %7d%n",
                    r.name(), r.selfMicros() / 1000, 100 * r.selfMicros() / total, r.totalMicros() / 1000, r.calls()));
        }
        sb.append(String.format(Locale.ROOT, "  %-44s %10.1f%n", "all operations (self)", total / 1000));
        return sb.toString();
    }
}
