package org.marginface.serve;

import java.util.Locale;

/**
 * What five landmarks sent with a photo must satisfy to be aligned: every point inside the photo,
 * the mouth away from the line of the eyes (else the points are collinear and fix no face), and the
 * face not mirrored (the right eye, as seen in the image, to the right of the left one in the face's
 * own frame). Landmarks failing these gave an empty or mirrored crop, which was enrolled and matched
 * every other empty crop.
 */
final class LandmarkCheck {

    /** Least eye distance, in pixels of the photo: below it the crop is an upscaled blur of a few pixels. */
    static final double MIN_EYE_DISTANCE = 4;
    /**
     * Least distance of the mouth centre from the eye line, as a fraction of the eye distance; about
     * 1.1 in a frontal face, still above 0.5 in a profile the detector finds.
     */
    static final double MIN_MOUTH_DROP = 0.25;

    private LandmarkCheck() {}

    /** Throws a 422 naming {@code field} and the reason when the landmarks cannot be aligned. */
    static void check(String field, double[] xy, int width, int height) {
        String[] names = {"left eye", "right eye", "nose", "left mouth corner", "right mouth corner"};
        for (int i = 0; i < 5; i++) {
            double x = xy[2 * i];
            double y = xy[2 * i + 1];
            if (x < 0 || y < 0 || x > width - 1 || y > height - 1) {
                throw refuse(field, String.format(Locale.ROOT, "the %s (%.1f, %.1f) lies outside the %dx%d photo",
                        names[i], x, y, width, height));
            }
        }
        double ex = xy[2] - xy[0];
        double ey = xy[3] - xy[1];
        double eyes = Math.hypot(ex, ey);
        if (eyes < MIN_EYE_DISTANCE) {
            throw refuse(field, String.format(Locale.ROOT, "the eyes are %.1f px apart, at least %.0f are needed",
                    eyes, MIN_EYE_DISTANCE));
        }
        double mx = (xy[6] + xy[8]) / 2 - (xy[0] + xy[2]) / 2;
        double my = (xy[7] + xy[9]) / 2 - (xy[1] + xy[3]) / 2;
        // signed distance of the mouth centre from the eye line; positive below it (y grows downwards)
        double drop = (ex * my - ey * mx) / eyes;
        if (Math.abs(drop) < MIN_MOUTH_DROP * eyes) {
            throw refuse(field, "degenerate landmarks: the mouth lies on the line of the eyes");
        }
        if (drop < 0) {
            throw refuse(field, "the right eye lies left of the left eye (mirrored or swapped landmarks);"
                    + " give the eye with the smaller x in an upright face first");
        }
    }

    private static ApiException refuse(String field, String reason) {
        return new ApiException(422, "bad_landmarks", field + ": " + reason);
    }
}
