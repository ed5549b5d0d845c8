package org.marginface.train.data;

import java.nio.file.Path;
import java.util.Locale;
import org.marginface.core.image.BadImageException;

/**
 * Which images {@code data.resize: true} may scale to the backbone's input: a face crop whose shape is
 * near the input's. A 1x1 image or a 4000x300 banner scaled to 112x96 is noise with a label, so such
 * an image is skipped and listed as a bad file instead. The bounds: the aspect ratio (width / height)
 * within a factor of {@value #MAX_ASPECT_FACTOR} of the input's (112x112 into 112x96 is 1.17), and each
 * side at least 1/{@value #MIN_SIDE_DIVISOR} of the input's.
 */
public final class ResizeBounds {

    public static final double MAX_ASPECT_FACTOR = 1.5;
    public static final int MIN_SIDE_DIVISOR = 4;

    private ResizeBounds() {}

    /**
     * @throws BadImageException when an image of {@code height x width} is beyond the bounds for an
     *     input of {@code inputHeight x inputWidth}
     */
    public static void check(Path file, int height, int width, int inputHeight, int inputWidth) throws BadImageException {
        if (height * MIN_SIDE_DIVISOR < inputHeight || width * MIN_SIDE_DIVISOR < inputWidth) {
            throw new BadImageException(file.toString(), BadImageException.Kind.UNSUPPORTED, String.format(Locale.ROOT,
                    "%dx%d (height x width) is too small to scale to %dx%d: data.resize takes sides of at least 1/%d of "
                            + "the input's", height, width, inputHeight, inputWidth, MIN_SIDE_DIVISOR));
        }
        double factor = ((double) width / height) / ((double) inputWidth / inputHeight);
        if (factor > MAX_ASPECT_FACTOR || factor < 1 / MAX_ASPECT_FACTOR) {
            throw new BadImageException(file.toString(), BadImageException.Kind.UNSUPPORTED, String.format(Locale.ROOT,
                    "%dx%d (height x width) is too far from the input's shape %dx%d to scale: data.resize takes "
                            + "aspect ratios within a factor of %s of the input's, this one is %.2f times it",
                    height, width, inputHeight, inputWidth, MAX_ASPECT_FACTOR, factor));
        }
    }
}
