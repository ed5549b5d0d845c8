package org.marginface.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotsTest {

    private static final Roc ROC = Roc.of(new double[] {0.9, 0.8, 0.6, 0.3, 0.95}, new double[] {0.1, 0.7, 0.2, 0.4, 0.05});

    private static final IdentificationResult IDENTIFICATION = new IdentificationResult(2, 4, 4, 2, List.of(
            new IdentificationLevel(10, 40, 1.0, List.of(1.0, 1.0, 1.0),
                    List.of(new OperatingPoint(1e-3, 0.5, 0.75, 0.0))),
            new IdentificationLevel(100, 400, 0.5, List.of(0.5, 0.75, 1.0),
                    List.of(new OperatingPoint(1e-3, 0.25, 0.875, 0.0)))));

    /** Reads the PNG back: the asked size, and more than a blank canvas. */
    private static void assertDrawn(Path png) throws IOException {
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(800, image.getWidth());
        assertEquals(600, image.getHeight());
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                colours.add(image.getRGB(x, y));
            }
        }
        assertTrue(colours.size() > 10, png + " has only " + colours.size() + " colours");
    }

    @Test
    void rocOnLinearAndLogAxes(@TempDir Path dir) throws IOException {
        Map<String, Roc> curves = new LinkedHashMap<>();
        curves.put("model a", ROC);
        curves.put("model b", Roc.of(new double[] {0.5, 0.6}, new double[] {0.55, 0.1}));
        Plots.roc(curves, false, dir.resolve("roc.png"));
        Plots.roc(curves, true, dir.resolve("sub/roc-log.png"));
        assertDrawn(dir.resolve("roc.png"));
        assertDrawn(dir.resolve("sub/roc-log.png"));
    }

    @Test
    void identificationPlots(@TempDir Path dir) throws IOException {
        Plots.cmc(IDENTIFICATION, dir.resolve("cmc.png"));
        Plots.identificationVsDistractors(IDENTIFICATION, dir.resolve("distractors.png"));
        assertDrawn(dir.resolve("cmc.png"));
        assertDrawn(dir.resolve("distractors.png"));
    }

    @Test
    void normPlots(@TempDir Path dir) throws IOException {
        NormStudyResult study = new NormStudyResult(Degradation.BLUR, Protocol.SPHEREFACE, List.of(
                new NormStudyLevel(0, 20, 3, 0.95, List.of(18.0, 21.0, 22.0)),
                new NormStudyLevel(2, 14, 3, 0.85, List.of(12.0, 15.0, 16.0))));
        Plots.normVsDegradation(study, dir.resolve("norm.png"));
        Plots.normHistogram(Map.of("sharp", study.levels().get(0).norms(), "sigma 2", study.levels().get(1).norms()),
                10, dir.resolve("hist.png"));
        assertDrawn(dir.resolve("norm.png"));
        assertDrawn(dir.resolve("hist.png"));
    }
}
