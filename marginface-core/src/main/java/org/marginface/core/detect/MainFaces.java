package org.marginface.core.detect;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import org.marginface.core.align.LandmarkFile;
import org.marginface.core.align.Point;
import org.marginface.core.image.FaceImages;
import org.marginface.core.image.ImageSet;

/**
 * The main face of every photo of a set, as the rows of a landmark file: what alignment and
 * embedding use for photos that come without landmarks. A photo that cannot be read or shows no face
 * becomes a problem row, so it costs that photo and not the run.
 */
public final class MainFaces {

    /** One photo's detections, as reported while the set is worked through. */
    public record Photo(int index, ImageSet.Entry entry, int width, int height, List<DetectedFace> faces,
            Optional<DetectedFace> main) {

        public Photo {
            faces = List.copyOf(faces);
        }
    }

    private MainFaces() {}

    /**
     * Detects every photo of {@code set}; each photo's row is numbered by its position (from 1) and
     * named as in the set. {@code onPhoto} sees every readable photo, with or without a face.
     */
    public static LandmarkFile detect(MtcnnDetector detector, ImageSet set, Consumer<Photo> onPhoto) {
        List<LandmarkFile.Row> rows = new ArrayList<>();
        List<LandmarkFile.Problem> problems = new ArrayList<>();
        List<ImageSet.Entry> entries = set.entries();
        for (int i = 0; i < entries.size(); i++) {
            ImageSet.Entry entry = entries.get(i);
            BufferedImage photo;
            try {
                photo = FaceImages.read(entry.file());
            } catch (IOException e) {
                problems.add(new LandmarkFile.Problem(i + 1, entry.name(), e.getMessage()));
                continue;
            }
            List<DetectedFace> faces = detector.detect(photo);
            Optional<DetectedFace> main = DetectedFace.main(faces, photo.getWidth(), photo.getHeight());
            if (main.isPresent()) {
                rows.add(new LandmarkFile.Row(i + 1, entry.name(), "", main.get().landmarks()));
            } else {
                problems.add(new LandmarkFile.Problem(i + 1, entry.name(), "no face found (faces from "
                        + detector.settings().minFaceSize() + " px are looked for)"));
            }
            onPhoto.accept(new Photo(i, entry, photo.getWidth(), photo.getHeight(), faces, main));
        }
        return new LandmarkFile(rows, problems);
    }

    /**
     * A photo's faces with the main face first and the others after it in the detector's order (best
     * score first), so that face 1 of "all faces" is the face "main face" would have given.
     */
    public static List<DetectedFace> mainFirst(List<DetectedFace> faces, int width, int height) {
        Optional<DetectedFace> main = DetectedFace.main(faces, width, height);
        List<DetectedFace> ordered = new ArrayList<>(faces.size());
        main.ifPresent(ordered::add);
        faces.stream().filter(f -> main.isEmpty() || f != main.get()).forEach(ordered::add);
        return ordered;
    }

    /** A row as a landmark-file line ({@code path<TAB>x1 y1 … x5 y5}), to keep or to reuse with --landmarks. */
    public static String line(LandmarkFile.Row row) {
        StringBuilder sb = new StringBuilder(row.path());
        sb.append('\t');
        for (Point p : row.landmarks().points()) {
            sb.append(String.format(Locale.ROOT, "%.2f %.2f ", p.x(), p.y()));
        }
        return sb.toString().strip();
    }
}
