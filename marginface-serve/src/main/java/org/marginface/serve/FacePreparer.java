package org.marginface.serve;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.marginface.core.align.FaceLandmarks;
import org.marginface.core.align.Point;
import org.marginface.core.detect.DetectedFace;
import org.marginface.core.detect.FaceBox;
import org.marginface.core.model.ModelInput;

/**
 * From an uploaded image to the model's input: decode within the pixel budget, then use it as it is
 * (an aligned crop of the model's input size, or one of a narrower template the model's extends,
 * padded: a 112x96 crop given to a 112x112 model), align it onto the model's template with its
 * landmarks, or ask the detector for the faces and align the main one.
 */
public final class FacePreparer {

    /**
     * The model's input for one upload and what the answer tells of the photo.
     *
     * @param crop the aligned face, of the model's input size
     * @param used the face the detector found and the service used (empty for a crop or a photo
     *     that came with landmarks)
     * @param faces every face the detector found, in the photo's pixels (empty when it was not asked)
     * @param width the photo's width
     * @param height the photo's height
     */
    public record Prepared(BufferedImage crop, Optional<DetectedFace> used, List<DetectedFace> faces, int width,
            int height) {}

    private final PhotoDecoder decoder;
    private final LandmarkAligner aligner;
    private final Optional<FaceDetector> detector;
    private final ModelInput input;
    private final int height;
    private final int width;

    public FacePreparer(PhotoDecoder decoder, LandmarkAligner aligner, Optional<FaceDetector> detector,
            ModelInput input) {
        this.decoder = decoder;
        this.aligner = aligner;
        this.detector = detector;
        this.input = input;
        this.height = input.height();
        this.width = input.width();
    }

    public Prepared prepare(FaceUpload upload) {
        try (PhotoDecoder.Photo photo = decoder.decode(upload.bytes(), upload.field())) {
            BufferedImage image = photo.image();
            double[] landmarks = upload.landmarks();
            if (landmarks != null) {
                LandmarkCheck.check(upload.field() + " landmarks", landmarks, photo.width(), photo.height());
                return new Prepared(align(upload, image, scale(landmarks, 1.0 / photo.subsampling())), Optional.empty(),
                        List.of(), photo.width(), photo.height());
            }
            if (input.padding(photo.height(), photo.width()) >= 0) {
                return new Prepared(fit(upload, image), Optional.empty(), List.of(), photo.width(), photo.height());
            }
            if (detector.isEmpty()) {
                throw new ApiException(422, "landmarks_required", upload.field() + ": image is " + photo.width()
                        + "x" + photo.height() + " (width x height), not an aligned " + width + "x" + height
                        + " crop, and face detection is unavailable on this service (no detector models);"
                        + " send the five landmarks with it");
            }
            List<DetectedFace> found = detector.get().faces(image);
            DetectedFace main = DetectedFace.main(found, image.getWidth(), image.getHeight())
                    .orElseThrow(() -> new ApiException(422, "no_face", upload.field()
                            + ": no face found in the " + photo.width() + "x" + photo.height() + " photo"));
            BufferedImage crop = align(upload, image, xy(main.landmarks()));
            int n = photo.subsampling();
            return new Prepared(crop, Optional.of(scale(main, n)), found.stream().map(f -> scale(f, n)).toList(),
                    photo.width(), photo.height());
        }
    }

    /** An aligned crop as the model's input (padded when it is of a narrower template). */
    private BufferedImage fit(FaceUpload upload, BufferedImage crop) {
        try {
            return input.fit(crop, upload.field());
        } catch (IOException e) {
            throw ApiException.badRequest("bad_image", e.getMessage());
        }
    }

    private BufferedImage align(FaceUpload upload, BufferedImage image, double[] landmarks) {
        try {
            return aligner.align(image, landmarks, input.alignment());
        } catch (IllegalArgumentException e) {
            throw new ApiException(422, "bad_landmarks", upload.field() + ": " + e.getMessage());
        }
    }

    /** A face found in the subsampled image, in the photo's pixels. */
    private static DetectedFace scale(DetectedFace face, int n) {
        if (n == 1) {
            return face;
        }
        FaceBox b = face.box();
        return new DetectedFace(new FaceBox(b.x1() * n, b.y1() * n, b.x2() * n, b.y2() * n), face.score(),
                FaceLandmarks.of(scale(xy(face.landmarks()), n)));
    }

    private static double[] scale(double[] xy, double factor) {
        double[] out = new double[xy.length];
        for (int i = 0; i < xy.length; i++) {
            out[i] = xy[i] * factor;
        }
        return out;
    }

    private static double[] xy(FaceLandmarks landmarks) {
        double[] xy = new double[10];
        int i = 0;
        for (Point p : landmarks.points()) {
            xy[i++] = p.x();
            xy[i++] = p.y();
        }
        return xy;
    }
}
