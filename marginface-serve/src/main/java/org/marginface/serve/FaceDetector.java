package org.marginface.serve;

import java.awt.image.BufferedImage;
import java.util.Optional;
import org.marginface.core.detect.DetectedFace;

/**
 * Where a face detector plugs in: given a photo without landmarks and not of the model's input size,
 * it finds the main face (box, score, five landmarks), which is then aligned and embedded and whose
 * box goes back in the answer. Without one such requests get 422 {@code landmarks_required}.
 */
@FunctionalInterface
public interface FaceDetector {

    /** The photo's main face, or empty when there is no face. */
    Optional<DetectedFace> mainFace(BufferedImage photo);
}
