package org.marginface.eval;

import com.fasterxml.jackson.annotation.JsonValue;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Image degradations for the feature-norm study, each with a level; every one returns a new RGB
 * image of the input's size and leaves the input alone.
 */
public enum Degradation {

    /**
     * Lost resolution: the image is shrunk to {@code level} of its width and height (area average,
     * as a camera sensor integrates light) and enlarged back (bilinear). Level 1 keeps it as it is.
     */
    RESOLUTION("fraction of the side kept", List.of(1.0, 0.75, 0.5, 0.35, 0.25, 0.15, 0.1)) {
        @Override
        public BufferedImage apply(BufferedImage image, double level) {
            if (!(level > 0 && level <= 1)) {
                throw new IllegalArgumentException("a resolution level is a fraction in (0, 1], got " + level);
            }
            Planes planes = Planes.of(image);
            if (level == 1) {
                return planes.toImage();
            }
            int width = Math.max(1, (int) Math.round(planes.width * level));
            int height = Math.max(1, (int) Math.round(planes.height * level));
            return planes.areaResize(width, height).bilinearResize(planes.width, planes.height).toImage();
        }
    },

    /** Out of focus: a Gaussian blur of standard deviation {@code level} pixels; 0 keeps the image. */
    BLUR("Gaussian sigma in pixels", List.of(0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0)) {
        @Override
        public BufferedImage apply(BufferedImage image, double level) {
            if (!(level >= 0)) {
                throw new IllegalArgumentException("a blur sigma must be at least 0, got " + level);
            }
            Planes planes = Planes.of(image);
            return (level == 0 ? planes : planes.gaussianBlur(level)).toImage();
        }
    },

    /** Compression: re-encoded as JPEG at quality {@code level} (1..100) and decoded again. */
    JPEG("JPEG quality", List.of(100.0, 75.0, 50.0, 30.0, 20.0, 10.0, 5.0)) {
        @Override
        public BufferedImage apply(BufferedImage image, double level) {
            if (!(level >= 1 && level <= 100)) {
                throw new IllegalArgumentException("a JPEG quality lies in 1..100, got " + level);
            }
            BufferedImage rgb = Planes.of(image).toImage();
            ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
                ImageWriteParam param = writer.getDefaultWriteParam();
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality((float) (level / 100));
                writer.setOutput(out);
                writer.write(null, new IIOImage(rgb, null, null), param);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                writer.dispose();
            }
            try {
                return Planes.of(ImageIO.read(new ByteArrayInputStream(bytes.toByteArray()))).toImage();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    private final String levelMeaning;
    private final List<Double> defaultLevels;

    Degradation(String levelMeaning, List<Double> defaultLevels) {
        this.levelMeaning = levelMeaning;
        this.defaultLevels = defaultLevels;
    }

    /** The degraded copy of {@code image} at {@code level}. */
    public abstract BufferedImage apply(BufferedImage image, double level);

    /** The name used on the command line and in reports. */
    @JsonValue
    public String label() {
        return EnumLabels.label(this);
    }

    /** The degradation named {@code label}, case-insensitively. */
    public static Degradation parse(String label) {
        return EnumLabels.parse(Degradation.class, label);
    }

    /** What the level measures, for axis titles. */
    public String levelMeaning() {
        return levelMeaning;
    }

    /** Levels from none to severe, for 112x96 faces. */
    public List<Double> defaultLevels() {
        return defaultLevels;
    }

    /** An image as three float planes, for filters that must not round between passes. */
    private static final class Planes {
        final int width;
        final int height;
        final float[][] rgb;

        private Planes(int width, int height, float[][] rgb) {
            this.width = width;
            this.height = height;
            this.rgb = rgb;
        }

        static Planes of(BufferedImage image) {
            int w = image.getWidth();
            int h = image.getHeight();
            int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
            float[][] rgb = new float[3][w * h];
            for (int i = 0; i < argb.length; i++) {
                rgb[0][i] = (argb[i] >> 16) & 0xff;
                rgb[1][i] = (argb[i] >> 8) & 0xff;
                rgb[2][i] = argb[i] & 0xff;
            }
            return new Planes(w, h, rgb);
        }

        BufferedImage toImage() {
            BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            int[] argb = new int[width * height];
            for (int i = 0; i < argb.length; i++) {
                argb[i] = (channel(rgb[0][i]) << 16) | (channel(rgb[1][i]) << 8) | channel(rgb[2][i]);
            }
            out.setRGB(0, 0, width, height, argb, 0, width);
            return out;
        }

        private static int channel(float v) {
            return Math.max(0, Math.min(255, Math.round(v)));
        }

        /** Each output pixel the average of the input area it covers, partial pixels weighted. */
        Planes areaResize(int newWidth, int newHeight) {
            return resize(newWidth, newHeight, Planes::areaWeights);
        }

        /** Bilinear interpolation between pixel centres, edges clamped. */
        Planes bilinearResize(int newWidth, int newHeight) {
            return resize(newWidth, newHeight, Planes::bilinearWeights);
        }

        Planes gaussianBlur(double sigma) {
            int radius = (int) Math.ceil(3 * sigma);
            double[] kernel = new double[2 * radius + 1];
            double sum = 0;
            for (int i = -radius; i <= radius; i++) {
                kernel[i + radius] = Math.exp(-i * i / (2 * sigma * sigma));
                sum += kernel[i + radius];
            }
            for (int i = 0; i < kernel.length; i++) {
                kernel[i] /= sum;
            }
            return resize(width, height, (in, out) -> convolutionWeights(in, kernel));
        }

        /** Separable resampling: weights[o][i] is how much input i contributes to output o. */
        private Planes resize(int newWidth, int newHeight, WeightRule rule) {
            double[][] across = rule.weights(width, newWidth);
            double[][] down = rule.weights(height, newHeight);
            float[][] out = new float[3][];
            for (int c = 0; c < 3; c++) {
                float[] rows = new float[newWidth * height];
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < newWidth; x++) {
                        double v = 0;
                        for (int i = 0; i < width; i++) {
                            if (across[x][i] != 0) {
                                v += across[x][i] * rgb[c][y * width + i];
                            }
                        }
                        rows[y * newWidth + x] = (float) v;
                    }
                }
                out[c] = new float[newWidth * newHeight];
                for (int y = 0; y < newHeight; y++) {
                    for (int x = 0; x < newWidth; x++) {
                        double v = 0;
                        for (int i = 0; i < height; i++) {
                            if (down[y][i] != 0) {
                                v += down[y][i] * rows[i * newWidth + x];
                            }
                        }
                        out[c][y * newWidth + x] = (float) v;
                    }
                }
            }
            return new Planes(newWidth, newHeight, out);
        }

        private interface WeightRule {
            double[][] weights(int in, int out);
        }

        private static double[][] areaWeights(int in, int out) {
            double[][] w = new double[out][in];
            double scale = in / (double) out;
            for (int o = 0; o < out; o++) {
                double start = o * scale;
                double end = (o + 1) * scale;
                for (int i = (int) Math.floor(start); i < Math.min(in, (int) Math.ceil(end)); i++) {
                    double overlap = Math.min(end, i + 1) - Math.max(start, i);
                    if (overlap > 0) {
                        w[o][i] = overlap / scale;
                    }
                }
            }
            return w;
        }

        private static double[][] bilinearWeights(int in, int out) {
            double[][] w = new double[out][in];
            double scale = in / (double) out;
            for (int o = 0; o < out; o++) {
                double position = Math.max(0, Math.min(in - 1, (o + 0.5) * scale - 0.5));
                int left = (int) Math.floor(position);
                int right = Math.min(in - 1, left + 1);
                double fraction = position - left;
                w[o][left] += 1 - fraction;
                w[o][right] += fraction;
            }
            return w;
        }

        private static double[][] convolutionWeights(int size, double[] kernel) {
            int radius = kernel.length / 2;
            double[][] w = new double[size][size];
            for (int o = 0; o < size; o++) {
                for (int k = -radius; k <= radius; k++) {
                    int i = Math.max(0, Math.min(size - 1, o + k));
                    w[o][i] += kernel[k + radius];
                }
            }
            return w;
        }
    }
}
