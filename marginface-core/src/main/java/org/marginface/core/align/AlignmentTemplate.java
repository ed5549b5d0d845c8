package org.marginface.core.align;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Where the five landmarks go in an aligned crop, and the crop's size. The points are in the
 * crop's pixel coordinates (centre of the top-left pixel at (0, 0)).
 */
public enum AlignmentTemplate {

    /** The SphereFace / AM-Softmax crop: 112 high, 96 wide; the paper's and the reference crops' template. */
    SPHEREFACE_112X96("112x96", 96, 112, FaceLandmarks.of(
            30.2946, 51.6963, 65.5318, 51.5014, 48.0252, 71.7366, 33.5493, 92.3655, 62.7299, 92.2041)),

    /** The common square crop (insightface / ArcFace): the same points moved 8 px right in a 112x112 frame. */
    SQUARE_112X112("112x112", 112, 112, SPHEREFACE_112X96.landmarks.translate(8, 0));

    private final String label;
    private final int width;
    private final int height;
    private final FaceLandmarks landmarks;

    AlignmentTemplate(String label, int width, int height, FaceLandmarks landmarks) {
        this.label = label;
        this.width = width;
        this.height = height;
        this.landmarks = landmarks;
    }

    /** The name used on the command line: {@code HEIGHTxWIDTH}, e.g. {@code 112x96}. */
    public String label() {
        return label;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The five target points in crop pixel coordinates. */
    public FaceLandmarks landmarks() {
        return landmarks;
    }

    /** The template named {@code HEIGHTxWIDTH} (e.g. {@code 112x96}); case-insensitive. */
    public static AlignmentTemplate fromLabel(String label) {
        for (AlignmentTemplate t : values()) {
            if (t.label.equalsIgnoreCase(label.trim())) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown alignment template '" + label + "': expected one of "
                + Arrays.stream(values()).map(AlignmentTemplate::label).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return label;
    }
}
