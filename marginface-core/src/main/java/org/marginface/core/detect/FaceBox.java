package org.marginface.core.detect;

/**
 * A face box in an image's pixel coordinates: the corners (x1, y1) top-left and (x2, y2)
 * bottom-right. In the detector's output the convention is 0-based pixel centres (the top-left
 * pixel's centre is (0, 0)), and the box spans the pixels x1..x2, y1..y2 inclusive, as in the
 * authors' code.
 */
public record FaceBox(double x1, double y1, double x2, double y2) {

    /** Width counting both edge pixels (the authors' {@code x2 − x1 + 1}). */
    public double width() {
        return x2 - x1 + 1;
    }

    public double height() {
        return y2 - y1 + 1;
    }

    public double area() {
        return width() * height();
    }

    public double centerX() {
        return (x1 + x2) / 2;
    }

    public double centerY() {
        return (y1 + y2) / 2;
    }

    /** The same box moved by (dx, dy). */
    public FaceBox translate(double dx, double dy) {
        return new FaceBox(x1 + dx, y1 + dy, x2 + dx, y2 + dy);
    }
}
