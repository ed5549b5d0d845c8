package org.marginface.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.marginface.core.align.FaceLandmarks;
import org.marginface.core.align.LandmarkFile;
import org.marginface.core.detect.DetectionJson;
import org.marginface.core.detect.MainFaces;
import org.marginface.core.detect.MtcnnDetector;
import org.marginface.core.image.ImageSet;

/**
 * The main face of each photo of a set, found for a command that takes raw photos, with a record of
 * the face used per photo ({@code {"image", "width", "height", "faces": [the face used]}}, or no face
 * and an {@code "error"}) so the output says which face each row came from.
 */
record PhotoFaces(ImageSet set, Map<String, FaceLandmarks> byName) {

    static PhotoFaces detect(DetectorOptions options, ImageSet set, Path record) throws IOException {
        LandmarkFile rows;
        Files.createDirectories(record.toAbsolutePath().getParent());
        try (MtcnnDetector mtcnn = options.load(); BufferedWriter writer = Files.newBufferedWriter(record)) {
            Progress progress = new Progress("detect");
            rows = MainFaces.detect(mtcnn, set, photo -> {
                ObjectNode line = DetectionJson.photo(photo.entry().name(), photo.width(), photo.height(),
                        photo.main().map(List::of).orElse(List.of()));
                write(writer, line);
                progress.update(photo.index() + 1, set.size());
            });
            for (LandmarkFile.Problem problem : rows.problems()) {
                ObjectNode line = DetectionJson.photo(problem.path(), 0, 0, List.of());
                line.put("error", problem.reason());
                write(writer, line);
                System.err.println("skipped: " + problem);
            }
        }
        if (rows.rows().isEmpty()) {
            throw new IOException("no face found in any of the " + set.size() + " photos (see " + record + ")");
        }
        Map<String, FaceLandmarks> byName = new HashMap<>();
        rows.rows().forEach(row -> byName.put(row.path(), row.landmarks()));
        System.out.println("faces used: " + record);
        return new PhotoFaces(set, byName);
    }

    /** The photos in which a face was found, in the set's order. */
    ImageSet withFaces() {
        return new ImageSet(set.root(), set.entries().stream().filter(e -> byName.containsKey(e.name())).toList());
    }

    FaceLandmarks landmarks(ImageSet.Entry entry) {
        return byName.get(entry.name());
    }

    private static void write(BufferedWriter writer, ObjectNode line) {
        try {
            writer.write(DetectionJson.toLine(line));
            writer.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
