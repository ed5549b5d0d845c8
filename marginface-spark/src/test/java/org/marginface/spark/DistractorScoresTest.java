package org.marginface.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.marginface.core.embed.Vectors;
import org.marginface.eval.ProbeRows;

class DistractorScoresTest {

    private static final int DIM = 12;

    @Test
    void mergedPartitionsGiveTheRanksOfCountingEveryDistractor() {
        Random random = new Random(7);
        List<ProbeImages.Image> images = new ArrayList<>();
        for (int id = 0; id < 30; id++) {
            float[] centre = gaussian(random, 1.0);
            for (int i = 0; i < 2 + id % 4; i++) {
                float[] v = gaussian(random, 0.9);
                for (int d = 0; d < DIM; d++) {
                    v[d] += centre[d];
                }
                images.add(new ProbeImages.Image("id" + id, v));
            }
        }
        ProbeRows probes = ProbeImages.rows(images);
        List<float[]> distractors = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            distractors.add(gaussian(random, 1.0));
        }
        // an exact copy of a probe image ties with it as a gallery image, and a tie is not a miss
        distractors.add(images.get(0).embedding().clone());

        int ranks = 5;
        DistractorScores whole = DistractorScores.of(probes, distractors.iterator(), ranks);
        DistractorScores parts = DistractorScores.of(probes, distractors.subList(300, 501).iterator(), ranks)
                .merge(DistractorScores.of(probes, List.<float[]>of().iterator(), ranks))
                .merge(DistractorScores.of(probes, distractors.subList(0, 300).iterator(), ranks));
        assertEquals(501, parts.distractors);
        List<Double> cmc = parts.cmc(probes);
        assertEquals(whole.cmc(probes), cmc);
        assertEquals(bruteForceCmc(images, distractors, ranks), cmc);
        double rank1 = cmc.get(0);
        // the random features leave misses and hits both, so the comparison is not vacuous
        assertEquals(true, rank1 > 0.05 && rank1 < 0.95, "rank-1 " + rank1);
    }

    @Test
    void aProbeIdentityNeedsTwoImages() {
        List<ProbeImages.Image> images = List.of(new ProbeImages.Image("a", new float[] {1, 0}),
                new ProbeImages.Image("a", new float[] {0, 1}), new ProbeImages.Image("b", new float[] {1, 1}));
        assertThrows(IllegalArgumentException.class, () -> ProbeImages.rows(images));
    }

    /** Every (query, gallery) pair against every distractor, counted one by one. */
    private static List<Double> bruteForceCmc(List<ProbeImages.Image> images, List<float[]> distractors, int ranks) {
        long[] hitsAtRank = new long[ranks];
        long queries = 0;
        for (ProbeImages.Image query : images) {
            for (ProbeImages.Image gallery : images) {
                if (query == gallery || !query.identity().equals(gallery.identity())) {
                    continue;
                }
                queries++;
                float genuine = cosine(query.embedding(), gallery.embedding());
                int above = 0;
                for (float[] d : distractors) {
                    if (cosine(query.embedding(), d) > genuine) {
                        above++;
                    }
                }
                for (int r = above; r < ranks; r++) {
                    hitsAtRank[r]++;
                }
            }
        }
        List<Double> cmc = new ArrayList<>();
        for (long hits : hitsAtRank) {
            cmc.add(hits / (double) queries);
        }
        return cmc;
    }

    private static float cosine(float[] a, float[] b) {
        float[] ua = a.clone();
        float[] ub = b.clone();
        Vectors.unitInPlace(ua, 0, ua.length, "a");
        Vectors.unitInPlace(ub, 0, ub.length, "b");
        return Vectors.dot(ua, 0, ub, 0, ua.length);
    }

    private static float[] gaussian(Random random, double sigma) {
        float[] v = new float[DIM];
        for (int d = 0; d < DIM; d++) {
            v[d] = (float) (sigma * random.nextGaussian());
        }
        return v;
    }
}
