package org.marginface.serve;

import java.awt.image.BufferedImage;
import java.util.List;
import org.marginface.core.detect.DetectedFace;

/**
 * Where a face detector plugs in: given a photo without landmarks and not of the model's input size,
 * it finds the faces (box, score, five landmarks); the main one is aligned and embedded, and all go
 * back in the answer. Without one such requests get 422 {@code landmarks_required}.
 */
@FunctionalInterface
public interface FaceDetector {

    /** Every face in the photo, in its pixel coordinates (empty when there is none). */
    List<DetectedFace> faces(BufferedImage photo);
}
