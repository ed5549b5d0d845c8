package org.marginface.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.marginface.core.embed.Vectors;

class IdentificationTest {

    /**
     * A unit vector of 16 components of +-1/4 (times {@code scale}), negative where {@code flipped}
     * says: the cosine of two of them is 1 - h/8 for h differing components, exact in float.
     */
    private static float[] signs(float scale, int... flipped) {
        float[] v = new float[16];
        Arrays.fill(v, 0.25f * scale);
        for (int i : flipped) {
            v[i] = -0.25f * scale;
        }
        return v;
    }

    private static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = from; i < to; i++) {
            r[i - from] = i;
        }
        return r;
    }

    // probes: A = {a1, a2} at cosine 0.75; B = {b1, b2} at cosine 0.875 (lengths 3, not 1)
    private static final List<ProbeIdentity> PROBES = List.of(
            new ProbeIdentity("A", List.of(signs(3), signs(3, 0, 1))),
            new ProbeIdentity("B", List.of(signs(3, range(8, 16)), signs(3, range(9, 16)))));

    // cosines         a1      a2     b1      b2
    // d2 = {2,3}      0.75    0.5   -0.25   -0.125
    // d3 = {0..7}     0       0.25  -1      -0.875
    // d1 = {0}        0.875   0.875 -0.125   0
    private static final FeatureRows DISTRACTORS = FeatureRows.of(List.of(
            signs(2, 2, 3), signs(2, range(0, 8)), signs(2, 0)));

    private static IdentificationResult knownAnswer(int blockRows, int threads) {
        IdentificationOptions options = new IdentificationOptions(List.of(1, 2, 3), List.of(1e-3, 0.25), 3,
                blockRows, threads);
        return Identification.evaluate(PROBES, DISTRACTORS, options);
    }

    @Test
    void knownRanksAndOperatingPoints() {
        IdentificationResult result = knownAnswer(1024, 1);
        assertEquals(2, result.probeIdentities());
        assertEquals(4, result.probeImages());
        assertEquals(4, result.queries());
        assertEquals(2, result.genuinePairs());

        // one distractor, d2: it ties a2 (0.75) for query a1, which does not push a2 down
        IdentificationLevel one = result.levels().get(0);
        assertEquals(1, one.distractors());
        assertEquals(4, one.impostorPairs());
        assertEquals(1.0, one.rank1(), 0);
        assertEquals(List.of(1.0, 1.0, 1.0), one.cmc());
        // impostors .75 .5 -.125 -.25; at 1e-3 none may pass: threshold .75 rejects the genuine
        // pair at .75 and accepts the one at .875. At 0.25 one may pass: threshold .5
        assertEquals(new OperatingPoint(1e-3, 0.5, 0.75, 0.0), one.tarAtFar().get(0));
        assertEquals(new OperatingPoint(0.25, 1.0, 0.5, 0.25), one.tarAtFar().get(1));

        // d3 scores below every genuine pair; impostors .75 .5 .25 0 -.125 -.25 -.875 -1
        IdentificationLevel two = result.levels().get(1);
        assertEquals(1.0, two.rank1(), 0);
        assertEquals(new OperatingPoint(1e-3, 0.5, 0.75, 0.0), two.tarAtFar().get(0));
        assertEquals(new OperatingPoint(0.25, 1.0, 0.25, 0.25), two.tarAtFar().get(1));

        // d1 scores .875 against a1 and a2, above their .75: both A queries drop to rank 2
        IdentificationLevel three = result.levels().get(2);
        assertEquals(3, three.distractors());
        assertEquals(12, three.impostorPairs());
        assertEquals(0.5, three.rank1(), 0);
        assertEquals(List.of(0.5, 1.0, 1.0), three.cmc());
        // impostors .875 .875 .75 .5 .25 0 0 ...: at 1e-3 the threshold .875 accepts nothing genuine;
        // at 0.25 three may pass: threshold .5, all three above it, both genuine pairs accepted
        assertEquals(new OperatingPoint(1e-3, 0.0, 0.875, 0.0), three.tarAtFar().get(0));
        assertEquals(new OperatingPoint(0.25, 1.0, 0.5, 0.25), three.tarAtFar().get(1));
    }

    @Test
    void blocksAndThreadsDoNotChangeTheAnswer() {
        assertEquals(knownAnswer(1024, 1), knownAnswer(1, 3));
        assertEquals(knownAnswer(1024, 1), knownAnswer(2, 2));
    }

    @Test
    void randomDataAgreesWithCountingEveryDistractor() {
        Random random = new Random(7);
        int dim = 24;
        List<ProbeIdentity> probes = new ArrayList<>();
        for (int id = 0; id < 12; id++) {
            float[] centre = gaussian(random, dim, 1);
            List<float[]> images = new ArrayList<>();
            for (int j = 0; j < 2 + id % 4; j++) {
                float[] noise = gaussian(random, dim, 1.2f);
                for (int k = 0; k < dim; k++) {
                    noise[k] += centre[k];
                }
                images.add(noise);
            }
            probes.add(new ProbeIdentity("id" + id, images));
        }
        List<float[]> distractorList = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            distractorList.add(gaussian(random, dim, 1));
        }
        FeatureRows distractors = FeatureRows.of(distractorList);
        IdentificationOptions options = IdentificationOptions.defaults().withFars(List.of(1e-3, 1e-2));

        IdentificationResult blocked = Identification.evaluate(probes, distractors, options.withBlocks(97, 2));
        assertEquals(blocked, Identification.evaluate(probes, distractors, options.withBlocks(5000, 1)));
        assertEquals(List.of(10, 100, 1000, 2500),
                blocked.levels().stream().map(IdentificationLevel::distractors).toList());

        // the same counts, one distractor at a time, for the largest level
        List<float[]> probeRows = new ArrayList<>();
        List<Integer> identityOf = new ArrayList<>();
        for (int id = 0; id < probes.size(); id++) {
            for (float[] f : probes.get(id).features()) {
                probeRows.add(unit(f));
                identityOf.add(id);
            }
        }
        List<float[]> unitDistractors = distractorList.stream().map(IdentificationTest::unit).toList();
        long[] above = new long[11];
        long queries = 0;
        List<Double> genuine = new ArrayList<>();
        List<Double> impostors = new ArrayList<>();
        for (int q = 0; q < probeRows.size(); q++) {
            float[] query = probeRows.get(q);
            for (float[] d : unitDistractors) {
                impostors.add((double) Vectors.dot(query, 0, d, 0, dim));
            }
            for (int g = 0; g < probeRows.size(); g++) {
                if (g != q && identityOf.get(g).equals(identityOf.get(q))) {
                    float gallery = Vectors.dot(query, 0, probeRows.get(g), 0, dim);
                    int count = 0;
                    for (float[] d : unitDistractors) {
                        count += Vectors.dot(query, 0, d, 0, dim) > gallery ? 1 : 0;
                    }
                    above[Math.min(count, 10)]++;
                    queries++;
                    if (g > q) {
                        genuine.add((double) gallery);
                    }
                }
            }
        }
        IdentificationLevel all = blocked.levels().get(3);
        assertEquals(queries, blocked.queries());
        long hits = 0;
        for (int r = 1; r <= 10; r++) {
            hits += above[r - 1];
            assertEquals(hits / (double) queries, all.cmc().get(r - 1), 0, "rank " + r);
        }
        impostors.sort(null);
        // 1e-3 of 42 x 2500 impostors: 105 may pass, the 106th highest is the threshold
        assertEquals(42 * 2500, impostors.size());
        OperatingPoint point = all.tarAtFar().get(0);
        double threshold = impostors.get(impostors.size() - 106);
        assertEquals(threshold, point.threshold(), 0);
        assertEquals(genuine.stream().filter(s -> s > threshold).count() / (double) genuine.size(), point.tar(), 0);
        assertEquals(genuine.size(), blocked.genuinePairs());
    }

    @Test
    void defaultLevelsArePowersOfTenThenTheTotal() {
        IdentificationOptions options = IdentificationOptions.defaults();
        assertEquals(List.of(10, 100, 1000, 4069), options.levels(4069));
        assertEquals(List.of(10, 100, 1000), options.levels(1000));
        assertEquals(List.of(7), options.levels(7));
        assertEquals(List.of(5, 50), options.withDistractorCounts(List.of(50, 5, 50)).levels(60));
        assertThrows(IllegalArgumentException.class, () -> options.withDistractorCounts(List.of(61)).levels(60));
    }

    @Test
    void aProbeIdentityNeedsTwoImages() {
        assertThrows(IllegalArgumentException.class, () -> new ProbeIdentity("solo", List.of(new float[] {1})));
    }

    @Test
    void aZeroDistractorIsAnErrorNamingIt() {
        FeatureRows rows = FeatureRows.of(List.of(signs(1), new float[16]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Identification.evaluate(PROBES, rows, IdentificationOptions.defaults()));
        assertEquals("distractor 1 has a zero or non-finite feature", e.getMessage());
    }

    private static float[] gaussian(Random random, int dim, float sigma) {
        float[] v = new float[dim];
        for (int k = 0; k < dim; k++) {
            v[k] = (float) (random.nextGaussian() * sigma);
        }
        return v;
    }

    private static float[] unit(float[] v) {
        float[] copy = v.clone();
        Vectors.unitInPlace(copy, 0, copy.length, "row");
        return copy;
    }
}
