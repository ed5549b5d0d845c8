package org.marginface.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ServingThresholdsTest {

    @Test
    void thresholdsMatchABruteForceCount() {
        Random random = new Random(3);
        int n = 30_000;
        double[] cosines = new double[n];
        boolean[] same = new boolean[n];
        int impostors = 0;
        for (int i = 0; i < n; i++) {
            same[i] = i % 2 == 0;
            cosines[i] = same[i] ? 0.55 + 0.15 * random.nextGaussian() : 0.05 + 0.1 * random.nextGaussian();
            impostors += same[i] ? 0 : 1;
        }
        ServingThresholds t = ServingThresholds.of(cosines, same);
        for (int k = 0; k < 2; k++) {
            OperatingPoint p = t.atFar().get(k);
            assertEquals(ServingThresholds.FARS.get(k), p.far());
            int above = 0;
            for (int i = 0; i < n; i++) {
                above += !same[i] && cosines[i] > p.threshold() ? 1 : 0;
            }
            // at most far * impostors accepted, and one more the moment the threshold is lowered to it
            assertTrue(above <= p.far() * impostors, "FAR " + p.far() + ": " + above);
            int atOrAbove = 0;
            for (int i = 0; i < n; i++) {
                atOrAbove += !same[i] && cosines[i] >= p.threshold() ? 1 : 0;
            }
            assertTrue(atOrAbove > p.far() * impostors);
        }
        assertTrue(t.atFar().get(1).threshold() > t.atFar().get(0).threshold());

        int bestCorrect = 0;
        for (int c = 0; c < n; c++) {
            int correct = 0;
            for (int i = 0; i < n; i += 1) {
                correct += (cosines[i] >= cosines[c]) == same[i] ? 1 : 0;
            }
            bestCorrect = Math.max(bestCorrect, correct);
            if (c > 600) {
                break; // the maximum over thresholds at sampled scores is a lower bound, checked below
            }
        }
        int correctAtBest = 0;
        for (int i = 0; i < n; i++) {
            correctAtBest += (cosines[i] >= t.bestAccuracyThreshold()) == same[i] ? 1 : 0;
        }
        assertEquals(correctAtBest / (double) n, t.bestAccuracy(), 1e-12);
        assertTrue(correctAtBest >= bestCorrect);
    }

    @Test
    void bestAccuracyOnSeparableScoresIsOneWithTheThresholdBetweenThem() {
        double[] cosines = {0.9, 0.8, 0.7, 0.2, 0.1, 0.3};
        boolean[] same = {true, true, true, false, false, false};
        ServingThresholds t = ServingThresholds.of(cosines, same);
        assertEquals(1.0, t.bestAccuracy());
        assertEquals(0.5, t.bestAccuracyThreshold(), 1e-12);
    }
}
