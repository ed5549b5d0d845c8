package org.marginface.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NormStudyTest {

    private static final int CELLS = 4;

    /** Noise whose amplitude in each of 4x4 cells is the person's own. */
    private static BufferedImage face(double[] amplitude, Random random) {
        BufferedImage image = new BufferedImage(96, 112, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 112; y++) {
            for (int x = 0; x < 96; x++) {
                double a = amplitude[(y * CELLS / 112) * CELLS + x * CELLS / 96];
                int g = (int) Math.max(0, Math.min(255, 128 + a * random.nextGaussian()));
                image.setRGB(x, y, (g << 16) | (g << 8) | g);
            }
        }
        return image;
    }

    /** Per cell, the root of its squared horizontal differences: the norm is the root of their total. */
    private static float[] gradientEnergy(BufferedImage image) {
        double[] energy = new double[CELLS * CELLS];
        for (int y = 0; y < 112; y++) {
            for (int x = 1; x < 96; x++) {
                int d = (image.getRGB(x, y) & 0xff) - (image.getRGB(x - 1, y) & 0xff);
                energy[(y * CELLS / 112) * CELLS + x * CELLS / 96] += d * d;
            }
        }
        float[] feature = new float[energy.length];
        for (int i = 0; i < energy.length; i++) {
            feature[i] = (float) Math.sqrt(energy[i]);
        }
        return feature;
    }

    @Test
    void normsAndAccuracyFallWithBlur(@TempDir Path dir) throws IOException {
        Random random = new Random(2);
        List<String> lines = new ArrayList<>(List.of("10\t1"));
        Map<Path, BufferedImage> images = new HashMap<>();
        Path root = Path.of("/synthetic");
        for (int fold = 0; fold < 10; fold++) {
            double[] same = amplitudes(random);
            String a = "P" + fold + "a";
            lines.add(a + "\t1\t2");
            images.put(root.resolve(a).resolve(a + "_0001.jpg"), face(same, random));
            images.put(root.resolve(a).resolve(a + "_0002.jpg"), face(same, random));
            String b = "P" + fold + "b";
            String c = "P" + fold + "c";
            lines.add(b + "\t1\t" + c + "\t1");
            images.put(root.resolve(b).resolve(b + "_0001.jpg"), face(amplitudes(random), random));
            images.put(root.resolve(c).resolve(c + "_0001.jpg"), face(amplitudes(random), random));
        }
        LfwPairs pairs = LfwPairs.parse(lines, root);

        NormStudyResult study = NormStudy.run(pairs, images::get, batch -> batch.stream().map(NormStudyTest::gradientEnergy).toList(),
                Degradation.BLUR, List.of(0.0, 1.0, 2.0, 4.0), Protocol.INSIGHTFACE);

        assertEquals(4, study.levels().size());
        double previous = Double.POSITIVE_INFINITY;
        for (NormStudyLevel level : study.levels()) {
            assertEquals(40, level.norms().size());
            assertEquals(level.norms().stream().mapToDouble(Double::doubleValue).average().orElseThrow(),
                    level.meanNorm(), 1e-9);
            // blurring removes gradient energy, so the norm falls with every level
            assertTrue(level.meanNorm() < previous, level + " after " + previous);
            previous = level.meanNorm();
        }
        // sharp, the per-cell amplitudes tell people apart; at sigma 4 the noise is gone
        assertEquals(1.0, study.levels().get(0).accuracy(), 0);
        assertTrue(study.levels().get(3).accuracy() < 1.0, study.levels().get(3).toString());

        Path json = dir.resolve("norms.json");
        EvalFiles.writeJson(study, json);
        JsonNode tree = EvalFiles.json().readTree(json.toFile());
        assertEquals("blur", tree.get("degradation").asText());
        assertEquals(4, tree.get("levels").size());
        assertTrue(tree.get("levels").get(0).has("mean_norm"));
        assertTrue(!tree.get("levels").get(0).has("norms"), "per-image norms stay out of JSON");
    }

    private static double[] amplitudes(Random random) {
        double[] a = new double[CELLS * CELLS];
        for (int i = 0; i < a.length; i++) {
            a[i] = 5 + 60 * random.nextDouble();
        }
        return a;
    }
}
