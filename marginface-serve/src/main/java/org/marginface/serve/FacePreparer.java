package org.marginface.serve;

import java.awt.image.BufferedImage;
import java.util.Optional;

/**
 * From an uploaded image to the model's input: decode within the pixel budget, then use it as it is
 * (an aligned crop of the model's input size), align it with its landmarks, or ask the detector.
 */
public final class FacePreparer {

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

    public BufferedImage prepare(FaceUpload upload) {
        BufferedImage image = decoder.decode(upload.bytes(), upload.field());
        double[] landmarks = upload.landmarks();
        if (landmarks == null) {
            if (image.getHeight() == height && image.getWidth() == width) {
                return image;
            }
            if (detector.isEmpty()) {
                throw new ApiException(422, "landmarks_required", upload.field() + ": image is " + image.getWidth()
                        + "x" + image.getHeight() + " (width x height), not an aligned " + width + "x" + height
                        + " crop; send the five landmarks with it");
            }
            landmarks = detector.get().landmarks(image).orElseThrow(() ->
                    new ApiException(422, "no_face", upload.field() + ": no face found"));
        }
        try {
            return aligner.align(image, landmarks, height, width);
        } catch (IllegalArgumentException e) {
            throw new ApiException(422, "bad_landmarks", upload.field() + ": " + e.getMessage());
        }
    }
}
