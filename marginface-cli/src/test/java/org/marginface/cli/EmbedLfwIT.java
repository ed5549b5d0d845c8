package org.marginface.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.marginface.core.embed.NpyReader;
import org.marginface.core.testing.TestData;

/** The launcher end to end on all of LFW: init a model, embed every image twice. */
class EmbedLfwIT {

    @TempDir
    Path tmp;

    @Test
    void embeddingLfwWritesOneUnitRowPerImageAndIsReproducible() throws Exception {
        Path lfw = TestData.require("lfw/lfw-112x96");
        int images;
        try (Stream<Path> files = Files.walk(lfw)) {
            images = (int) files.filter(p -> p.toString().endsWith(".jpg")).count();
        }
        assertEquals(13_233, images);
        Path model = tmp.resolve("model");
        // sphereface4: the same code path as sphereface20 at a tenth of the cost, so CI can embed LFW twice
        Launcher.Run init = Launcher.run(tmp.resolve("init.log"), "init", "--backbone", "sphereface4", "--seed", "3",
                "--out", model.toString());
        assertEquals(0, init.exitCode(), init.output());

        Path first = tmp.resolve("first.npy");
        Path second = tmp.resolve("second.npy");
        for (Path out : List.of(first, second)) {
            Launcher.Run run = Launcher.run(tmp.resolve(out.getFileName() + ".log"), "embed", "--model", model.toString(),
                    "--images", lfw.toString(), "--out", out.toString());
            assertEquals(0, run.exitCode(), run.output());
        }
        float[][] rows = NpyReader.read(first);
        assertEquals(13_233, rows.length);
        assertEquals(512, rows[0].length);
        for (float[] row : rows) {
            double norm = 0;
            for (float v : row) {
                norm += v * v;
            }
            assertEquals(1.0, Math.sqrt(norm), 1e-5);
        }
        List<String> paths = Files.readAllLines(Path.of(first + ".paths"));
        assertEquals(13_233, paths.size());
        List<String> expected;
        try (Stream<Path> files = Files.walk(lfw)) {
            expected = files.filter(p -> p.toString().endsWith(".jpg"))
                    .map(p -> lfw.relativize(p).toString()).sorted().toList();
        }
        assertEquals(expected, paths);
        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second), "two runs gave different bytes");
        assertArrayEquals(Files.readAllBytes(Path.of(first + ".paths")), Files.readAllBytes(Path.of(second + ".paths")));
        assertTrue(Files.size(first) > 13_233L * 512 * 4);
    }
}
