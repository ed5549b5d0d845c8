package org.marginface.spark;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * What one or more distractor partitions contribute to the identification protocol: each probe's
 * {@code ranks} highest distractor scores (descending) and how many distractors were seen. Merging
 * two keeps the highest of both, so partitions combine in any order to the same result.
 */
final class DistractorScores implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Distractors scored together, so a block stays in cache while every probe passes over it. */
    private static final int BLOCK_ROWS = 256;

    final int ranks;
    final long distractors;
    /** probe q's best scores at q * ranks .. q * ranks + ranks, descending; -inf where none yet */
    final float[] best;

    private DistractorScores(int ranks, long distractors, float[] best) {
        this.ranks = ranks;
        this.distractors = distractors;
        this.best = best;
    }

    /** Scores a partition's distractor embeddings against every probe. */
    static DistractorScores of(ProbeSet probes, Iterator<float[]> distractors, int ranks) {
        int dim = probes.dimension;
        float[] best = new float[probes.count() * ranks];
        Arrays.fill(best, Float.NEGATIVE_INFINITY);
        float[] block = new float[BLOCK_ROWS * dim];
        long seen = 0;
        while (distractors.hasNext()) {
            int rows = 0;
            while (rows < BLOCK_ROWS && distractors.hasNext()) {
                float[] row = distractors.next();
                if (row.length != dim) {
                    throw new IllegalArgumentException("a distractor has a " + row.length + "-d embedding, the probes "
                            + dim + "-d");
                }
                System.arraycopy(row, 0, block, rows * dim, dim);
                Cosine.unitInPlace(block, rows * dim, dim, "distractor " + (seen + rows));
                rows++;
            }
            for (int q = 0; q < probes.count(); q++) {
                int offset = q * ranks;
                for (int j = 0; j < rows; j++) {
                    float s = Cosine.dot(probes.features, q * dim, block, j * dim, dim);
                    if (s > best[offset + ranks - 1]) {
                        insertDescending(best, offset, ranks, s);
                    }
                }
            }
            seen += rows;
        }
        return new DistractorScores(ranks, seen, best);
    }

    /** The highest {@code ranks} scores of both, per probe. */
    DistractorScores merge(DistractorScores other) {
        if (other.ranks != ranks || other.best.length != best.length) {
            throw new IllegalArgumentException("merging distractor scores of different shapes");
        }
        float[] merged = new float[best.length];
        for (int offset = 0; offset < best.length; offset += ranks) {
            int a = offset;
            int b = offset;
            for (int r = 0; r < ranks; r++) {
                merged[offset + r] = best[a] >= other.best[b] ? best[a++] : other.best[b++];
            }
        }
        return new DistractorScores(ranks, distractors + other.distractors, merged);
    }

    /** The CMC curve of the probes against the distractors seen (see {@link ProbeSet#cmc}). */
    List<Double> cmc(ProbeSet probes) {
        return probes.cmc(best, ranks);
    }

    /** Puts {@code s} into the descending run {@code a[offset..offset+length)}, dropping its last value. */
    private static void insertDescending(float[] a, int offset, int length, float s) {
        int i = offset + length - 1;
        while (i > offset && a[i - 1] < s) {
            a[i] = a[i - 1];
            i--;
        }
        a[i] = s;
    }
}
