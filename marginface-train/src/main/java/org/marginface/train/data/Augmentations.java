package org.marginface.train.data;

import java.util.SplittableRandom;
import org.marginface.train.config.AugmentConfig;
import org.marginface.train.config.ExperimentConfig;

/**
 * The data augmentations of {@link AugmentConfig} on interleaved RGB bytes, before the model's
 * normalisation. What is done to an image is a pure function of (seed, position in the sample order),
 * as the mirror flip is ({@link SampleOrder#mirroredAt}), so it never depends on which worker thread
 * builds the batch, and a resumed run sees the images an uninterrupted one would. Thread-safe.
 *
 * <p>Order: shift, down-scaling, blur, brightness, contrast, saturation, grey-scale. Every image draws
 * all its parameters in one fixed sequence whether or not an augmentation is on, so turning one on does
 * not change the draws of another.
 */
public final class Augmentations {

    /** Leaves every image as it is. */
    public static final Augmentations NONE = new Augmentations(AugmentConfig.NONE, 0);

    private static final long STREAM = 0xBB67AE8584CAA73BL;
    private static final float LUMA_R = 0.299f;
    private static final float LUMA_G = 0.587f;
    private static final float LUMA_B = 0.114f;

    private final AugmentConfig config;
    private final long seed;

    public Augmentations(AugmentConfig config, long seed) {
        this.config = config;
        this.seed = seed;
    }

    /** The augmentations of a config's data section, drawn from its seed. */
    public static Augmentations of(ExperimentConfig config) {
        return new Augmentations(config.data().augment(), config.seed());
    }

    /**
     * What is done to one image; the identity is {@code (0, 0, 1, 1, 1, false, 0, 1)}.
     *
     * @param dx pixels the content moves right (negative: left)
     * @param dy pixels the content moves down (negative: up)
     * @param brightness factor on every value
     * @param contrast factor on the distance from the image's mean grey
     * @param saturation factor on the distance from each pixel's grey
     * @param grey whether the image becomes grey
     * @param blurSigma the Gaussian blur's standard deviation in pixels, 0 for none
     * @param scale the shrink factor of the down-scaling, 1 for none
     */
    public record Draw(int dx, int dy, double brightness, double contrast, double saturation, boolean grey,
            double blurSigma, double scale) {

        public static final Draw IDENTITY = new Draw(0, 0, 1, 1, 1, false, 0, 1);

        public boolean isIdentity() {
            return equals(IDENTITY);
        }
    }

    public boolean any() {
        return config.any();
    }

    /** The augmentation of the image at {@code position} of the sample order. */
    public Draw drawAt(long position) {
        SplittableRandom random = new SplittableRandom(SampleOrder.mix(seed ^ STREAM, position));
        double uDx = random.nextDouble();
        double uDy = random.nextDouble();
        double uBrightness = random.nextDouble();
        double uContrast = random.nextDouble();
        double uSaturation = random.nextDouble();
        double uGrey = random.nextDouble();
        double uBlur = random.nextDouble();
        double uSigma = random.nextDouble();
        double uDownscale = random.nextDouble();
        double uScale = random.nextDouble();
        int s = config.shift();
        return new Draw(
                (int) Math.floor(uDx * (2 * s + 1)) - s,
                (int) Math.floor(uDy * (2 * s + 1)) - s,
                factor(config.brightness(), uBrightness),
                factor(config.contrast(), uContrast),
                factor(config.saturation(), uSaturation),
                uGrey < config.greyscale(),
                uBlur < config.blur() ? 0.5 + uSigma * (config.blurMaxSigma() - 0.5) : 0,
                uDownscale < config.downscale() ? config.downscaleMin() + uScale * (1 - config.downscaleMin()) : 1);
    }

    /** The image at {@code position}, augmented: {@code rgb} itself when nothing is drawn for it. */
    public byte[] apply(byte[] rgb, int height, int width, long position) {
        return any() ? apply(rgb, height, width, drawAt(position)) : rgb;
    }

    /** {@code rgb} ({@code height x width x 3}) with {@code draw} applied, as a new array unless it is the identity. */
    public static byte[] apply(byte[] rgb, int height, int width, Draw draw) {
        if (draw.isIdentity()) {
            return rgb;
        }
        float[] v = shifted(rgb, height, width, draw.dx(), draw.dy());
        if (draw.scale() < 1) {
            int h = Math.max(1, (int) Math.round(height * draw.scale()));
            int w = Math.max(1, (int) Math.round(width * draw.scale()));
            v = Taps.bilinear(h, height).alongY(Taps.bilinear(w, width).alongX(
                    Taps.area(height, h).alongY(Taps.area(width, w).alongX(v, height), w), h), width);
        }
        if (draw.blurSigma() > 0) {
            v = Taps.gaussian(height, draw.blurSigma()).alongY(Taps.gaussian(width, draw.blurSigma()).alongX(v, height), width);
        }
        if (draw.brightness() != 1) {
            for (int i = 0; i < v.length; i++) {
                v[i] = clamp(v[i] * (float) draw.brightness());
            }
        }
        if (draw.contrast() != 1) {
            double sum = 0;
            for (int i = 0; i < v.length; i += 3) {
                sum += luma(v, i);
            }
            float mean = (float) (sum / (v.length / 3));
            float c = (float) draw.contrast();
            for (int i = 0; i < v.length; i++) {
                v[i] = clamp(mean + c * (v[i] - mean));
            }
        }
        if (draw.saturation() != 1 || draw.grey()) {
            float s = draw.grey() ? 0 : (float) draw.saturation();
            for (int i = 0; i < v.length; i += 3) {
                float g = luma(v, i);
                for (int c = 0; c < 3; c++) {
                    v[i + c] = clamp(g + s * (v[i + c] - g));
                }
            }
        }
        byte[] out = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (byte) Math.round(clamp(v[i]));
        }
        return out;
    }

    private static double factor(double strength, double u) {
        return strength > 0 ? 1 - strength + 2 * strength * u : 1;
    }

    /** The image as floats, its content moved by (dx, dy); the border repeats the edge pixels. */
    private static float[] shifted(byte[] rgb, int height, int width, int dx, int dy) {
        float[] out = new float[height * width * 3];
        for (int y = 0; y < height; y++) {
            int sy = Math.min(height - 1, Math.max(0, y - dy));
            for (int x = 0; x < width; x++) {
                int sx = Math.min(width - 1, Math.max(0, x - dx));
                int src = 3 * (sy * width + sx);
                int dst = 3 * (y * width + x);
                out[dst] = rgb[src] & 0xFF;
                out[dst + 1] = rgb[src + 1] & 0xFF;
                out[dst + 2] = rgb[src + 2] & 0xFF;
            }
        }
        return out;
    }

    private static float luma(float[] v, int i) {
        return LUMA_R * v[i] + LUMA_G * v[i + 1] + LUMA_B * v[i + 2];
    }

    private static float clamp(float v) {
        return Math.min(255f, Math.max(0f, v));
    }

    /**
     * A 1-D linear filter from {@code sourceLength} samples to {@code index.length}: output {@code i}
     * is the sum of {@code weight[i][k] · source[index[i][k]]}. Resampling and blurring are both this,
     * applied along x and then along y.
     */
    private record Taps(int sourceLength, int[][] index, float[][] weight) {

        /** Each output the mean of the source interval it covers (a shrink without aliasing). */
        static Taps area(int sourceLength, int length) {
            int[][] index = new int[length][];
            float[][] weight = new float[length][];
            double step = (double) sourceLength / length;
            for (int i = 0; i < length; i++) {
                double from = i * step;
                double to = (i + 1) * step;
                int first = (int) Math.floor(from);
                int last = Math.min(sourceLength - 1, (int) Math.ceil(to) - 1);
                index[i] = new int[last - first + 1];
                weight[i] = new float[last - first + 1];
                for (int j = first; j <= last; j++) {
                    double overlap = Math.min(to, j + 1) - Math.max(from, j);
                    index[i][j - first] = j;
                    weight[i][j - first] = (float) (overlap / step);
                }
            }
            return new Taps(sourceLength, index, weight);
        }

        /** Linear interpolation between pixel centres (an enlargement). */
        static Taps bilinear(int sourceLength, int length) {
            int[][] index = new int[length][];
            float[][] weight = new float[length][];
            double step = (double) sourceLength / length;
            for (int i = 0; i < length; i++) {
                double at = Math.min(sourceLength - 1, Math.max(0, (i + 0.5) * step - 0.5));
                int j = (int) Math.floor(at);
                int next = Math.min(sourceLength - 1, j + 1);
                float t = (float) (at - j);
                index[i] = new int[] {j, next};
                weight[i] = new float[] {1 - t, t};
            }
            return new Taps(sourceLength, index, weight);
        }

        /** A normalised Gaussian of radius ⌈3σ⌉, the border repeating the edge samples. */
        static Taps gaussian(int length, double sigma) {
            int radius = (int) Math.ceil(3 * sigma);
            float[] kernel = new float[2 * radius + 1];
            double sum = 0;
            for (int k = -radius; k <= radius; k++) {
                sum += Math.exp(-k * k / (2 * sigma * sigma));
            }
            for (int k = -radius; k <= radius; k++) {
                kernel[k + radius] = (float) (Math.exp(-k * k / (2 * sigma * sigma)) / sum);
            }
            int[][] index = new int[length][kernel.length];
            float[][] weight = new float[length][];
            for (int i = 0; i < length; i++) {
                for (int k = -radius; k <= radius; k++) {
                    index[i][k + radius] = Math.min(length - 1, Math.max(0, i + k));
                }
                weight[i] = kernel;
            }
            return new Taps(length, index, weight);
        }

        /** Filters each row of an interleaved {@code rows x sourceLength x 3} image. */
        float[] alongX(float[] v, int rows) {
            int length = index.length;
            float[] out = new float[rows * length * 3];
            for (int y = 0; y < rows; y++) {
                int in = y * sourceLength * 3;
                int o = y * length * 3;
                for (int i = 0; i < length; i++) {
                    float r = 0;
                    float g = 0;
                    float b = 0;
                    for (int k = 0; k < index[i].length; k++) {
                        int src = in + 3 * index[i][k];
                        float wk = weight[i][k];
                        r += wk * v[src];
                        g += wk * v[src + 1];
                        b += wk * v[src + 2];
                    }
                    out[o + 3 * i] = r;
                    out[o + 3 * i + 1] = g;
                    out[o + 3 * i + 2] = b;
                }
            }
            return out;
        }

        /** Filters each column of an interleaved {@code sourceLength x columns x 3} image. */
        float[] alongY(float[] v, int columns) {
            int length = index.length;
            int row = columns * 3;
            float[] out = new float[length * row];
            for (int i = 0; i < length; i++) {
                int o = i * row;
                for (int k = 0; k < index[i].length; k++) {
                    int in = index[i][k] * row;
                    float wk = weight[i][k];
                    for (int c = 0; c < row; c++) {
                        out[o + c] += wk * v[in + c];
                    }
                }
            }
            return out;
        }
    }
}
