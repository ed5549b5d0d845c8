package org.marginface.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopScoresTest {

    @Test
    void selectPutsTheKthValueInPlace() {
        Random random = new Random(3);
        for (int trial = 0; trial < 200; trial++) {
            float[] a = new float[1 + random.nextInt(300)];
            for (int i = 0; i < a.length; i++) {
                // few distinct values, so that ties are the rule
                a[i] = random.nextInt(7);
            }
            float[] sorted = a.clone();
            Arrays.sort(sorted);
            int k = random.nextInt(a.length);
            TopScores.select(a, 0, a.length - 1, k);
            assertEquals(sorted[k], a[k]);
            for (int i = 0; i < a.length; i++) {
                assertTrue(i < k ? a[i] <= a[k] : a[i] >= a[k]);
            }
        }
    }

    @Test
    void keepsExactlyTheLargestScoresFromSeveralWriters() throws Exception {
        int keep = 5000;
        TopScores top = new TopScores(keep);
        float[] all = new float[400_000];
        Random random = new Random(11);
        for (int i = 0; i < all.length; i++) {
            all[i] = (float) Math.rint(random.nextGaussian() * 1000) / 1000;
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int from = w * 100_000;
            done.add(pool.submit(() -> {
                for (int at = from; at < from + 100_000; at += 777) {
                    int n = Math.min(777, from + 100_000 - at);
                    top.addAll(Arrays.copyOfRange(all, at, at + n), n);
                }
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();

        float[] expected = all.clone();
        Arrays.sort(expected);
        float[] largestFirst = new float[keep];
        for (int i = 0; i < keep; i++) {
            largestFirst[i] = expected[expected.length - 1 - i];
        }
        float[] kept = top.descending();
        assertTrue(kept.length >= keep);
        assertArrayEquals(largestFirst, Arrays.copyOf(kept, keep));
        assertTrue(top.floor() <= largestFirst[keep - 1]);
    }
}
