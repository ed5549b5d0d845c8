package org.marginface.core.align;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.marginface.core.detect.DetectedFace;
import org.marginface.core.detect.DetectionJson;
import org.marginface.core.detect.MainFaces;
import org.marginface.core.detect.MtcnnDetector;
import org.marginface.core.image.ImageSet;

/**
 * Aligns a tree of images into a mirror tree of crops: from a landmark file, or from the faces a
 * detector finds in each photo (its main face, or all of them). Beside the crops it leaves what a
 * later run needs: every skipped row ({@value #PROBLEMS_FILE}), and the detector's landmarks
 * ({@value #DETECTED_FILE}, reusable as a landmark file) or faces ({@value #DETECTED_FACES_FILE}).
 *
 * @param images the directory the landmark rows' paths are relative to
 * @param out where the crops go, at the images' relative paths (created as needed)
 * @param aligner how each crop is made and written
 */
public record AlignJob(Path images, Path out, TreeAligner aligner) {

    public static final String PROBLEMS_FILE = "align-problems.txt";
    public static final String DETECTED_FILE = "detected-landmarks.txt";
    public static final String DETECTED_FACES_FILE = "detected-faces.jsonl";

    /** Which detected faces of a photo are aligned. */
    public enum Faces {
        /** The main face (largest, most central) of each photo, its crop at the photo's path. */
        MAIN,
        /** Every face, main first: the crops of {@code a/b.jpg} are {@code a/b_face1.jpg}, {@code a/b_face2.jpg}, ... */
        ALL
    }

    /** Sees the work advance; {@link #aligned} is called from worker threads, one call at a time. */
    public interface Progress {
        void detected(long photos, long total);

        /** The detector is done; alignment starts next. */
        default void detectionDone(Detection detection) {}

        void aligned(long rows, long total);

        Progress NONE = new Progress() {
            @Override
            public void detected(long photos, long total) {}

            @Override
            public void aligned(long rows, long total) {}
        };
    }

    /**
     * What the detector found.
     *
     * @param photos the photos under {@code images}
     * @param photosWithFaces those where a face was found
     * @param faces the faces aligned (one per photo for {@link Faces#MAIN})
     * @param kept the file the detections were written to
     */
    public record Detection(int photos, int photosWithFaces, int faces, Path kept) {}

    /**
     * What a job did.
     *
     * @param detection the detector's part, when the landmarks came from it
     * @param listed the rows to align, the landmark file's unusable ones included
     * @param alignment the alignment's result; its problems are every skipped row
     * @param problemsFile where the problems were written, when there were any
     */
    public record Outcome(Optional<Detection> detection, int listed, TreeAligner.Result alignment,
            Optional<Path> problemsFile) {}

    public AlignJob {
        Objects.requireNonNull(aligner, "aligner");
        if (!Files.isDirectory(images)) {
            throw new IllegalArgumentException("images: " + images + " is not a directory");
        }
        try {
            if (Files.exists(out) && Files.isSameFile(out, images)) {
                throw new IllegalArgumentException(
                        "out: " + out + " is the images directory: the crops would replace the images");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Aligns the rows of a landmark file. */
    public Outcome fromLandmarks(LandmarkFile rows, Progress progress) throws IOException, InterruptedException {
        Files.createDirectories(out);
        return align(rows, LandmarkFile.Row::path, Optional.empty(), progress);
    }

    /** Detects the faces of every photo under {@code images} and aligns them. */
    public Outcome detectAndAlign(MtcnnDetector detector, Faces faces, Progress progress)
            throws IOException, InterruptedException {
        Files.createDirectories(out);
        ImageSet set = ImageSet.of(images);
        if (faces == Faces.MAIN) {
            LandmarkFile rows = MainFaces.detect(detector, set, photo -> progress.detected(photo.index() + 1, set.size()));
            Path kept = out.resolve(DETECTED_FILE);
            Files.write(kept, rows.rows().stream().map(MainFaces::line).toList(), StandardCharsets.UTF_8);
            Detection detection = new Detection(set.size(), rows.rows().size(), rows.rows().size(), kept);
            progress.detectionDone(detection);
            return align(rows, LandmarkFile.Row::path, Optional.of(detection), progress);
        }
        List<LandmarkFile.Row> rows = new ArrayList<>();
        Path kept = out.resolve(DETECTED_FACES_FILE);
        LandmarkFile mains;
        try (BufferedWriter writer = Files.newBufferedWriter(kept)) {
            mains = MainFaces.detect(detector, set, photo -> {
                List<DetectedFace> ordered = MainFaces.mainFirst(photo.faces(), photo.width(), photo.height());
                ObjectNode line = DetectionJson.photo(photo.entry().name(), photo.width(), photo.height(), ordered);
                ArrayNode crops = line.putArray("crops");
                for (int k = 0; k < ordered.size(); k++) {
                    rows.add(new LandmarkFile.Row(photo.index() + 1, photo.entry().name(), Integer.toString(k + 1),
                            ordered.get(k).landmarks()));
                    crops.add(aligner.format().fileName(faceName(photo.entry().name(), k + 1)));
                }
                try {
                    writer.write(DetectionJson.toLine(line));
                    writer.newLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                progress.detected(photo.index() + 1, set.size());
            });
        }
        int photosWithFaces = (int) rows.stream().map(LandmarkFile.Row::path).distinct().count();
        Detection detection = new Detection(set.size(), photosWithFaces, rows.size(), kept);
        progress.detectionDone(detection);
        // a row of "all faces" carries its face number as the label: that names its crop
        return align(new LandmarkFile(rows, mains.problems()), row -> faceName(row.path(), Integer.parseInt(row.label())),
                Optional.of(detection), progress);
    }

    /** The crop name of face {@code number} (from 1) of the photo {@code path}: {@code a/b.jpg} → {@code a/b_face1.jpg}. */
    public static String faceName(String path, int number) {
        String p = path.replace('\\', '/');
        int slash = p.lastIndexOf('/');
        int dot = p.lastIndexOf('.');
        boolean hasExtension = dot > slash + 1;
        String stem = hasExtension ? p.substring(0, dot) : p;
        return stem + "_face" + number + (hasExtension ? p.substring(dot) : "");
    }

    private Outcome align(LandmarkFile rows, Function<LandmarkFile.Row, String> outputName, Optional<Detection> detection,
            Progress progress) throws IOException, InterruptedException {
        Path problemsFile = out.resolve(PROBLEMS_FILE);
        Files.deleteIfExists(problemsFile); // a list from an earlier run would mislead
        long total = rows.rows().size();
        long[] done = {0};
        Object lock = new Object();
        // workers finish rows in any order; counting under the lock keeps the reported counts increasing
        TreeAligner.Result result = aligner.run(images, rows, out, outputName, () -> {
            synchronized (lock) {
                progress.aligned(++done[0], total);
            }
        });
        Optional<Path> written = Optional.empty();
        if (!result.problems().isEmpty()) {
            Files.write(problemsFile, result.problems().stream().map(LandmarkFile.Problem::toString).toList(),
                    StandardCharsets.UTF_8);
            written = Optional.of(problemsFile);
        }
        return new Outcome(detection, result.rows() + rows.problems().size(), result, written);
    }
}
