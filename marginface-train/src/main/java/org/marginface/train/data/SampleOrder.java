package org.marginface.train.data;

import java.util.SplittableRandom;

/**
 * Which image is the {@code p}-th one the run sees, and whether it is mirrored — both pure functions
 * of (seed, p). Epoch {@code e} is a shuffle of the dataset seeded from (seed, e), and a flip is drawn
 * from (seed, p), so a resumed run sees exactly the images an uninterrupted one would, whatever the
 * thread timing of the pipeline.
 */
public final class SampleOrder {

    private final long seed;
    private final int size;
    private long cachedEpoch = -1;
    private int[] cachedPermutation;

    public SampleOrder(long seed, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("no images to train on");
        }
        this.seed = seed;
        this.size = size;
    }

    /** The dataset index of the sample at global position {@code position} (0-based, across epochs). */
    public synchronized int sampleAt(long position) {
        long epoch = position / size;
        if (epoch != cachedEpoch) {
            cachedPermutation = permutation(epoch);
            cachedEpoch = epoch;
        }
        return cachedPermutation[(int) (position % size)];
    }

    /** Whether the sample at {@code position} is flipped left to right. */
    public boolean mirroredAt(long position) {
        return (mix(seed ^ 0x6A09E667F3BCC909L, position) & 1) == 1;
    }

    public long epochOf(long position) {
        return position / size;
    }

    /** A Fisher–Yates shuffle from a generator seeded with (seed, epoch). */
    int[] permutation(long epoch) {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(mix(seed, epoch));
        for (int i = size - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** A strong 64-bit mix of two values (SplitMix64's finaliser over a golden-ratio step). */
    static long mix(long a, long b) {
        long z = a + (b + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
