package org.marginface.core.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The box arithmetic between the cascade's stages, as in the authors' code: non-maximum
 * suppression, box regression, squaring and truncation. Boxes here are in the authors' 1-based,
 * edge-inclusive pixel frame; {@link MtcnnDetector} converts at its output.
 */
final class Candidates {

    /** How non-maximum suppression measures the overlap of two boxes. */
    enum Overlap {
        /** intersection over union */
        UNION,
        /** intersection over the smaller box: also drops a box nested inside a better one */
        MIN
    }

    /** The offsets a network predicts for a box's corners, as fractions of its width and height. */
    record Regression(double dx1, double dy1, double dx2, double dy2) {
        static final Regression NONE = new Regression(0, 0, 0, 0);
    }

    /** A box on its way through the cascade: its score and the regression not yet applied. */
    record Candidate(FaceBox box, double score, Regression regression) {}

    private Candidates() {}

    /**
     * Greedy non-maximum suppression: take the best-scoring box, drop every remaining box that
     * overlaps it by more than {@code threshold}, repeat. Returns the kept boxes, best first.
     */
    static <T> List<T> nms(List<T> items, java.util.function.Function<T, FaceBox> boxOf,
            java.util.function.ToDoubleFunction<T> scoreOf, double threshold, Overlap overlap) {
        List<T> remaining = new ArrayList<>(items);
        remaining.sort(Comparator.comparingDouble(scoreOf).reversed());
        List<T> kept = new ArrayList<>();
        while (!remaining.isEmpty()) {
            T best = remaining.remove(0);
            kept.add(best);
            FaceBox a = boxOf.apply(best);
            remaining.removeIf(other -> overlap(a, boxOf.apply(other), overlap) > threshold);
        }
        return kept;
    }

    static List<Candidate> nms(List<Candidate> candidates, double threshold, Overlap overlap) {
        return nms(candidates, Candidate::box, Candidate::score, threshold, overlap);
    }

    /** The overlap of two edge-inclusive boxes. */
    static double overlap(FaceBox a, FaceBox b, Overlap mode) {
        double w = Math.max(0, Math.min(a.x2(), b.x2()) - Math.max(a.x1(), b.x1()) + 1);
        double h = Math.max(0, Math.min(a.y2(), b.y2()) - Math.max(a.y1(), b.y1()) + 1);
        double inter = w * h;
        double denominator = mode == Overlap.MIN ? Math.min(a.area(), b.area()) : a.area() + b.area() - inter;
        return denominator > 0 ? inter / denominator : 0;
    }

    /**
     * Moves each corner by its offset times the box size. The authors measure the size as
     * {@code x2 − x1 + 1} after R-Net and O-Net but as {@code x2 − x1} after P-Net
     * ({@code edgeInclusive} false); both are kept so the boxes match theirs.
     */
    static FaceBox regress(FaceBox box, Regression r, boolean edgeInclusive) {
        double w = box.x2() - box.x1() + (edgeInclusive ? 1 : 0);
        double h = box.y2() - box.y1() + (edgeInclusive ? 1 : 0);
        return new FaceBox(box.x1() + r.dx1() * w, box.y1() + r.dy1() * h, box.x2() + r.dx2() * w,
                box.y2() + r.dy2() * h);
    }

    /** Regressed, squared and truncated to whole pixels: the crops the next network sees. */
    static List<Candidate> forNextStage(List<Candidate> kept, boolean edgeInclusive) {
        List<Candidate> next = new ArrayList<>(kept.size());
        for (Candidate c : kept) {
            FaceBox box = truncate(square(regress(c.box(), c.regression(), edgeInclusive)));
            next.add(new Candidate(box, c.score(), Regression.NONE));
        }
        return next;
    }

    /** The square with the box's centre and its longer side (the next network takes square crops). */
    static FaceBox square(FaceBox box) {
        double w = box.x2() - box.x1();
        double h = box.y2() - box.y1();
        double side = Math.max(w, h);
        double x1 = box.x1() + w * 0.5 - side * 0.5;
        double y1 = box.y1() + h * 0.5 - side * 0.5;
        return new FaceBox(x1, y1, x1 + side, y1 + side);
    }

    /** Whole pixels, rounding toward zero as MATLAB's {@code fix}. */
    static FaceBox truncate(FaceBox box) {
        return new FaceBox(fix(box.x1()), fix(box.y1()), fix(box.x2()), fix(box.y2()));
    }

    private static double fix(double v) {
        return v < 0 ? Math.ceil(v) : Math.floor(v);
    }
}
