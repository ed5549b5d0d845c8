package org.marginface.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SampleOrderTest {

    @Test
    void everyEpochIsAPermutationThatDependsOnlyOnSeedAndEpoch() {
        SampleOrder order = new SampleOrder(7, 1000);
        int[] first = new int[1000];
        int[] second = new int[1000];
        for (int i = 0; i < 1000; i++) {
            first[i] = order.sampleAt(i);
            second[i] = order.sampleAt(1000 + i);
        }
        assertArrayEquals(range(1000), Arrays.stream(first).sorted().toArray());
        assertArrayEquals(range(1000), Arrays.stream(second).sorted().toArray());
        assertFalse(Arrays.equals(first, second), "epochs are shuffled differently");
        assertFalse(Arrays.equals(first, range(1000)), "the order is shuffled");
        // a fresh order (as after a resume) jumping straight into epoch 1 agrees
        SampleOrder resumed = new SampleOrder(7, 1000);
        assertEquals(second[123], resumed.sampleAt(1123));
        assertEquals(first[5], resumed.sampleAt(5));
        assertFalse(Arrays.equals(first, new SampleOrder(8, 1000).permutation(0)), "another seed, another order");
    }

    @Test
    void aboutHalfTheImagesAreMirroredDeterministically() {
        SampleOrder order = new SampleOrder(3, 10);
        int flipped = 0;
        for (long p = 0; p < 10000; p++) {
            boolean m = order.mirroredAt(p);
            assertEquals(m, new SampleOrder(3, 10).mirroredAt(p));
            flipped += m ? 1 : 0;
        }
        assertTrue(flipped > 4700 && flipped < 5300, "flipped " + flipped);
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        Arrays.setAll(r, i -> i);
        return r;
    }
}
