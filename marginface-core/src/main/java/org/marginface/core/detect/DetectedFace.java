package org.marginface.core.detect;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.marginface.core.align.FaceLandmarks;

/**
 * One face found by the detector: its box, O-Net's face probability and the five landmarks (left
 * eye, right eye, nose tip, left mouth corner, right mouth corner, "left" as seen in the image), all
 * in the photo's pixel coordinates.
 */
public record DetectedFace(FaceBox box, double score, FaceLandmarks landmarks) {

    public DetectedFace {
        Objects.requireNonNull(box, "box");
        Objects.requireNonNull(landmarks, "landmarks");
    }

    /**
     * The photo's main face: the largest, with a penalty for distance from the photo's centre (box
     * area minus twice the squared offset of its centre), so a big face at the edge can lose to a
     * slightly smaller one in the middle.
     */
    public static java.util.Optional<DetectedFace> main(List<DetectedFace> faces, int imageWidth, int imageHeight) {
        return faces.stream().max(Comparator.comparingDouble(f -> centrality(f, imageWidth, imageHeight)));
    }

    private static double centrality(DetectedFace face, int imageWidth, int imageHeight) {
        double dx = face.box().centerX() - (imageWidth - 1) / 2.0;
        double dy = face.box().centerY() - (imageHeight - 1) / 2.0;
        return face.box().area() - 2 * (dx * dx + dy * dy);
    }
}
