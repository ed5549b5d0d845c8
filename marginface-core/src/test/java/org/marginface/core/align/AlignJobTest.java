package org.marginface.core.align;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.marginface.core.image.FaceImages;

/** The align job as a library call: crops, skipped rows and the problems file, without the command line. */
class AlignJobTest {

    private static final String FACE = "62 80 118 78 90 110 68 138 112 137";

    @TempDir
    Path tmp;

    @Test
    void alignsALandmarkFileListingEverySkippedRowBesideTheCrops() throws Exception {
        Path images = Files.createDirectories(tmp.resolve("images/p1"));
        BufferedImage picture = new BufferedImage(200, 200, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 200; y++) {
            for (int x = 0; x < 200; x++) {
                picture.setRGB(x, y, (x << 16) | (y << 8) | ((x + y) & 0xff));
            }
        }
        FaceImages.writeJpeg(picture, images.resolve("a.jpg"), 95);
        Path landmarks = tmp.resolve("landmarks.txt");
        Files.write(landmarks, List.of("p1/a.jpg " + FACE, "p1/missing.jpg " + FACE, "p1/a.jpg 1 2 3"));
        Path out = tmp.resolve("out");
        TreeAligner aligner = new TreeAligner(new FaceAligner(AlignmentTemplate.SPHEREFACE_112X96),
                FaceImages.Format.PNG, 95, 2);
        List<Long> progress = new ArrayList<>();
        AlignJob.Outcome outcome = new AlignJob(tmp.resolve("images"), out, aligner).fromLandmarks(
                LandmarkFile.read(landmarks), new AlignJob.Progress() {
                    @Override
                    public void detected(long photos, long total) {
                        throw new AssertionError("no detection from a landmark file");
                    }

                    @Override
                    public void aligned(long rows, long total) {
                        progress.add(rows);
                    }
                });
        assertEquals(3, outcome.listed());
        assertEquals(1, outcome.alignment().aligned());
        assertTrue(outcome.detection().isEmpty());
        assertEquals(List.of(1L, 2L), progress);
        BufferedImage crop = FaceImages.read(out.resolve("p1/a.png"));
        assertEquals(96, crop.getWidth());
        assertEquals(112, crop.getHeight());
        Path problems = outcome.problemsFile().orElseThrow();
        assertEquals(out.resolve(AlignJob.PROBLEMS_FILE), problems);
        List<String> lines = Files.readAllLines(problems);
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("line 2: p1/missing.jpg")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("line 3: p1/a.jpg")), lines.toString());
    }

    @Test
    void theCropsMayNotReplaceTheImages() throws IOException {
        Path images = Files.createDirectories(tmp.resolve("images"));
        TreeAligner aligner = new TreeAligner(new FaceAligner(AlignmentTemplate.SPHEREFACE_112X96),
                FaceImages.Format.JPG, 95, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AlignJob(images, images, aligner));
        assertTrue(e.getMessage().contains("the crops would replace the images"), e.getMessage());
    }

    @Test
    void faceNamesKeepFoldersAndExtensions() {
        assertEquals("a/b_face2.jpg", AlignJob.faceName("a/b.jpg", 2));
        assertEquals("a.d/b_face1", AlignJob.faceName("a.d/b", 1));
        assertEquals("x_face10.png", AlignJob.faceName("x.png", 10));
    }
}
