package org.marginface.eval;

import java.util.Arrays;

/** Scores sorted once so that counts against any threshold are binary searches, not scans. */
final class SortedScores {

    private final double[] ascending;

    private SortedScores(double[] ascending) {
        this.ascending = ascending;
    }

    static SortedScores of(double[] scores) {
        double[] copy = scores.clone();
        Arrays.sort(copy);
        return new SortedScores(copy);
    }

    /** The scores whose label is {@code label}, optionally only those marked in {@code subset}. */
    static SortedScores select(double[] scores, boolean[] labels, boolean label, boolean[] subset) {
        double[] chosen = new double[scores.length];
        int n = 0;
        for (int i = 0; i < scores.length; i++) {
            if (labels[i] == label && (subset == null || subset[i])) {
                chosen[n++] = scores[i];
            }
        }
        return of(Arrays.copyOf(chosen, n));
    }

    int size() {
        return ascending.length;
    }

    double get(int index) {
        return ascending[index];
    }

    /** How many scores are strictly below {@code t}. */
    int countBelow(double t) {
        int lo = 0;
        int hi = ascending.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ascending[mid] < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** How many scores are at most {@code t}. */
    int countAtMost(double t) {
        int lo = 0;
        int hi = ascending.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ascending[mid] <= t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** How many scores are strictly above {@code t}. */
    int countAbove(double t) {
        return ascending.length - countAtMost(t);
    }
}
