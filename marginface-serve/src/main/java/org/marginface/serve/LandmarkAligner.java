package org.marginface.serve;

import java.awt.image.BufferedImage;
import org.marginface.core.align.AlignmentTemplate;

/**
 * The seam between the service and face alignment: a raw photo and five landmarks in, a crop on the
 * model's template (its own five points and input size, which an imported model may choose) out ({@link TemplateAligner} in the service; tests may put in another). Landmarks are {@code x1 y1 … x5 y5}: left eye, right eye, nose tip, left
 * and right mouth corner, in the photo's pixel coordinates.
 */
@FunctionalInterface
public interface LandmarkAligner {

    /**
     * The aligned crop.
     *
     * @throws IllegalArgumentException when the landmarks cannot define an alignment
     */
    BufferedImage align(BufferedImage photo, double[] landmarks, AlignmentTemplate template);
}
