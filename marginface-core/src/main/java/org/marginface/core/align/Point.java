package org.marginface.core.align;

/**
 * A point in an image's pixel coordinates: {@code x} to the right, {@code y} down, the centre of the
 * top-left pixel at (0, 0) (see {@link FaceAligner} for why that convention).
 */
public record Point(double x, double y) {

    /** Whether both coordinates are finite (neither NaN nor infinite). */
    public boolean isFinite() {
        return Double.isFinite(x) && Double.isFinite(y);
    }

    @Override
    public String toString() {
        return "(" + x + ", " + y + ")";
    }
}
