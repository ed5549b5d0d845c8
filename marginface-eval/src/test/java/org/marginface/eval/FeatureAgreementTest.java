package org.marginface.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureAgreementTest {

    @Test
    void theLargestDifferenceOfUnitFeaturesAndWhereItIs() {
        // image b: (3, 4) and (4, 3) are (0.6, 0.8) and (0.8, 0.6) at unit length, 0.2 apart in each coordinate
        FeatureAgreement agreement = FeatureAgreement.of(List.of("a.jpg", "b.jpg", "c.jpg"),
                List.of(new float[] {1, 0}, new float[] {3, 4}, new float[] {0, 2}),
                List.of(new float[] {1, 0.001f}, new float[] {4, 3}, new float[] {0, 5}));
        assertEquals(3, agreement.images());
        assertEquals(0.2, agreement.maxDifference(), 1e-7);
        assertEquals("b.jpg", agreement.worstImage());
        assertEquals(0.96, agreement.minCosine(), 1e-7);
    }

    @Test
    void theScaleOfAFeatureDoesNotCount() {
        FeatureAgreement agreement = FeatureAgreement.of(List.of("a.jpg"),
                List.of(new float[] {1, -2, 3}), List.of(new float[] {10, -20, 30}));
        assertEquals(0, agreement.maxDifference(), 1e-7);
        assertEquals(1, agreement.minCosine(), 1e-7);
    }

    @Test
    void featuresOfDifferentSizesAreAnErrorNamingTheImage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FeatureAgreement.of(
                List.of("x/y.jpg"), List.of(new float[128]), List.of(new float[512])));
        assertEquals("the first model gives 128-d features, the second 512-d (x/y.jpg)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FeatureAgreement.of(
                List.of("z.jpg"), List.of(new float[] {0, 0}), List.of(new float[] {1, 0})));
        assertEquals("z.jpg: a zero or non-finite feature", e.getMessage());
    }
}
