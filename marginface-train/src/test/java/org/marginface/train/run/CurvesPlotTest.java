package org.marginface.train.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CurvesPlotTest {

    @TempDir
    Path dir;

    private Path metrics(boolean withNorms) throws IOException {
        StringBuilder lines = new StringBuilder();
        for (int i = 1; i <= 50; i++) {
            lines.append(String.format(Locale.ROOT, "{\"iteration\":%d,\"loss\":%.3f,\"accuracy\":%.3f,%s\"lr\":%s}%n",
                    i, 6.0 - i * 0.05, i / 60.0, withNorms ? "\"featureNorm\":" + (5.0 + i) + "," : "",
                    i < 40 ? "0.1" : "0.01"));
        }
        return Files.writeString(dir.resolve(withNorms + "-metrics.jsonl"), lines);
    }

    @Test
    void aRunThatLoggedItsFeatureNormGetsAThirdPanel() throws IOException {
        Path png = dir.resolve("curves.png");
        CurvesPlot.write(metrics(true), png, "norms");
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(3 * 560, image.getWidth());
        // the third panel has a curve drawn in it, not just an empty frame
        int curvePixels = 0;
        for (int x = 2 * 560 + 61; x < 3 * 560 - 21; x++) {
            for (int y = 40; y < 330; y++) {
                int rgb = image.getRGB(x, y) & 0xFFFFFF;
                if (rgb == 0x143CA0) {
                    curvePixels++;
                }
            }
        }
        assertNotEquals(0, curvePixels, "no bold curve in the norm panel");
    }

    @Test
    void olderRunsWithoutNormsKeepTwoPanels() throws IOException {
        Path png = dir.resolve("old.png");
        CurvesPlot.write(metrics(false), png, "old");
        assertEquals(2 * 560, ImageIO.read(png.toFile()).getWidth());
    }

    @Test
    void noIterationsIsAnErrorNamingTheFile() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.jsonl"), "");
        IOException e = assertThrows(IOException.class, () -> CurvesPlot.write(empty, dir.resolve("x.png"), "x"));
        assertEquals(true, e.getMessage().contains("empty.jsonl"));
    }
}
