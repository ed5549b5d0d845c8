package org.marginface.eval;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The largest {@code keep} of a stream of scores, exactly, in O(keep) memory: values are buffered
 * until the buffer is full, then the buffer is cut back to its {@code keep} largest and everything
 * below the smallest of them (the floor) is refused from then on. Safe for several writers.
 */
final class TopScores {

    private static final int MIN_CAPACITY = 1 << 12;

    private final int keep;
    private final int capacity;
    private float[] values;
    private int size;
    private volatile float floor = Float.NEGATIVE_INFINITY;

    TopScores(long keep) {
        if (keep < 1 || keep > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("cannot keep " + keep + " scores");
        }
        this.keep = (int) keep;
        // half again as much room as kept: each cut-back is linear and frees at least keep / 2 slots
        this.capacity = (int) Math.max(MIN_CAPACITY, keep + keep / 2);
        this.values = new float[(int) Math.min(capacity, MIN_CAPACITY)];
    }

    /** Every value below this is known not to be among the largest {@code keep}; it only rises. */
    float floor() {
        return floor;
    }

    synchronized void addAll(float[] batch, int n) {
        for (int i = 0; i < n; i++) {
            float v = batch[i];
            if (v < floor) {
                continue;
            }
            if (size == values.length) {
                if (values.length < capacity) {
                    values = Arrays.copyOf(values, (int) Math.min(capacity, 2L * values.length));
                } else {
                    cutBack();
                    if (v < floor) {
                        continue;
                    }
                }
            }
            values[size++] = v;
        }
    }

    /** The kept scores, largest first (at least {@code keep} of them once that many were added). */
    synchronized float[] descending() {
        float[] copy = Arrays.copyOf(values, size);
        Arrays.sort(copy);
        for (int i = 0, j = copy.length - 1; i < j; i++, j--) {
            float t = copy[i];
            copy[i] = copy[j];
            copy[j] = t;
        }
        return copy;
    }

    private void cutBack() {
        int drop = size - keep;
        select(values, 0, size - 1, drop);
        floor = values[drop];
        System.arraycopy(values, drop, values, 0, keep);
        size = keep;
    }

    /**
     * Rearranges {@code a[lo..hi]} so that {@code a[k]} holds the value it would hold sorted, with
     * nothing larger before it and nothing smaller after it (quickselect, three-way partitions so
     * that runs of equal scores cost nothing).
     */
    static void select(float[] a, int lo, int hi, int k) {
        while (lo < hi) {
            float pivot = a[lo + ThreadLocalRandom.current().nextInt(hi - lo + 1)];
            int lt = lo;
            int gt = hi;
            int i = lo;
            while (i <= gt) {
                if (a[i] < pivot) {
                    swap(a, lt++, i++);
                } else if (a[i] > pivot) {
                    swap(a, i, gt--);
                } else {
                    i++;
                }
            }
            // a[lo..lt) < pivot, a[lt..gt] == pivot, a(gt..hi] > pivot
            if (k < lt) {
                hi = lt - 1;
            } else if (k > gt) {
                lo = gt + 1;
            } else {
                return;
            }
        }
    }

    private static void swap(float[] a, int i, int j) {
        float t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}
