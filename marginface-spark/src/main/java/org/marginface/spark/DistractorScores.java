package org.marginface.spark;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.marginface.core.embed.Vectors;
import org.marginface.eval.ProbeRows;
import org.marginface.eval.TopRanks;

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
    static DistractorScores of(ProbeRows probes, Iterator<float[]> distractors, int ranks) {
        int dim = probes.dimension();
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
                Vectors.unitInPlace(block, rows * dim, dim, "distractor " + (seen + rows));
                rows++;
            }
            for (int q = 0; q < probes.count(); q++) {
                int offset = q * ranks;
                for (int j = 0; j < rows; j++) {
                    float s = probes.score(q, block, j * dim);
                    if (s > best[offset + ranks - 1]) {
                        TopRanks.insertDescending(best, offset, ranks, s);
                    }
                }
            }
            seen += rows;
        }
        return new DistractorScores(ranks, seen, best);
    }

    /** The highest {@code ranks} scores of both, per probe. */
    DistractorScores merge(DistractorScores other) {
        if (other.ranks != ranks) {
            throw new IllegalArgumentException("merging distractor scores of different shapes");
        }
        return new DistractorScores(ranks, distractors + other.distractors, TopRanks.merge(best, other.best, ranks));
    }

    /** The CMC curve of the probes against the distractors seen (see {@link ProbeRows#cmc}). */
    List<Double> cmc(ProbeRows probes) {
        return probes.cmc(best, ranks);
    }
}
