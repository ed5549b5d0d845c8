package org.marginface.core.detect;

import java.awt.image.BufferedImage;
import org.marginface.core.image.FaceImages;

/**
 * An RGB image as three float planes (R, G, B, each row-major, values 0..255), the form the detector
 * resamples from.
 */
final class PlanarImage {

    private final int width;
    private final int height;
    private final float[] planes;
    /** Per plane, the sums of all pixels above and left of each grid corner; built on first need. */
    private double[][] integrals;

    PlanarImage(int width, int height, float[] planes) {
        if (width <= 0 || height <= 0 || planes.length != 3 * width * height) {
            throw new IllegalArgumentException("a " + width + "x" + height + " RGB image needs "
                    + 3L * width * height + " values, got " + planes.length);
        }
        this.width = width;
        this.height = height;
        this.planes = planes;
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    float[] planes() {
        return planes;
    }

    /** Grey images come out as three equal planes; alpha is dropped. */
    static PlanarImage of(BufferedImage image) {
        return new PlanarImage(image.getWidth(), image.getHeight(), FaceImages.toPlanes(image, 0, 1));
    }

    /**
     * Resamples the {@code regionWidth} x {@code regionHeight} window whose top-left pixel is
     * ({@code left}, {@code top}) (0-based; it may extend past the image, where pixels count as 0, the
     * authors' zero padding) to {@code outWidth} x {@code outHeight}: planar RGB, row-major.
     *
     * <p>Shrinking averages each output pixel's footprint (area resampling: the pyramid goes down to
     * a few percent of the photo, and point sampling would alias); enlarging interpolates bilinearly
     * between pixel centres.
     */
    float[] resample(int left, int top, int regionWidth, int regionHeight, int outWidth, int outHeight) {
        if (regionWidth > outWidth && regionHeight > outHeight) {
            return shrink(left, top, regionWidth, regionHeight, outWidth, outHeight);
        }
        return resampleSeparable(left, top, regionWidth, regionHeight, outWidth, outHeight);
    }

    /**
     * Area resampling in constant time per output pixel: the integral of the image (pixels as
     * constant unit squares) is bilinear inside each pixel, so interpolating the summed-area table
     * at a footprint's fractional corners gives its exact sum. Without this, cropping thousands of
     * candidate boxes from a large photo cost seconds.
     */
    private float[] shrink(int left, int top, int regionWidth, int regionHeight, int outWidth, int outHeight) {
        double[][] sums = integrals();
        double sx = (double) regionWidth / outWidth;
        double sy = (double) regionHeight / outHeight;
        double area = sx * sy;
        float[] out = new float[3 * outWidth * outHeight];
        double[] xs = new double[outWidth + 1];
        for (int o = 0; o <= outWidth; o++) {
            xs[o] = Math.max(0, Math.min(width, left + o * sx));
        }
        for (int c = 0; c < 3; c++) {
            double[] sat = sums[c];
            int base = c * outWidth * outHeight;
            for (int oy = 0; oy < outHeight; oy++) {
                double y0 = Math.max(0, Math.min(height, top + oy * sy));
                double y1 = Math.max(0, Math.min(height, top + (oy + 1) * sy));
                for (int ox = 0; ox < outWidth; ox++) {
                    double x0 = xs[ox];
                    double x1 = xs[ox + 1];
                    double sum = integral(sat, x1, y1) - integral(sat, x0, y1) - integral(sat, x1, y0) + integral(sat, x0, y0);
                    out[base + oy * outWidth + ox] = (float) (sum / area);
                }
            }
        }
        return out;
    }

    /** The image's integral over [0, x) x [0, y), for x in [0, width], y in [0, height]. */
    private double integral(double[] sat, double x, double y) {
        int i = Math.min((int) x, width - 1);
        int j = Math.min((int) y, height - 1);
        double fx = x - i;
        double fy = y - j;
        int stride = width + 1;
        int at = j * stride + i;
        double top = sat[at] + fx * (sat[at + 1] - sat[at]);
        double bottom = sat[at + stride] + fx * (sat[at + stride + 1] - sat[at + stride]);
        return top + fy * (bottom - top);
    }

    private double[][] integrals() {
        if (integrals == null) {
            int stride = width + 1;
            double[][] sums = new double[3][];
            for (int c = 0; c < 3; c++) {
                double[] sat = new double[stride * (height + 1)];
                int base = c * width * height;
                for (int y = 0; y < height; y++) {
                    double row = 0;
                    for (int x = 0; x < width; x++) {
                        row += planes[base + y * width + x];
                        sat[(y + 1) * stride + x + 1] = sat[y * stride + x + 1] + row;
                    }
                }
                sums[c] = sat;
            }
            integrals = sums;
        }
        return integrals;
    }

    /** Per axis: footprint averaging when shrinking, bilinear between pixel centres when enlarging. */
    float[] resampleSeparable(int left, int top, int regionWidth, int regionHeight, int outWidth, int outHeight) {
        Taps xs = Taps.of(regionWidth, outWidth);
        Taps ys = Taps.of(regionHeight, outHeight);
        float[] out = new float[3 * outWidth * outHeight];
        float[] rows = new float[regionHeight * outWidth];
        int plane = width * height;
        for (int c = 0; c < 3; c++) {
            int base = c * plane;
            // horizontal pass over every region row that lies inside the image
            java.util.Arrays.fill(rows, 0f);
            for (int ry = 0; ry < regionHeight; ry++) {
                int y = top + ry;
                if (y < 0 || y >= height) {
                    continue;
                }
                int rowBase = base + y * width;
                for (int ox = 0; ox < outWidth; ox++) {
                    double sum = 0;
                    int start = xs.start[ox];
                    double[] weights = xs.weights[ox];
                    for (int k = 0; k < weights.length; k++) {
                        int x = left + start + k;
                        if (x >= 0 && x < width) {
                            sum += weights[k] * planes[rowBase + x];
                        }
                    }
                    rows[ry * outWidth + ox] = (float) sum;
                }
            }
            int outBase = c * outWidth * outHeight;
            for (int oy = 0; oy < outHeight; oy++) {
                int start = ys.start[oy];
                double[] weights = ys.weights[oy];
                for (int ox = 0; ox < outWidth; ox++) {
                    double sum = 0;
                    for (int k = 0; k < weights.length; k++) {
                        sum += weights[k] * rows[(start + k) * outWidth + ox];
                    }
                    out[outBase + oy * outWidth + ox] = (float) sum;
                }
            }
        }
        return out;
    }

    /** Per output pixel along one axis: the first input index and the weights of consecutive inputs. */
    static final class Taps {

        final int[] start;
        final double[][] weights;

        private Taps(int[] start, double[][] weights) {
            this.start = start;
            this.weights = weights;
        }

        static Taps of(int in, int out) {
            if (in <= 0 || out <= 0) {
                throw new IllegalArgumentException("cannot resample " + in + " pixels to " + out);
            }
            int[] start = new int[out];
            double[][] weights = new double[out][];
            double scale = (double) in / out;
            for (int o = 0; o < out; o++) {
                if (scale > 1) {
                    // footprint [o·scale, (o+1)·scale) in input pixels, each pixel weighted by its overlap
                    double from = o * scale;
                    double to = Math.min(in, (o + 1) * scale);
                    int first = (int) Math.floor(from);
                    int last = Math.min(in - 1, (int) Math.ceil(to) - 1);
                    double[] w = new double[last - first + 1];
                    for (int i = first; i <= last; i++) {
                        w[i - first] = (Math.min(to, i + 1) - Math.max(from, i)) / scale;
                    }
                    start[o] = first;
                    weights[o] = w;
                } else {
                    // centres aligned: output centre o + 0.5 sits at input (o + 0.5)·scale
                    double centre = Math.max(0, (o + 0.5) * scale - 0.5);
                    int i0 = Math.min(in - 1, (int) Math.floor(centre));
                    int i1 = Math.min(in - 1, i0 + 1);
                    double f = centre - i0;
                    if (i1 == i0) {
                        start[o] = i0;
                        weights[o] = new double[] {1};
                    } else {
                        start[o] = i0;
                        weights[o] = new double[] {1 - f, f};
                    }
                }
            }
            return new Taps(start, weights);
        }
    }
}
