package org.marginface.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import org.marginface.core.detect.DetectedFace;
import org.marginface.core.detect.DetectionJson;
import org.marginface.core.detect.DetectionPainter;
import org.marginface.core.detect.MtcnnDetector;
import org.marginface.core.image.FaceImages;
import org.marginface.core.image.ImageSet;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "detect", mixinStandardHelpOptions = true,
        description = {"Find faces and their five landmarks in photos with MTCNN (the authors' weights).",
            "Writes one JSON object per photo: {\"image\", \"width\", \"height\", \"faces\": [{\"box\": [x1, y1, x2, y2],"
                + " \"score\", \"landmarks\": [[x, y] x5]}]}, in the photo's pixel coordinates (0-based pixel"
                + " centres; landmarks: left eye, right eye, nose, left and right mouth corner as seen in the image)."})
final class DetectCommand implements Callable<Integer> {

    @Option(names = "--images", required = true, description = "a photo, a directory (walked recursively) or a list file (.txt/.lst)")
    Path images;

    @Option(names = "--out", required = true, description = "output file (.jsonl)")
    Path out;

    @CommandLine.Mixin
    DetectorOptions detector;

    @Option(names = "--draw", description = "also write each photo with its detections drawn, as PNGs under this folder")
    Path draw;

    @Option(names = "--timing", description = "print detection time per photo by image size (longer side) at the end")
    boolean timing;

    @Override
    public Integer call() throws Exception {
        if (!out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jsonl")) {
            throw new IllegalArgumentException(out + ": name the output .jsonl (one JSON object per photo)");
        }
        ImageSet set = ImageSet.of(images);
        DetectionTimes times = new DetectionTimes();
        int faces = 0;
        List<String> unreadable = new ArrayList<>();
        Path parent = out.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path partial = Files.createTempFile(parent, out.getFileName().toString(), ".part");
        try (MtcnnDetector mtcnn = detector.load();
                BufferedWriter writer = Files.newBufferedWriter(partial)) {
            Progress progress = new Progress("detect");
            int done = 0;
            for (ImageSet.Entry entry : set.entries()) {
                BufferedImage photo;
                try {
                    photo = FaceImages.read(entry.file());
                } catch (IOException e) {
                    // one bad file should not cost a long run: it is recorded and reported
                    unreadable.add(e.getMessage());
                    ObjectNode line = DetectionJson.photo(entry.name(), 0, 0, List.of());
                    line.put("error", e.getMessage());
                    writer.write(DetectionJson.toLine(line));
                    writer.newLine();
                    progress.update(++done, set.size());
                    continue;
                }
                long start = System.nanoTime();
                List<DetectedFace> found = mtcnn.detect(photo);
                times.add(photo.getWidth(), photo.getHeight(), (System.nanoTime() - start) / 1e6);
                faces += found.size();
                writer.write(DetectionJson.toLine(DetectionJson.photo(entry.name(), photo.getWidth(), photo.getHeight(), found)));
                writer.newLine();
                if (draw != null) {
                    Path png = draw.resolve(relativeName(entry.name()) + ".png");
                    Files.createDirectories(png.toAbsolutePath().getParent());
                    ImageIO.write(DetectionPainter.draw(photo, found), "png", png.toFile());
                }
                progress.update(++done, set.size(), faces + " faces");
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Files.move(partial, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        System.out.printf(Locale.ROOT, "wrote %d photos, %d faces to %s%n", set.size(), faces, out);
        for (String problem : unreadable) {
            System.err.println("skipped: " + problem);
        }
        if (timing) {
            System.out.print(times.table());
        }
        return 0;
    }

    /** A photo's name as a path inside the drawing folder, even when it was given absolute or with "..". */
    static String relativeName(String name) {
        String path = name.replace('\\', '/').replaceAll("^[A-Za-z]:", "");
        StringBuilder sb = new StringBuilder();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            sb.append(sb.length() == 0 ? "" : "/").append(part.equals("..") ? "_" : part);
        }
        return sb.toString();
    }
}
