package org.marginface.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * 200,000 distractors of 512 values against 197 probe images, run by its own surefire execution
 * with a 128 MB heap (see this module's pom): holding the distractors (410 MB) or a probes x
 * distractors score matrix (158 MB) would not fit, so passing shows the streaming.
 */
@Tag("bounded-memory")
class IdentificationScaleTest {

    private static final int DIM = 512;
    private static final int DISTRACTORS = 200_000;
    private static final int PLANTED = 150_000;

    @Test
    void twoHundredThousandDistractorsInBoundedMemory() {
        long maxHeap = Runtime.getRuntime().maxMemory();
        assertTrue(maxHeap < 200L << 20, "this test must run with a small heap, got " + (maxHeap >> 20) + " MB");

        // 40 identities, each image its identity's direction plus 0.3 of noise: same-identity
        // cosines near 0.92, random distractors near 0 (at most about 0.25). Identity 0 has two
        // images, the others five.
        SplittableRandom random = new SplittableRandom(1);
        List<ProbeIdentity> probes = new ArrayList<>();
        for (int id = 0; id < 40; id++) {
            float[] centre = unitGaussian(random);
            List<float[]> images = new ArrayList<>();
            for (int j = 0; j < (id == 0 ? 2 : 5); j++) {
                float[] noise = unitGaussian(random);
                float[] image = new float[DIM];
                for (int k = 0; k < DIM; k++) {
                    image[k] = centre[k] + 0.3f * noise[k];
                }
                images.add(image);
            }
            probes.add(new ProbeIdentity("id" + id, images));
        }
        // one distractor is a copy of the first image of identity 0
        float[] copied = probes.get(0).features().get(0);

        FeatureRows distractors = new FeatureRows() {
            @Override
            public int count() {
                return DISTRACTORS;
            }

            @Override
            public int dimension() {
                return DIM;
            }

            @Override
            public void copyRows(int from, int to, float[] dest) {
                for (int i = from; i < to; i++) {
                    float[] row = i == PLANTED ? copied : unitGaussian(new SplittableRandom(1000L + i));
                    System.arraycopy(row, 0, dest, (i - from) * DIM, DIM);
                }
            }
        };

        IdentificationResult result = Identification.evaluate(probes, distractors,
                IdentificationOptions.defaults().withBlocks(256, 2));

        assertEquals(2 + 39 * 5 * 4, result.queries());
        assertEquals(List.of(10, 100, 1000, 10_000, 100_000, 200_000),
                result.levels().stream().map(IdentificationLevel::distractors).toList());
        for (IdentificationLevel level : result.levels()) {
            for (OperatingPoint point : level.tarAtFar()) {
                assertEquals(1.0, point.tar(), 0, level.distractors() + " distractors, " + point);
            }
        }
        for (IdentificationLevel level : result.levels().subList(0, 5)) {
            assertEquals(1.0, level.rank1(), 0, level.distractors() + " distractors");
        }
        // with the copy among the distractors, the copied image as a query finds its copy (cosine 1)
        // above its one gallery image: rank 2. As the gallery image it ties with its copy, which
        // does not push it down.
        IdentificationLevel all = result.levels().get(5);
        assertEquals(1 - 1.0 / 782, all.rank1(), 0);
        assertEquals(1.0, all.cmc().get(1), 0);
        assertEquals(197L * DISTRACTORS, all.impostorPairs());
    }

    private static float[] unitGaussian(SplittableRandom random) {
        float[] v = new float[DIM];
        double squares = 0;
        for (int k = 0; k < DIM; k++) {
            // a sum of uniforms is near enough to Gaussian and far cheaper to draw
            double x = random.nextDouble() + random.nextDouble() + random.nextDouble() - 1.5;
            v[k] = (float) x;
            squares += x * x;
        }
        float norm = (float) Math.sqrt(squares);
        for (int k = 0; k < DIM; k++) {
            v[k] /= norm;
        }
        return v;
    }
}
