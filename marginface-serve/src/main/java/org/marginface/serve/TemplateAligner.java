package org.marginface.serve;

import java.awt.image.BufferedImage;
import org.marginface.core.align.AlignmentTemplate;
import org.marginface.core.align.FaceAligner;
import org.marginface.core.align.FaceLandmarks;

/**
 * Raw photos aligned by the core's five-point alignment ({@link FaceAligner}) onto the template of the
 * model's input size, the same code that made the training and test crops.
 */
public final class TemplateAligner implements LandmarkAligner {

    @Override
    public BufferedImage align(BufferedImage photo, double[] landmarks, int height, int width) {
        // fromLabel and FaceLandmarks throw IllegalArgumentException for what cannot be aligned
        AlignmentTemplate template = AlignmentTemplate.fromLabel(height + "x" + width);
        return new FaceAligner(template).align(photo, FaceLandmarks.of(landmarks));
    }
}
