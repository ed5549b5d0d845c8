package org.marginface.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Detection times per photo, grouped by the photo's longer side, for the benchmark table. */
final class DetectionTimes {

    /** Upper bounds of the size buckets (longer side in pixels); the last bucket is open. */
    static final int[] BOUNDS = {250, 640, 1280};

    private final List<List<Double>> buckets = new ArrayList<>();
    private final List<Double> all = new ArrayList<>();

    DetectionTimes() {
        for (int i = 0; i <= BOUNDS.length; i++) {
            buckets.add(new ArrayList<>());
        }
    }

    void add(int width, int height, double millis) {
        int side = Math.max(width, height);
        int bucket = 0;
        while (bucket < BOUNDS.length && side > BOUNDS[bucket]) {
            bucket++;
        }
        buckets.get(bucket).add(millis);
        all.add(millis);
    }

    /** A Markdown table: bucket, photos, mean, median, p90 and max in milliseconds. */
    String table() {
        StringBuilder sb = new StringBuilder("| longer side | photos | mean ms | median ms | p90 ms | max ms |\n");
        sb.append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
        for (int i = 0; i < buckets.size(); i++) {
            String label = i == 0 ? "≤ " + BOUNDS[0] : i < BOUNDS.length ? BOUNDS[i - 1] + 1 + "–" + BOUNDS[i]
                    : "> " + BOUNDS[BOUNDS.length - 1];
            row(sb, label, buckets.get(i));
        }
        row(sb, "all", all);
        return sb.toString();
    }

    private static void row(StringBuilder sb, String label, List<Double> times) {
        if (times.isEmpty()) {
            sb.append(String.format(Locale.ROOT, "| %s | 0 | | | | |%n", label));
            return;
        }
        List<Double> sorted = new ArrayList<>(times);
        sorted.sort(null);
        double mean = sorted.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        sb.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %.0f | %.0f | %.0f |%n", label, sorted.size(), mean,
                sorted.get(sorted.size() / 2), sorted.get(Math.min(sorted.size() - 1, (int) (0.9 * sorted.size()))),
                sorted.get(sorted.size() - 1)));
    }
}
