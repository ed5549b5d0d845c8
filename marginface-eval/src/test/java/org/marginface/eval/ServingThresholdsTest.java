package org.marginface.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.marginface.core.embed.CosineThreshold;

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
            // counted with the service's own decision: what the ROC's point promises, the service does
            int accepted = 0;
            int genuineAccepted = 0;
            for (int i = 0; i < n; i++) {
                boolean yes = CosineThreshold.samePerson(cosines[i], p.threshold());
                accepted += !same[i] && yes ? 1 : 0;
                genuineAccepted += same[i] && yes ? 1 : 0;
            }
            assertTrue(accepted <= p.far() * impostors, "FAR " + p.far() + ": " + accepted);
            assertEquals(p.achievedFar(), accepted / (double) impostors, 0);
            assertEquals(p.tar(), genuineAccepted / (double) (n - impostors), 0);
            // and one impostor more the moment the threshold is lowered to the next score below
            int lowered = 0;
            for (int i = 0; i < n; i++) {
                lowered += !same[i] && CosineThreshold.samePerson(cosines[i], Math.nextDown(p.threshold())) ? 1 : 0;
            }
            assertTrue(lowered > p.far() * impostors);
        }
        assertTrue(t.atFar().get(1).threshold() > t.atFar().get(0).threshold());

        int bestCorrect = 0;
        for (int c = 0; c < n; c++) {
            int correct = 0;
            for (int i = 0; i < n; i += 1) {
                correct += CosineThreshold.samePerson(cosines[i], cosines[c]) == same[i] ? 1 : 0;
            }
            bestCorrect = Math.max(bestCorrect, correct);
            if (c > 600) {
                break; // the maximum over thresholds at sampled scores is a lower bound, checked below
            }
        }
        int correctAtBest = 0;
        for (int i = 0; i < n; i++) {
            correctAtBest += CosineThreshold.samePerson(cosines[i], t.bestAccuracyThreshold()) == same[i] ? 1 : 0;
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

    @Test
    void anImpostorExactlyAtTheOperatingPointIsRejectedByTheService() {
        // 1000 impostors allow one false accept at FAR 1e-3: the ROC's point sits on the second
        // highest impostor, 0.6, and accepts only the one above it; the service must not accept 0.6
        double[] cosines = new double[1002];
        boolean[] same = new boolean[1002];
        for (int i = 0; i < 1000; i++) {
            cosines[i] = i == 0 ? 0.7 : i == 1 ? 0.6 : 0.1;
        }
        cosines[1000] = 0.6;
        cosines[1001] = 0.9;
        same[1000] = true;
        same[1001] = true;
        OperatingPoint p = ServingThresholds.of(cosines, same).atFar().get(0);
        assertEquals(0.5, p.tar());
        assertEquals(0.001, p.achievedFar());
        assertFalse(CosineThreshold.samePerson(0.6, p.threshold()), "threshold " + p.threshold());
        assertTrue(CosineThreshold.samePerson(Math.nextUp(0.6), p.threshold()));
    }

    @Test
    void theBestAccuracyThresholdSeparatesAdjacentScores() {
        double low = 0.5;
        double high = Math.nextUp(low);
        ServingThresholds t = ServingThresholds.of(new double[] {high, low}, new boolean[] {true, false});
        assertEquals(1.0, t.bestAccuracy());
        assertTrue(CosineThreshold.samePerson(high, t.bestAccuracyThreshold()));
        assertFalse(CosineThreshold.samePerson(low, t.bestAccuracyThreshold()));
    }
}
