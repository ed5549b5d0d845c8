package org.marginface.serve;

import java.awt.image.BufferedImage;

/**
 * The seam between the service and face alignment: a raw photo and five landmarks in, a crop of the
 * model's input size out. Landmarks are {@code x1 y1 … x5 y5}: left eye, right eye, nose tip, left
 * and right mouth corner, in the photo's pixel coordinates.
 */
@FunctionalInterface
public interface LandmarkAligner {

    /**
     * The aligned crop.
     *
     * @throws IllegalArgumentException when the landmarks cannot define an alignment
     */
    BufferedImage align(BufferedImage photo, double[] landmarks, int height, int width);

    /** For a build without alignment: every request with landmarks is answered 501. */
    static LandmarkAligner unavailable() {
        return (photo, landmarks, height, width) -> {
            throw new ApiException(501, "alignment_unavailable",
                    "this build cannot align raw photos; send crops aligned to " + height + "x" + width);
        };
    }
}
