package org.marginface.core.detect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The listed main-face landmarks of a test set, and how close a detection comes to them: the mean
 * of the five point distances as a fraction of the listed inter-ocular distance.
 */
record LandmarkTruth(String file, double[] xy, int faces) {

    /**
     * Reads {@code name, a column, x1 y1 … x5 y5 [, faces]}, whitespace-separated {@code} lines (the LFW and CelebA
     * landmark files of the shared data; faces is 1 when the column is absent).
     */
    static Map<String, LandmarkTruth> read(Path file) throws IOException {
        Map<String, LandmarkTruth> rows = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] cols = line.trim().split("\\s+");
            double[] xy = new double[10];
            for (int i = 0; i < 10; i++) {
                xy[i] = Double.parseDouble(cols[2 + i]);
            }
            int faces = cols.length > 12 ? Integer.parseInt(cols[12]) : 1;
            rows.put(cols[0], new LandmarkTruth(cols[0], xy, faces));
        }
        return rows;
    }

    double interOcular() {
        return Math.hypot(xy[2] - xy[0], xy[3] - xy[1]);
    }

    /** Whether the face's box holds all five listed points (so it is the listed face, not a neighbour). */
    boolean isFoundBy(DetectedFace face) {
        FaceBox b = face.box();
        for (int i = 0; i < 5; i++) {
            double x = xy[2 * i];
            double y = xy[2 * i + 1];
            if (x < b.x1() || x > b.x2() || y < b.y1() || y > b.y2()) {
                return false;
            }
        }
        return b.width() < 6 * interOcular();
    }

    /** Mean point distance over the inter-ocular distance. */
    double error(DetectedFace face) {
        double sum = 0;
        for (int i = 0; i < 5; i++) {
            org.marginface.core.align.Point p = face.landmarks().points().get(i);
            sum += Math.hypot(p.x() - xy[2 * i], p.y() - xy[2 * i + 1]);
        }
        return sum / 5 / interOcular();
    }

    /** Mean signed offset (x, y) in pixels, to see a systematic shift such as a 1-based frame. */
    double[] offset(DetectedFace face) {
        double dx = 0;
        double dy = 0;
        for (int i = 0; i < 5; i++) {
            dx += face.landmarks().points().get(i).x() - xy[2 * i];
            dy += face.landmarks().points().get(i).y() - xy[2 * i + 1];
        }
        return new double[] {dx / 5, dy / 5};
    }

    /** The found face closest to the listed landmarks, if any. */
    java.util.Optional<DetectedFace> match(List<DetectedFace> faces) {
        DetectedFace best = null;
        for (DetectedFace f : faces) {
            if (isFoundBy(f) && (best == null || error(f) < error(best))) {
                best = f;
            }
        }
        return java.util.Optional.ofNullable(best);
    }

    /** mean, median, p90, max of a list of errors. */
    static String distribution(List<Double> errors) {
        List<Double> sorted = new ArrayList<>(errors);
        sorted.sort(null);
        double mean = sorted.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        return String.format(java.util.Locale.ROOT, "mean %.4f, median %.4f, p90 %.4f, max %.4f (n=%d)", mean,
                quantile(sorted, 0.5), quantile(sorted, 0.9), sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() - 1),
                sorted.size());
    }

    static double quantile(List<Double> sorted, double q) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(q * sorted.size())));
    }
}
