package org.marginface.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class RocTest {

    // sorted by score: G .9, G .8, I .7, G .6, I .4, G .3, I .2, I .1
    private final Roc interleaved = Roc.of(new double[] {0.3, 0.9, 0.6, 0.8}, new double[] {0.1, 0.7, 0.2, 0.4});

    @Test
    void cornersFollowTheScoresDownwards() {
        assertEquals(List.of(new RocPoint(0, 0), new RocPoint(0, 0.25), new RocPoint(0, 0.5),
                new RocPoint(0.25, 0.5), new RocPoint(0.25, 0.75), new RocPoint(0.5, 0.75),
                new RocPoint(0.5, 1), new RocPoint(0.75, 1), new RocPoint(1, 1)), interleaved.points());
    }

    @Test
    void aucCountsGenuineOverImpostorPairs() {
        // .9 and .8 beat all four impostors, .6 beats three, .3 beats two: 13 of 16
        assertEquals(13 / 16.0, interleaved.auc(), 0);
    }

    @Test
    void eerIsWhereFalseAcceptEqualsFalseReject() {
        // at threshold .4 one impostor of four is accepted and one genuine of four rejected
        assertEquals(0.25, interleaved.eer(), 1e-15);
    }

    @Test
    void eerInterpolatesBetweenCorners() {
        // corners (0, 0), (0, 1/2), (1, 1): the segment from (0, 1/2) to (1, 1) crosses
        // far = 1 - tar at far = 1/3
        Roc roc = Roc.of(new double[] {0.9, 0.1}, new double[] {0.1});
        assertEquals(1 / 3.0, roc.eer(), 1e-15);
    }

    @Test
    void tiesBetweenGenuineAndImpostorCountHalf() {
        Roc roc = Roc.of(new double[] {0.5}, new double[] {0.5});
        assertEquals(List.of(new RocPoint(0, 0), new RocPoint(1, 1)), roc.points());
        assertEquals(0.5, roc.auc(), 0);
        assertEquals(0.5, roc.eer(), 0);
    }

    @Test
    void tarAtFarAcceptsOnlyAboveTheAllowedImpostors() {
        double[] impostor = new double[1000];
        for (int i = 0; i < impostor.length; i++) {
            impostor[i] = i / 1000.0;
        }
        Roc roc = Roc.of(new double[] {0.9985, 0.999, 0.5, 0.998}, impostor);

        // 1e-3 of 1000 impostors: one may pass, so the threshold is the second highest, .998
        OperatingPoint strict = roc.atFar(1e-3);
        assertEquals(0.998, strict.threshold(), 0);
        assertEquals(0.5, strict.tar(), 0);
        assertEquals(1e-3, strict.achievedFar(), 0);

        OperatingPoint loose = roc.atFar(1e-2);
        assertEquals(0.989, loose.threshold(), 0);
        assertEquals(0.75, loose.tar(), 0);
        assertEquals(1e-2, loose.achievedFar(), 0);
    }

    @Test
    void impostorsTiedAtTheThresholdAreRejected() {
        double[] impostor = new double[1000];
        java.util.Arrays.fill(impostor, 0.5);
        OperatingPoint point = Roc.of(new double[] {0.5, 0.6}, impostor).atFar(1e-3);
        assertEquals(0.5, point.threshold(), 0);
        assertEquals(0.0, point.achievedFar(), 0);
        assertEquals(0.5, point.tar(), 0);
    }

    @Test
    void allowedFalseAcceptsAreCountedInDecimal() {
        assertEquals(3, OperatingPoint.allowedFalseAccepts(1e-3, 3000));
        assertEquals(0, OperatingPoint.allowedFalseAccepts(1e-3, 999));
        assertEquals(1, OperatingPoint.allowedFalseAccepts(1e-3, 1000));
        assertEquals(41, OperatingPoint.allowedFalseAccepts(1e-6, 41_999_999));
        assertThrows(IllegalArgumentException.class, () -> OperatingPoint.allowedFalseAccepts(1.0, 10));
    }
}
