package org.marginface.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.marginface.core.testing.TestData;

/**
 * {@code eval compare} on the export round trip: a seeded SphereFace-4 on libtorch against its
 * exported, re-imported graph on ONNX Runtime, over 100 real LFW crops.
 */
class EvalCompareCommandTest {

    private static final Pattern DIFFERENCE = Pattern.compile("max abs difference of L2-normalised features (\\S+) \\((\\S+)\\)");

    @TempDir
    Path tmp;

    @Test
    void aReimportedExportGivesTheOriginalsFeaturesAndAnotherSeedDoesNot() throws Exception {
        Path lfw = TestData.require("lfw");
        Path init = tmp.resolve("init");
        Path other = tmp.resolve("other");
        Path reimport = tmp.resolve("reimport");
        assertEquals(0, Main.run("init", "--backbone", "sphereface4", "--seed", "11", "--out", init.toString()));
        assertEquals(0, Main.run("init", "--backbone", "sphereface4", "--seed", "12", "--out", other.toString()));
        Path onnx = tmp.resolve("init.onnx");
        assertEquals(0, Main.run("export", "onnx", "--model", init.toString(), "--out", onnx.toString()));
        assertEquals(0, Main.run("import", "onnx", "--onnx", onnx.toString(), "--out", reimport.toString()));

        String same = stdout("eval", "compare", "--model", init.toString(), "--model", reimport.toString(),
                "--runtime", "libtorch,onnxruntime", "--lfw", lfw.toString(), "--limit", "100");
        assertTrue(same.startsWith("100 images, flip none: "), same);
        assertTrue(difference(same) <= 1e-4, same);

        String sum = stdout("eval", "compare", "--model", init.toString(), "--model", reimport.toString(),
                "--runtime", "libtorch", "--lfw", lfw.toString(), "--limit", "10", "--flip", "sum");
        assertTrue(difference(sum) <= 1e-4, sum);

        // the default runtime's in-memory export against libtorch, one model directory
        String runtimes = stdout("eval", "compare", "--model", init.toString(), "--model", init.toString(),
                "--runtime", "libtorch,onnxruntime", "--lfw", lfw.toString(), "--limit", "10", "--flip", "sum");
        assertTrue(difference(runtimes) <= 1e-4, runtimes);
        assertTrue(difference(runtimes) > 0, "two engines give bit-identical floats only by accident: " + runtimes);

        String different = stdout("eval", "compare", "--model", init.toString(), "--model", other.toString(),
                "--lfw", lfw.toString(), "--limit", "10");
        assertTrue(difference(different) > 1e-2, different);
        Matcher m = DIFFERENCE.matcher(different);
        assertTrue(m.find() && m.group(2).endsWith(".jpg"), "the worst image is named: " + different);
    }

    @Test
    void badArgumentsAreOneLine() throws Exception {
        Path lfw = TestData.require("lfw");
        Path init = tmp.resolve("init");
        assertEquals(0, Main.run("init", "--backbone", "sphereface4", "--out", init.toString()));
        assertEquals("error: --model: give exactly two model directories, got 1",
                stderrOfFailure("eval", "compare", "--model", init.toString(), "--lfw", lfw.toString()));
        Path folder = tmp.resolve("few");
        java.nio.file.Files.createDirectories(folder);
        assertEquals("error: " + folder + ": 0 images, fewer than --limit 100",
                stderrOfFailure("eval", "compare", "--model", init.toString(), "--model", init.toString(),
                        "--lfw", folder.toString()));
    }

    private static double difference(String output) {
        Matcher m = DIFFERENCE.matcher(output);
        assertTrue(m.find(), output);
        return Double.parseDouble(m.group(1));
    }

    private static String stdout(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, Main.run(args));
        } finally {
            System.setOut(saved);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static String stderrOfFailure(String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            assertEquals(2, Main.run(args));
        } finally {
            System.setErr(saved);
        }
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines()
                .filter(l -> !l.isBlank() && !l.startsWith("[")).toList();
        assertEquals(1, lines.size(), bytes.toString(StandardCharsets.UTF_8));
        return lines.get(0);
    }
}
