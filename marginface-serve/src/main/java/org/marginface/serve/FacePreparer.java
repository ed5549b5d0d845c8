package org.marginface.serve;

import java.awt.image.BufferedImage;
import java.util.Optional;
import org.marginface.core.align.Point;
import org.marginface.core.detect.DetectedFace;
import org.marginface.core.image.BadImageException;
import org.marginface.core.image.ImageDecoder;

/**
 * From an uploaded image to the model's input: decode within the pixel budget, then use it as it is
 * (an aligned crop of the model's input size), align it with its landmarks, or ask the detector for
 * the main face and align that.
 */
public final class FacePreparer {

    /**
     * The model's input for one upload, and the face the detector found when it was asked (empty for
     * a crop or a photo that came with landmarks), to be named in the answer.
     */
    public record Prepared(BufferedImage crop, Optional<DetectedFace> detected) {}

    private final ImageDecoder decoder;
    private final LandmarkAligner aligner;
    private final Optional<FaceDetector> detector;
    private final int height;
    private final int width;

    public FacePreparer(ImageDecoder decoder, LandmarkAligner aligner, Optional<FaceDetector> detector,
            int height, int width) {
        this.decoder = decoder;
        this.aligner = aligner;
        this.detector = detector;
        this.height = height;
        this.width = width;
    }

    /** Core's decoding policy, its refusals as API errors: 415 for what is no JPEG or PNG, 413 over the pixel budget. */
    private BufferedImage decode(FaceUpload upload) {
        try {
            return decoder.decode(upload.bytes(), upload.field());
        } catch (BadImageException e) {
            throw switch (e.kind()) {
                case NOT_AN_IMAGE, UNSUPPORTED -> new ApiException(415, "unsupported_image", e.getMessage());
                case TOO_LARGE -> new ApiException(413, "image_too_large", e.getMessage());
                default -> ApiException.badRequest("bad_image", e.getMessage());
            };
        }
    }

    public Prepared prepare(FaceUpload upload) {
        BufferedImage image = decode(upload);
        double[] landmarks = upload.landmarks();
        Optional<DetectedFace> detected = Optional.empty();
        if (landmarks == null) {
            if (image.getHeight() == height && image.getWidth() == width) {
                return new Prepared(image, detected);
            }
            if (detector.isEmpty()) {
                throw new ApiException(422, "landmarks_required", upload.field() + ": image is " + image.getWidth()
                        + "x" + image.getHeight() + " (width x height), not an aligned " + width + "x" + height
                        + " crop, and face detection is unavailable on this service (no detector models);"
                        + " send the five landmarks with it");
            }
            detected = detector.get().mainFace(image);
            DetectedFace face = detected.orElseThrow(() -> new ApiException(422, "no_face", upload.field()
                    + ": no face found in the " + image.getWidth() + "x" + image.getHeight() + " photo"));
            landmarks = xy(face);
        }
        try {
            return new Prepared(aligner.align(image, landmarks, height, width), detected);
        } catch (IllegalArgumentException e) {
            throw new ApiException(422, "bad_landmarks", upload.field() + ": " + e.getMessage());
        }
    }

    private static double[] xy(DetectedFace face) {
        double[] xy = new double[10];
        int i = 0;
        for (Point p : face.landmarks().points()) {
            xy[i++] = p.x();
            xy[i++] = p.y();
        }
        return xy;
    }
}
