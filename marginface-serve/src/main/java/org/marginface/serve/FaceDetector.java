package org.marginface.serve;

import java.awt.image.BufferedImage;
import java.util.Optional;

/**
 * Where a face detector plugs in (a later issue): given a photo without landmarks and not of the
 * model's input size, it finds the main face's five landmarks. Without one such requests get 422.
 */
@FunctionalInterface
public interface FaceDetector {

    /** The five landmarks {@code x1 y1 … x5 y5} of the main face, or empty when there is no face. */
    Optional<double[]> landmarks(BufferedImage photo);
}
