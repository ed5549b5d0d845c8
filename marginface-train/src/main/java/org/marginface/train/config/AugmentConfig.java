package org.marginface.train.config;

/**
 * Training-time image augmentations, all off at zero (the paper uses only the mirror flip). Each is
 * drawn per image from (seed, position in the sample order), as the flip is, so a resumed run sees the
 * same augmented images.
 *
 * @param shift the largest translation in pixels, drawn uniformly in [−shift, shift] on each axis
 *     (borders repeat the edge pixels)
 * @param brightness strength b: pixel values times a factor drawn uniformly in [1 − b, 1 + b]
 * @param contrast strength c: distances from the image's mean grey times a factor in [1 − c, 1 + c]
 * @param saturation strength s: distances from each pixel's grey times a factor in [1 − s, 1 + s]
 * @param greyscale probability of turning an image grey (R = G = B = luma)
 * @param blur probability of a Gaussian blur
 * @param blurMaxSigma the blur's largest standard deviation in pixels, drawn uniformly from 0.5 to it
 * @param downscale probability of shrinking an image and enlarging it back (a low-resolution face)
 * @param downscaleMin the smallest scale of the shrink, drawn uniformly from it to 1
 */
public record AugmentConfig(
        int shift,
        double brightness,
        double contrast,
        double saturation,
        double greyscale,
        double blur,
        double blurMaxSigma,
        double downscale,
        double downscaleMin) {

    /** Every augmentation off. */
    public static final AugmentConfig NONE = new AugmentConfig(0, 0, 0, 0, 0, 0, 1.5, 0, 0.5);

    public AugmentConfig {
        Checks.nonNegative("data.augment.shift", shift);
        if (shift > 16) {
            throw new IllegalArgumentException("data.augment.shift: at most 16 pixels, got " + shift);
        }
        strength("data.augment.brightness", brightness);
        strength("data.augment.contrast", contrast);
        strength("data.augment.saturation", saturation);
        Checks.fraction("data.augment.greyscale", greyscale);
        Checks.fraction("data.augment.blur", blur);
        if (!(blurMaxSigma >= 0.5 && blurMaxSigma <= 5)) {
            throw new IllegalArgumentException("data.augment.blurMaxSigma: must be between 0.5 and 5 pixels, got "
                    + blurMaxSigma);
        }
        Checks.fraction("data.augment.downscale", downscale);
        if (!(downscaleMin >= 0.1 && downscaleMin < 1)) {
            throw new IllegalArgumentException("data.augment.downscaleMin: must be at least 0.1 and below 1, got "
                    + downscaleMin);
        }
    }

    /** Whether any augmentation is on. */
    public boolean any() {
        return shift > 0 || brightness > 0 || contrast > 0 || saturation > 0 || greyscale > 0 || blur > 0
                || downscale > 0;
    }

    private static void strength(String key, double value) {
        // a factor range reaching 0 would black out (or flatten) an image entirely
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(key + ": must be at least 0 and below 1, got " + value);
        }
    }
}
