package org.marginface.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class InsightfaceProtocolTest {

    private final InsightfaceProtocol protocol = new InsightfaceProtocol();

    @Test
    void theFirstBestThresholdIsChosen() {
        // all right for 1.0 < t <= 2.0; at t = 1.0 the matched pair at distance 1.0 is not below
        // it, so the first best grid point is 1.01, not 1.0 and not the middle of the interval
        double t = protocol.threshold(new double[] {0.5, 1.0, 2.0, 3.0}, new boolean[] {true, true, false, false});
        assertEquals(101 * 0.01, t, 0);
    }

    @Test
    void aDistanceOnTheThresholdIsCalledDifferent() {
        assertFalse(protocol.correct(1.0, true, 1.0));
        assertTrue(protocol.correct(1.0, false, 1.0));
        assertTrue(protocol.correct(0.99, true, 1.0));
    }

    @Test
    void distancesAreSquaredEuclideanBetweenNormalisedFeatures() {
        PairFeatures raw = new PairFeatures(new float[][] {{2, 0}, {3, 0}, {0, 5}, {-1, 0}},
                new int[] {0, 1}, new int[] {2, 3}, false);
        double[] d = protocol.scorer(raw).scores(new boolean[2]);
        assertEquals(2.0, d[0], 0);
        assertEquals(4.0, d[1], 0);
        assertEquals(0.0, protocol.cosine(d[0]), 0);
        assertEquals(-1.0, protocol.cosine(d[1]), 0);

        // features declared normalised are taken as they are
        PairFeatures declared = new PairFeatures(new float[][] {{2, 0}, {0, 0}}, new int[] {0}, new int[] {1}, true);
        assertEquals(4.0, protocol.scorer(declared).scores(new boolean[1])[0], 0);
    }

    @Test
    void valThresholdIsTheEndOfTheLastPlateauAtOrBelowTheTarget() {
        // FAR over thresholds k/1000: 0 up to k = 10, 1e-3 for k = 11..30, 2e-3 for k = 31..3500
        SortedScores mismatched = SortedScores.of(mismatched(0.0105, 0.0305));

        // the target is reached exactly on the plateau k = 11..30: interpolation starts from its end
        assertEquals(30 * 0.001, InsightfaceProtocol.valThreshold(mismatched, 1e-3), 1e-15);
        // half way between the plateaus 1e-3 (k = 30) and 2e-3 (k = 31)
        assertEquals(0.0305, InsightfaceProtocol.valThreshold(mismatched, 1.5e-3), 1e-12);
        // half way between 0 (k = 10) and 1e-3 (k = 11)
        assertEquals(0.0105, InsightfaceProtocol.valThreshold(mismatched, 5e-4), 1e-12);
    }

    @Test
    void valThresholdIsZeroWhenTheTrainingFarNeverReachesTheTarget() {
        double[] far = new double[1000];
        Arrays.fill(far, 4.0);
        assertEquals(0.0, InsightfaceProtocol.valThreshold(SortedScores.of(far), 1e-3), 0);
    }

    @Test
    void valAtFarAppliesEachFoldsTrainingThresholdToItsHeldOutPairs() {
        // fold 1: mismatched {0.0105, 3.5 x 999}, matched {0.03, 0.031}
        // fold 2: mismatched {0.0105, 0.0305, 3.5 x 998}, matched {0.5, 0.6}
        int n = 2004;
        double[] distance = new double[n];
        boolean[] same = new boolean[n];
        int[] fold = new int[n];
        System.arraycopy(mismatched(0.0105, 3.5), 0, distance, 0, 1000);
        System.arraycopy(mismatched(0.0105, 0.0305), 0, distance, 1000, 1000);
        Arrays.fill(fold, 0, 1000, 1);
        Arrays.fill(fold, 1000, 2000, 2);
        double[] matched = {0.03, 0.031, 0.5, 0.6};
        for (int j = 0; j < 4; j++) {
            distance[2000 + j] = matched[j];
            same[2000 + j] = true;
            fold[2000 + j] = j < 2 ? 1 : 2;
        }

        ValAtFar val = InsightfaceProtocol.valAtFar(distance, same, fold, 2, 1.5e-3);

        // fold 1 held out: trained on fold 2, threshold 0.0305 (see above): accepts matched 0.03
        // but not 0.031 (VAL 1/2) and mismatched 0.0105 (FAR 1/1000).
        // fold 2 held out: trained on fold 1, whose FAR is 1e-3 for k = 11..3500 and 1 from
        // k = 3501: the threshold lies a little above 3.5, accepting both matched pairs (VAL 1)
        // and every mismatched one (FAR 1)
        assertEquals(1.5e-3, val.farTarget(), 0);
        assertEquals((0.5 + 1.0) / 2, val.val(), 1e-15);
        assertEquals(0.25, val.valStd(), 1e-15);
        assertEquals((1e-3 + 1.0) / 2, val.far(), 1e-15);
    }

    /** 1000 mismatched distances: the two given, the rest 3.5. */
    private static double[] mismatched(double a, double b) {
        double[] d = new double[1000];
        Arrays.fill(d, 3.5);
        d[0] = a;
        d[1] = b;
        return d;
    }
}
