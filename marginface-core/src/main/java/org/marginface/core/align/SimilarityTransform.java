package org.marginface.core.align;

import java.util.List;

/**
 * A similarity transform of the plane: rotation, uniform scale and translation, never a reflection.
 * It maps (x, y) to {@code (a x - b y + tx, b x + a y + ty)}; the linear part {@code [[a, -b], [b, a]]}
 * is a rotation by {@code atan2(b, a)} times a scale {@code hypot(a, b)}, whose determinant
 * {@code a² + b²} is never negative, so no choice of parameters mirrors the image.
 */
public record SimilarityTransform(double a, double b, double tx, double ty) {

    public SimilarityTransform {
        if (!(Double.isFinite(a) && Double.isFinite(b) && Double.isFinite(tx) && Double.isFinite(ty))) {
            throw new IllegalArgumentException("non-finite similarity transform " + a + ", " + b + ", " + tx + ", " + ty);
        }
    }

    /** Rotation by {@code angle} radians (counter-clockwise in x-right/y-up axes), then scaling, then translation. */
    public static SimilarityTransform of(double scale, double angle, double tx, double ty) {
        return new SimilarityTransform(scale * Math.cos(angle), scale * Math.sin(angle), tx, ty);
    }

    /**
     * The similarity transform that maps {@code src} onto {@code dst} with the least sum of squared
     * distances. Because the transform is linear in (a, b, tx, ty), this is a linear least-squares
     * problem with a closed form: with both point sets centred on their centroids,
     * {@code a = Σ(x·x' + y·y') / Σ(x² + y²)} and {@code b = Σ(x·y' − y·x') / Σ(x² + y²)}, and the
     * translation carries the source centroid onto the destination centroid. It is the same optimum as
     * Umeyama's (1991) rotation-constrained solution, since every rotation-with-scale is some (a, b).
     *
     * @throws InvalidLandmarksException when the source points all coincide (scale and rotation are then undetermined)
     */
    public static SimilarityTransform estimate(List<Point> src, List<Point> dst) {
        if (src.size() != dst.size()) {
            throw new IllegalArgumentException("need as many source as destination points: " + src.size() + " vs " + dst.size());
        }
        if (src.size() < 2) {
            throw new IllegalArgumentException("need at least 2 point pairs to fix a similarity transform, got " + src.size());
        }
        int n = src.size();
        double sx = 0, sy = 0, dx = 0, dy = 0;
        for (int i = 0; i < n; i++) {
            sx += src.get(i).x();
            sy += src.get(i).y();
            dx += dst.get(i).x();
            dy += dst.get(i).y();
        }
        sx /= n;
        sy /= n;
        dx /= n;
        dy /= n;
        double norm = 0, dot = 0, cross = 0;
        for (int i = 0; i < n; i++) {
            double x = src.get(i).x() - sx;
            double y = src.get(i).y() - sy;
            double u = dst.get(i).x() - dx;
            double v = dst.get(i).y() - dy;
            norm += x * x + y * y;
            dot += x * u + y * v;
            cross += x * v - y * u;
        }
        // relative to the points' magnitude, so that coordinates in the thousands are not called degenerate
        double magnitude = Math.max(1.0, sx * sx + sy * sy) * n;
        if (!(norm > 1e-18 * magnitude)) {
            throw new InvalidLandmarksException("degenerate source points: all " + n
                    + " coincide, so a similarity transform is undetermined");
        }
        double a = dot / norm;
        double b = cross / norm;
        return new SimilarityTransform(a, b, dx - (a * sx - b * sy), dy - (b * sx + a * sy));
    }

    /** The image of {@code p}. */
    public Point apply(Point p) {
        return new Point(a * p.x() - b * p.y() + tx, b * p.x() + a * p.y() + ty);
    }

    /** The uniform scale factor, {@code hypot(a, b)}. */
    public double scale() {
        return Math.hypot(a, b);
    }

    /** The rotation angle in radians, in (−π, π]. */
    public double angle() {
        return Math.atan2(b, a);
    }

    /** The determinant of the linear part, {@code a² + b²}: positive for every transform, i.e. no reflection. */
    public double determinant() {
        return a * a + b * b;
    }

    /** The transform that undoes this one. */
    public SimilarityTransform inverse() {
        double det = determinant();
        if (!(det > 0)) {
            throw new IllegalStateException("a transform of scale 0 has no inverse");
        }
        // the inverse of s·R(θ) is (1/s)·R(−θ): (a, b) / (a² + b²) with b negated
        double ia = a / det;
        double ib = -b / det;
        return new SimilarityTransform(ia, ib, -(ia * tx - ib * ty), -(ib * tx + ia * ty));
    }
}
