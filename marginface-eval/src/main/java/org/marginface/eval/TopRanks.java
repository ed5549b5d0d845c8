package org.marginface.eval;

/**
 * Each probe's best distractor scores as descending runs of {@code ranks} values in one flat array
 * (probe q at {@code q * ranks}), {@code -inf} where there are none yet. Two such arrays merge into
 * the best of both, so blocks and partitions combine in any order to the same result.
 */
public final class TopRanks {

    private TopRanks() {}

    /** Puts {@code s} into the descending run {@code a[offset..offset+length)}, dropping its last value. */
    public static void insertDescending(float[] a, int offset, int length, float s) {
        int i = offset + length - 1;
        while (i > offset && a[i - 1] < s) {
            a[i] = a[i - 1];
            i--;
        }
        a[i] = s;
    }

    /** The best {@code ranks} values of each probe's run in {@code a} and {@code b}, as a new array. */
    public static float[] merge(float[] a, float[] b, int ranks) {
        if (a.length != b.length || a.length % ranks != 0) {
            throw new IllegalArgumentException("merging top lists of different shapes");
        }
        float[] merged = new float[a.length];
        for (int offset = 0; offset < a.length; offset += ranks) {
            int i = offset;
            int j = offset;
            for (int r = 0; r < ranks; r++) {
                merged[offset + r] = a[i] >= b[j] ? a[i++] : b[j++];
            }
        }
        return merged;
    }
}
