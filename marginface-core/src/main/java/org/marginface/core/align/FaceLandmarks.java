package org.marginface.core.align;

import java.util.List;
import java.util.Objects;

/**
 * The five facial landmarks alignment works from, in pixel coordinates of the image they were found
 * in. "Left" and "right" are as seen in the image: the left eye is the one with the smaller x in an
 * upright face (the subject's right eye), the order of the SphereFace/MTCNN five points.
 *
 * <p>Construction rejects points that cannot define a similarity transform, so that a bad row of a
 * landmark file fails where it is read and not as a black or garbled crop later: every coordinate
 * must be finite, and the points must spread at least {@link #MIN_SPREAD} pixels around their centroid
 * (five identical points leave scale and rotation undetermined; a sub-pixel spread is no face).
 */
public record FaceLandmarks(Point leftEye, Point rightEye, Point nose, Point leftMouth, Point rightMouth) {

    /** Number of landmarks. */
    public static final int COUNT = 5;

    /** The least root-mean-square distance of the points from their centroid, in pixels. */
    public static final double MIN_SPREAD = 1.0;

    private static final String[] NAMES = {"left eye", "right eye", "nose", "left mouth corner", "right mouth corner"};

    public FaceLandmarks {
        List<Point> points = List.of(
                Objects.requireNonNull(leftEye, "leftEye"),
                Objects.requireNonNull(rightEye, "rightEye"),
                Objects.requireNonNull(nose, "nose"),
                Objects.requireNonNull(leftMouth, "leftMouth"),
                Objects.requireNonNull(rightMouth, "rightMouth"));
        for (int i = 0; i < COUNT; i++) {
            if (!points.get(i).isFinite()) {
                throw new InvalidLandmarksException("non-finite landmark: " + NAMES[i] + " at " + points.get(i));
            }
        }
        double spread = spread(points);
        if (!(spread >= MIN_SPREAD)) {
            throw new InvalidLandmarksException(String.format(java.util.Locale.ROOT,
                    "degenerate landmarks: the five points lie within %.3g px of their centroid (root mean square),"
                            + " at least %.1f px is needed to fix scale and rotation", spread, MIN_SPREAD));
        }
    }

    /** The landmarks from ten numbers {@code x1 y1 x2 y2 … x5 y5}, in the order of the record's components. */
    public static FaceLandmarks of(double... xy) {
        if (xy.length != 2 * COUNT) {
            throw new InvalidLandmarksException("expected " + 2 * COUNT + " coordinates (5 points), got " + xy.length);
        }
        return new FaceLandmarks(new Point(xy[0], xy[1]), new Point(xy[2], xy[3]), new Point(xy[4], xy[5]),
                new Point(xy[6], xy[7]), new Point(xy[8], xy[9]));
    }

    /** The five points in order: left eye, right eye, nose, left mouth corner, right mouth corner. */
    public List<Point> points() {
        return List.of(leftEye, rightEye, nose, leftMouth, rightMouth);
    }

    /** The same landmarks moved by (dx, dy). */
    public FaceLandmarks translate(double dx, double dy) {
        return new FaceLandmarks(shift(leftEye, dx, dy), shift(rightEye, dx, dy), shift(nose, dx, dy),
                shift(leftMouth, dx, dy), shift(rightMouth, dx, dy));
    }

    private static Point shift(Point p, double dx, double dy) {
        return new Point(p.x() + dx, p.y() + dy);
    }

    /** Root-mean-square distance of the points from their centroid. */
    static double spread(List<Point> points) {
        double mx = 0;
        double my = 0;
        for (Point p : points) {
            mx += p.x();
            my += p.y();
        }
        mx /= points.size();
        my /= points.size();
        double sum = 0;
        for (Point p : points) {
            double dx = p.x() - mx;
            double dy = p.y() - my;
            sum += dx * dx + dy * dy;
        }
        return Math.sqrt(sum / points.size());
    }
}
