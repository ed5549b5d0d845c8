package org.marginface.eval;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.marginface.core.embed.Vectors;

/**
 * The probe side of the identification protocol: every probe image as a unit row, identity after
 * identity, with each identity's same-identity scores. Serializable so that marginface-spark can
 * broadcast it to the executors and rank exactly as the single-machine evaluation does.
 */
public final class ProbeRows implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int dimension;
    /** unit rows, row i at i * dimension */
    private final float[] features;
    /** identity i owns rows start[i] .. start[i+1] */
    private final int[] start;
    /** per identity of m images, its m x m score matrix, row-major */
    private final float[][] scores;

    private ProbeRows(int dimension, float[] features, int[] start, float[][] scores) {
        this.dimension = dimension;
        this.features = features;
        this.start = start;
        this.scores = scores;
    }

    /** The probes' features of {@code dimension} values each, scaled to unit length (the inputs stay as they are). */
    public static ProbeRows of(List<ProbeIdentity> identities, int dimension) {
        if (identities.isEmpty()) {
            throw new IllegalArgumentException("identification needs probe identities");
        }
        int[] start = new int[identities.size() + 1];
        for (int i = 0; i < identities.size(); i++) {
            start[i + 1] = start[i] + identities.get(i).features().size();
        }
        float[] features = new float[start[identities.size()] * dimension];
        for (int i = 0; i < identities.size(); i++) {
            ProbeIdentity identity = identities.get(i);
            for (int j = 0; j < identity.features().size(); j++) {
                float[] row = identity.features().get(j);
                if (row.length != dimension) {
                    throw new IllegalArgumentException("probe " + identity.name() + " image " + j + " has "
                            + row.length + " values where " + dimension + " are expected");
                }
                int offset = (start[i] + j) * dimension;
                System.arraycopy(row, 0, features, offset, dimension);
                Vectors.unitInPlace(features, offset, dimension, "probe " + identity.name() + " image " + j);
            }
        }
        float[][] scores = new float[identities.size()][];
        for (int i = 0; i < identities.size(); i++) {
            int m = start[i + 1] - start[i];
            scores[i] = new float[m * m];
            for (int a = 0; a < m; a++) {
                for (int b = 0; b < m; b++) {
                    scores[i][a * m + b] = Vectors.dot(features, (start[i] + a) * dimension, features,
                            (start[i] + b) * dimension, dimension);
                }
            }
        }
        return new ProbeRows(dimension, features, start, scores);
    }

    public int dimension() {
        return dimension;
    }

    /** Probe images. */
    public int count() {
        return features.length / dimension;
    }

    public int identities() {
        return scores.length;
    }

    /** (query, gallery) trials: m(m-1) for an identity of m images. */
    public long queries() {
        long n = 0;
        for (int i = 0; i < identities(); i++) {
            long m = start[i + 1] - start[i];
            n += m * (m - 1);
        }
        return n;
    }

    /** The score of probe image {@code probe} against the unit row {@code rows[offset..offset+dimension)}. */
    public float score(int probe, float[] rows, int offset) {
        return Vectors.dot(features, probe * dimension, rows, offset, dimension);
    }

    /**
     * The CMC curve to rank {@code ranks} from each probe image's best distractor scores
     * ({@link TopRanks} layout): a query is a hit at rank r when fewer than r distractors score
     * strictly above its gallery image, so a distractor that ties the gallery image does not push it
     * down. {@code cmc.get(0)} is rank-1.
     */
    public List<Double> cmc(float[] best, int ranks) {
        long[] queriesWithAbove = new long[ranks + 1];
        for (int id = 0; id < identities(); id++) {
            int m = start[id + 1] - start[id];
            for (int query = 0; query < m; query++) {
                int queryOffset = (start[id] + query) * ranks;
                for (int gallery = 0; gallery < m; gallery++) {
                    if (gallery != query) {
                        float score = scores[id][query * m + gallery];
                        int above = 0;
                        while (above < ranks && best[queryOffset + above] > score) {
                            above++;
                        }
                        queriesWithAbove[above]++;
                    }
                }
            }
        }
        List<Double> cmc = new ArrayList<>(ranks);
        long hits = 0;
        for (int r = 0; r < ranks; r++) {
            hits += queriesWithAbove[r];
            cmc.add(hits / (double) queries());
        }
        return cmc;
    }

    /** Every same-identity pair's score once (a before b). */
    double[] genuineScores() {
        long pairs = queries() / 2;
        double[] out = new double[Math.toIntExact(pairs)];
        int n = 0;
        for (int i = 0; i < identities(); i++) {
            int m = start[i + 1] - start[i];
            for (int a = 0; a < m; a++) {
                for (int b = a + 1; b < m; b++) {
                    out[n++] = scores[i][a * m + b];
                }
            }
        }
        return out;
    }
}
