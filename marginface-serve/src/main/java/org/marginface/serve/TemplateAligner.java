package org.marginface.serve;

import java.awt.image.BufferedImage;
import org.marginface.core.align.AlignmentTemplate;
import org.marginface.core.align.FaceAligner;
import org.marginface.core.align.FaceLandmarks;

/**
 * Raw photos aligned by the core's five-point alignment ({@link FaceAligner}) onto the model's template,
 * the same code that made the training and test crops.
 */
public final class TemplateAligner implements LandmarkAligner {

    @Override
    public BufferedImage align(BufferedImage photo, double[] landmarks, AlignmentTemplate template) {
        // FaceLandmarks and the aligner throw IllegalArgumentException for what cannot be aligned
        return new FaceAligner(template).align(photo, FaceLandmarks.of(landmarks));
    }
}
