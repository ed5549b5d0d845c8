package org.marginface.core.align;

import java.util.List;
import java.util.Locale;

/**
 * Where the five landmarks go in an aligned crop, and the crop's size. The points are in the
 * crop's pixel coordinates (centre of the top-left pixel at (0.5, 0.5), see {@link FaceAligner}).
 *
 * @param label the name on the command line, {@code HEIGHTxWIDTH} for the named templates
 */
public record AlignmentTemplate(String label, int width, int height, FaceLandmarks landmarks) {

    /** The SphereFace / AM-Softmax crop: 112 high, 96 wide; the paper's and the reference crops' template. */
    public static final AlignmentTemplate SPHEREFACE_112X96 = new AlignmentTemplate("112x96", 96, 112, FaceLandmarks.of(
            30.2946, 51.6963, 65.5318, 51.5014, 48.0252, 71.7366, 33.5493, 92.3655, 62.7299, 92.2041));

    /** The common square crop (insightface / ArcFace): the same points moved 8 px right in a 112x112 frame. */
    public static final AlignmentTemplate SQUARE_112X112 =
            new AlignmentTemplate("112x112", 112, 112, SPHEREFACE_112X96.landmarks.translate(8, 0));

    private static final List<AlignmentTemplate> NAMED = List.of(SPHEREFACE_112X96, SQUARE_112X112);

    public AlignmentTemplate {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("template size must be positive, got " + height + "x" + width);
        }
    }

    /** The named templates. */
    public static List<AlignmentTemplate> values() {
        return NAMED;
    }

    /** The template named {@code HEIGHTxWIDTH} (e.g. {@code 112x96}); case-insensitive. */
    public static AlignmentTemplate fromLabel(String label) {
        for (AlignmentTemplate t : NAMED) {
            if (t.label.equalsIgnoreCase(label.trim())) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown alignment template '" + label + "': expected one of 112x96, 112x112");
    }

    /**
     * A template of the given size: the named one when its points are {@code points} (or when
     * {@code points} is null), else a custom one labelled with its points.
     */
    public static AlignmentTemplate of(int height, int width, FaceLandmarks points) {
        for (AlignmentTemplate t : NAMED) {
            if (t.height == height && t.width == width && (points == null || t.landmarks.equals(points))) {
                return t;
            }
        }
        if (points == null) {
            throw new IllegalArgumentException("no named alignment template for " + height + "x" + width
                    + ": give the five points");
        }
        return new AlignmentTemplate(height + "x" + width + ":" + coordinates(points), width, height, points);
    }

    /** The ten coordinates {@code x1,y1,...,x5,y5}. */
    public static String coordinates(FaceLandmarks points) {
        StringBuilder sb = new StringBuilder();
        for (Point p : points.points()) {
            sb.append(sb.length() == 0 ? "" : ",").append(String.format(Locale.ROOT, "%s,%s", p.x(), p.y()));
        }
        return sb.toString();
    }

    /**
     * Columns to add on each side of a crop aligned to {@code crop} so that it is exactly a crop of
     * this template (same height, this template's points are {@code crop}'s moved right by that
     * many columns), or -1 when no padding makes it one. 0 when the templates are equal.
     */
    public int paddingOf(AlignmentTemplate crop) {
        if (crop.height != height || crop.width > width || (width - crop.width) % 2 != 0) {
            return -1;
        }
        int pad = (width - crop.width) / 2;
        List<Point> ours = landmarks.points();
        List<Point> theirs = crop.landmarks.points();
        for (int i = 0; i < ours.size(); i++) {
            if (Math.abs(ours.get(i).x() - theirs.get(i).x() - pad) > 1e-3
                    || Math.abs(ours.get(i).y() - theirs.get(i).y()) > 1e-3) {
                return -1;
            }
        }
        return pad;
    }

    @Override
    public String toString() {
        return label;
    }
}
