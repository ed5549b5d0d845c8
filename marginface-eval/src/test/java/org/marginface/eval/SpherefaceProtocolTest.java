package org.marginface.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SpherefaceProtocolTest {

    private final SpherefaceProtocol protocol = new SpherefaceProtocol();

    @Test
    void theMeanOfAnIntervalOfBestThresholdsIsChosen() {
        // all four right for .2 < t < .3: grid points 2001..2999, mean 2500
        double t = protocol.threshold(new double[] {0.3, 0.5, 0.1, 0.2}, new boolean[] {true, true, false, false});
        assertEquals(0.25, t, 0);
    }

    @Test
    void theMeanRunsOverAllBestThresholdsEvenWhenTheyAreApart() {
        // two right for .2 < t < .5 (grid 2001..4999) and for .8 < t <= 1 (8001..10000);
        // on .2 and .5 themselves only one is right, as a score on the threshold is wrong
        double t = protocol.threshold(new double[] {0.5, 0.2, 0.8}, new boolean[] {true, false, false});
        long sum = (2001L + 4999) * 2999 / 2 + (8001L + 10000) * 2000 / 2;
        assertEquals(sum / (4999 * 10_000.0), t, 1e-15);
    }

    @Test
    void aScoreOnTheThresholdIsWrongWhateverThePair() {
        assertFalse(protocol.correct(0.5, true, 0.5));
        assertFalse(protocol.correct(0.5, false, 0.5));
        assertTrue(protocol.correct(0.5000001, true, 0.5));
        assertTrue(protocol.correct(0.4999999, false, 0.5));
    }

    @Test
    void featuresAreCentredOnTheTrainingPairsThenNormalised() {
        // training pairs: (1,0)-(3,0) and (1,2)-(3,2): mean (2,1); the held-out pair (2,3)-(4,1)
        // becomes (0,2)-(2,0) after centring, a cosine of 0; the training pairs become
        // (-1,-1)-(1,-1) and (-1,1)-(1,1), cosines of 0 as well
        PairFeatures features = new PairFeatures(
                new float[][] {{1, 0}, {1, 2}, {2, 3}, {3, 0}, {3, 2}, {4, 1}},
                new int[] {0, 1, 2}, new int[] {3, 4, 5}, false);
        double[] scores = protocol.scorer(features).scores(new boolean[] {true, true, false});
        assertEquals(0, scores[0], 1e-15);
        assertEquals(0, scores[1], 1e-15);
        assertEquals(0, scores[2], 1e-15);

        // with the held-out pair in training the mean moves to (7/3, 4/3): (2,3)-(4,1) becomes
        // (-1/3, 5/3)-(5/3, -1/3): cosine (-5/9 - 5/9) / (26/9) = -10/26
        scores = protocol.scorer(features).scores(new boolean[] {true, true, true});
        assertEquals(-10 / 26.0, scores[2], 1e-15);
    }
}
