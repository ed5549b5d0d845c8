package org.marginface.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.marginface.core.align.AlignJob;
import org.marginface.core.align.AlignmentTemplate;
import org.marginface.core.align.FaceAligner;
import org.marginface.core.align.FaceLandmarks;
import org.marginface.core.image.FaceImages;
import org.marginface.core.testing.CropComparison;
import org.marginface.core.testing.TestData;

class AlignCommandTest {

    private static final String FACE = "62 80 118 78 90 110 68 138 112 137";

    @TempDir
    Path tmp;
    Path images;
    Path out;

    record Run(int exitCode, String out, String err) {}

    @BeforeEach
    void images() throws IOException {
        images = Files.createDirectories(tmp.resolve("images"));
        out = tmp.resolve("out");
        Files.createDirectories(images.resolve("p1"));
        Files.createDirectories(images.resolve("p2"));
        FaceImages.writeJpeg(picture(1), images.resolve("p1/a.jpg"), 95);
        FaceImages.writePng(picture(2), images.resolve("p2/b.png"));
    }

    @Test
    void badRowsAreReportedByLineSkippedAndFailTheRun() throws IOException {
        Path landmarks = landmarks(
                "p1/a.jpg " + FACE,
                "p2/b.png\tdlib\t" + FACE.replace(' ', '\t'),
                "p1/missing.jpg " + FACE,
                "p1/a2.jpg 62 80 118 78 90 110 68 138 112",
                "p1/a3.jpg 62 80 118 78 90 NaN 68 138 112 137",
                "p1/a4.jpg 90 110 90 110 90 110 90 110 90 110");
        Run run = align("--landmarks", landmarks.toString());
        assertEquals(1, run.exitCode(), run.err());
        assertTrue(run.out().contains("aligned 2 of 6 listed images"), run.out());
        for (String expected : List.of("line 3: p1/missing.jpg: image not found", "line 4: p1/a2.jpg: expected 10 numbers",
                "line 5: p1/a3.jpg: non-finite", "line 6: p1/a4.jpg: degenerate landmarks")) {
            assertTrue(run.err().contains(expected), expected + " in:\n" + run.err());
        }
        assertEquals(4, Files.readAllLines(out.resolve(AlignJob.PROBLEMS_FILE)).size());
        // the tree is mirrored; a PNG input becomes a JPEG crop by default
        assertEquals(List.of("align-problems.txt", "p1/a.jpg", "p2/b.jpg"), files(out));
        BufferedImage crop = FaceImages.read(out.resolve("p1/a.jpg"));
        assertEquals(96, crop.getWidth());
        assertEquals(112, crop.getHeight());

        Run again = align("--landmarks", landmarks.toString(), "--keep-going");
        assertEquals(0, again.exitCode(), again.err());
    }

    @Test
    void pngCropsOfTheSquareTemplateAreExactlyTheLibrarysCrops() throws IOException {
        Path landmarks = landmarks("p1/a.jpg " + FACE);
        Run run = align("--landmarks", landmarks.toString(), "--template", "112x112", "--format", "png", "--threads", "1");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(List.of("p1/a.png"), files(out));
        BufferedImage written = FaceImages.read(out.resolve("p1/a.png"));
        BufferedImage expected = new FaceAligner(AlignmentTemplate.SQUARE_112X112)
                .align(FaceImages.read(images.resolve("p1/a.jpg")), FaceLandmarks.of(numbers(FACE)));
        assertEquals(0.0, CropComparison.meanAbsoluteDifference(written, expected));
        assertEquals(112, written.getWidth());
    }

    @Test
    void aRunThatAlignsNothingFailsEvenWhenKeepingGoing() throws IOException {
        Run run = align("--landmarks", landmarks("nothing/here.jpg " + FACE).toString(), "--keep-going");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("no image was aligned"), run.err());
    }

    @Test
    void wrongOptionsAreUserErrors() throws IOException {
        Path landmarks = landmarks("p1/a.jpg " + FACE);
        Run template = align("--landmarks", landmarks.toString(), "--template", "96x112");
        assertEquals(2, template.exitCode());
        assertTrue(template.err().contains("unknown alignment template '96x112'"), template.err());
        Run format = align("--landmarks", landmarks.toString(), "--format", "tiff");
        assertEquals(2, format.exitCode());
        Run sameDir = run("align", "--images", images.toString(), "--out", images.toString(), "--landmarks", landmarks.toString());
        assertEquals(2, sameDir.exitCode());
        // the job's own checks reach the user, naming its fields (the options of the same names)
        assertTrue(sameDir.err().contains("out: " + images + " is the images directory: the crops would replace the images"),
                sameDir.err());
        assertFalse(Files.exists(out));
        Path missing = images.resolveSibling("missing");
        Run noImages = run("align", "--images", missing.toString(), "--out", out.toString(), "--landmarks", landmarks.toString());
        assertEquals(2, noImages.exitCode());
        assertTrue(noImages.err().contains("images: " + missing + " is not a directory"), noImages.err());
    }

    /** The acceptance check through the command: its JPEG crops of LFW fold 1 against the reference crops. */
    @Test
    void alignedLfwFold1FilesMatchTheReferenceCrops() throws IOException {
        Path raw = TestData.require("lfw/lfw-deepfunneled-fold1");
        Path lfw = raw.getParent();
        // the landmark file lists all 13,233 LFW images, the fold's directory holds 807 of them
        Run run = run("align", "--images", raw.toString(), "--landmarks", lfw.resolve("lfw-deepfunneled-landmarks.txt").toString(),
                "--out", out.toString(), "--keep-going");
        assertEquals(0, run.exitCode(), run.err());
        System.out.print(run.out());
        CropComparison comparison = new CropComparison();
        try (Stream<Path> files = Files.walk(raw)) {
            for (Path image : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                Path relative = raw.relativize(image);
                comparison.add(relative.toString(), FaceImages.read(out.resolve(relative)),
                        FaceImages.read(lfw.resolve("lfw-112x96").resolve(relative)));
            }
        }
        System.out.println("LFW fold 1, marginface align (JPEG q95) vs lfw-112x96: " + comparison);
        assertEquals(807, comparison.count());
        assertTrue(comparison.mean() <= 2.0, comparison.toString());
        assertTrue(comparison.max() <= 4.0, comparison.toString());
        assertEquals(13233 - 807, Files.readAllLines(out.resolve(AlignJob.PROBLEMS_FILE)).size());
    }

    private Run align(String... args) {
        return run(Stream.concat(Stream.of("align", "--images", images.toString(), "--out", out.toString()), Stream.of(args))
                .toArray(String[]::new));
    }

    private static Run run(String... args) {
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Run(code, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
    }

    private Path landmarks(String... lines) throws IOException {
        return Files.write(tmp.resolve("landmarks.txt"), List.of(lines));
    }

    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    private static double[] numbers(String text) {
        return Stream.of(text.split(" ")).mapToDouble(Double::parseDouble).toArray();
    }

    /** A 200x200 picture with structure (a gradient and a disc), so crops differ where they should. */
    private static BufferedImage picture(int seed) {
        BufferedImage image = new BufferedImage(200, 200, BufferedImage.TYPE_3BYTE_BGR);
        byte[] bytes = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * seed / 7);
        }
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(40 * seed, 200, 90));
        g.fillOval(60, 70, 80, 90);
        g.dispose();
        return image;
    }
}
