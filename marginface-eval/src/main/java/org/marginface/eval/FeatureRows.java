package org.marginface.eval;

import java.util.List;

/**
 * A list of features read a block at a time, so that a million of them need not be in memory at
 * once: an implementation may hold them, map a file, or compute them. Rows are copied out as they
 * are; the reader normalises them.
 */
public interface FeatureRows {

    /** How many rows there are. */
    int count();

    /** The length of every row. */
    int dimension();

    /**
     * Copies rows {@code from} (inclusive) to {@code to} (exclusive) into {@code dest}, one after the
     * other. Called from several threads at once, for disjoint ranges.
     */
    void copyRows(int from, int to, float[] dest);

    /** Rows held in memory; they must all have the same length. */
    static FeatureRows of(List<float[]> rows) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("no feature rows");
        }
        List<float[]> held = List.copyOf(rows);
        int dimension = held.get(0).length;
        for (int i = 0; i < held.size(); i++) {
            if (held.get(i).length != dimension) {
                throw new IllegalArgumentException("row " + i + " has " + held.get(i).length
                        + " values where row 0 has " + dimension);
            }
        }
        return new FeatureRows() {
            @Override
            public int count() {
                return held.size();
            }

            @Override
            public int dimension() {
                return dimension;
            }

            @Override
            public void copyRows(int from, int to, float[] dest) {
                for (int i = from; i < to; i++) {
                    System.arraycopy(held.get(i), 0, dest, (i - from) * dimension, dimension);
                }
            }
        };
    }
}
