package org.marginface.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * MegaFace-challenge-1-style identification over features, for growing numbers of distractors.
 *
 * <p>For each probe identity, each of its images in turn joins the distractors as the gallery image
 * and every other image of the identity is a query; the query is a hit at rank k when fewer than k
 * distractors score strictly above the gallery image (a tie does not push it down). Verification
 * pairs every two images of a probe identity (genuine) against every probe image with every
 * distractor (impostors). Similarity is the cosine, computed in float.
 *
 * <p>Distractors stream through in blocks of {@link IdentificationOptions#blockRows()}, several
 * blocks at a time on worker threads, each block scored against every probe; never a probes x
 * distractors matrix. What is kept: each probe's {@code maxRank} best distractor scores, each
 * identity's same-identity scores, and, for the operating points, the highest
 * {@code floor(max FAR x probes x distractors) + 1} impostor scores (1.5 times that many floats at
 * most: 55 MB for 9,164 probes, a million distractors and FAR 1e-3), which makes every TAR at FAR
 * exact rather than binned.
 */
public final class Identification {

    /** Impostor scores a worker gathers before handing them over to the shared top list. */
    private static final int HANDOVER = 1 << 14;

    private Identification() {}

    public static IdentificationResult evaluate(List<ProbeIdentity> probes, FeatureRows distractors,
            IdentificationOptions options) {
        Probes p = Probes.of(probes, distractors.dimension());
        List<Integer> levels = options.levels(distractors.count());
        int ranks = options.maxRank();
        long maxImpostors = (long) p.count * levels.get(levels.size() - 1);
        double maxFar = options.fars().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        TopScores impostors = new TopScores(OperatingPoint.allowedFalseAccepts(maxFar, maxImpostors) + 1);
        float[] best = new float[p.count * ranks];
        Arrays.fill(best, Float.NEGATIVE_INFINITY);
        SortedScores genuine = SortedScores.of(p.genuineScores());

        List<IdentificationLevel> results = new ArrayList<>();
        ExecutorService workers = Executors.newFixedThreadPool(options.threads(), runnable -> {
            Thread thread = new Thread(runnable, "identification-worker");
            thread.setDaemon(true);
            return thread;
        });
        try {
            int done = 0;
            for (int level : levels) {
                List<Callable<Void>> blocks = new ArrayList<>();
                for (int from = done; from < level; from += options.blockRows()) {
                    int to = Math.min(level, from + options.blockRows());
                    int start = from;
                    blocks.add(() -> {
                        scoreBlock(p, distractors, start, to, ranks, best, impostors);
                        return null;
                    });
                }
                for (Future<Void> block : workers.invokeAll(blocks)) {
                    block.get();
                }
                done = level;
                results.add(summarise(p, level, ranks, best, impostors, genuine, options.fars()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("identification interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            workers.shutdownNow();
        }
        return new IdentificationResult(probes.size(), p.count, p.queries(), genuine.size(), results);
    }

    /** Scores distractors [from, to) against every probe and merges what is kept into the shared state. */
    private static void scoreBlock(Probes p, FeatureRows distractors, int from, int to, int ranks, float[] best,
            TopScores impostors) {
        int rows = to - from;
        int dim = p.dimension;
        float[] block = new float[rows * dim];
        distractors.copyRows(from, to, block);
        for (int j = 0; j < rows; j++) {
            unitInPlace(block, j * dim, dim, "distractor " + (from + j));
        }
        float[] localBest = new float[p.count * ranks];
        Arrays.fill(localBest, Float.NEGATIVE_INFINITY);
        float[] handover = new float[HANDOVER];
        int handed = 0;
        float floor = impostors.floor();
        for (int q = 0; q < p.count; q++) {
            int offset = q * ranks;
            for (int j = 0; j < rows; j++) {
                float s = dot(p.features, q * dim, block, j * dim, dim);
                if (s > localBest[offset + ranks - 1]) {
                    insertDescending(localBest, offset, ranks, s);
                }
                if (s >= floor) {
                    handover[handed++] = s;
                    if (handed == HANDOVER) {
                        impostors.addAll(handover, handed);
                        handed = 0;
                        floor = impostors.floor();
                    }
                }
            }
        }
        impostors.addAll(handover, handed);
        synchronized (best) {
            float[] merged = new float[ranks];
            for (int q = 0; q < p.count; q++) {
                int offset = q * ranks;
                int a = 0;
                int b = 0;
                for (int r = 0; r < ranks; r++) {
                    merged[r] = best[offset + a] >= localBest[offset + b] ? best[offset + a++] : localBest[offset + b++];
                }
                System.arraycopy(merged, 0, best, offset, ranks);
            }
        }
    }

    private static IdentificationLevel summarise(Probes p, int distractors, int ranks, float[] best,
            TopScores impostors, SortedScores genuine, List<Double> fars) {
        long[] queriesWithAbove = new long[ranks + 1];
        for (int id = 0; id < p.identities(); id++) {
            int m = p.start[id + 1] - p.start[id];
            for (int query = 0; query < m; query++) {
                int queryOffset = (p.start[id] + query) * ranks;
                for (int gallery = 0; gallery < m; gallery++) {
                    if (gallery != query) {
                        float score = p.scores[id][query * m + gallery];
                        int above = 0;
                        while (above < ranks && best[queryOffset + above] > score) {
                            above++;
                        }
                        queriesWithAbove[above]++;
                    }
                }
            }
        }
        List<Double> cmc = new ArrayList<>();
        long hits = 0;
        for (int r = 1; r <= ranks; r++) {
            hits += queriesWithAbove[r - 1];
            cmc.add(hits / (double) p.queries());
        }

        long impostorPairs = (long) p.count * distractors;
        float[] top = impostors.descending();
        List<OperatingPoint> points = new ArrayList<>();
        for (double far : fars) {
            int allowed = (int) OperatingPoint.allowedFalseAccepts(far, impostorPairs);
            float threshold = top[allowed];
            int above = 0;
            while (top[above] > threshold) {
                above++;
            }
            points.add(OperatingPoint.at(far, threshold, above, impostorPairs, genuine));
        }
        return new IdentificationLevel(distractors, impostorPairs, cmc.get(0), cmc, points);
    }

    /** Puts {@code s} into the sorted run {@code a[offset..offset+length)}, dropping its last value. */
    private static void insertDescending(float[] a, int offset, int length, float s) {
        int i = offset + length - 1;
        while (i > offset && a[i - 1] < s) {
            a[i] = a[i - 1];
            i--;
        }
        a[i] = s;
    }

    static void unitInPlace(float[] v, int offset, int length, String what) {
        double squares = 0;
        for (int i = offset; i < offset + length; i++) {
            squares += (double) v[i] * v[i];
        }
        double norm = Math.sqrt(squares);
        if (!(norm > 0) || !Double.isFinite(norm)) {
            throw new IllegalArgumentException(what + " has a zero or non-finite feature");
        }
        for (int i = offset; i < offset + length; i++) {
            v[i] = (float) (v[i] / norm);
        }
    }

    /**
     * The dot product of two rows, in eight interleaved partial sums (four times the speed of one
     * running sum in plain Java). Every score, probe against probe or against a distractor, goes
     * through here, so equal rows give exactly equal scores and ties are real ties.
     */
    static float dot(float[] a, int aOffset, float[] b, int bOffset, int length) {
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        float s4 = 0f;
        float s5 = 0f;
        float s6 = 0f;
        float s7 = 0f;
        int k = 0;
        for (; k + 8 <= length; k += 8) {
            int i = aOffset + k;
            int j = bOffset + k;
            s0 += a[i] * b[j];
            s1 += a[i + 1] * b[j + 1];
            s2 += a[i + 2] * b[j + 2];
            s3 += a[i + 3] * b[j + 3];
            s4 += a[i + 4] * b[j + 4];
            s5 += a[i + 5] * b[j + 5];
            s6 += a[i + 6] * b[j + 6];
            s7 += a[i + 7] * b[j + 7];
        }
        for (; k < length; k++) {
            s0 += a[aOffset + k] * b[bOffset + k];
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    /** The probe images as unit rows, identity after identity, with their same-identity scores. */
    private static final class Probes {
        final int dimension;
        final int count;
        final float[] features;
        /** identity i owns rows start[i] .. start[i+1] */
        final int[] start;
        /** per identity of m images, its m x m score matrix, row-major */
        final float[][] scores;

        private Probes(int dimension, float[] features, int[] start, float[][] scores) {
            this.dimension = dimension;
            this.count = features.length / dimension;
            this.features = features;
            this.start = start;
            this.scores = scores;
        }

        static Probes of(List<ProbeIdentity> identities, int dimension) {
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
                                + row.length + " values, the distractors " + dimension);
                    }
                    int offset = (start[i] + j) * dimension;
                    System.arraycopy(row, 0, features, offset, dimension);
                    unitInPlace(features, offset, dimension, "probe " + identity.name() + " image " + j);
                }
            }
            float[][] scores = new float[identities.size()][];
            for (int i = 0; i < identities.size(); i++) {
                int m = start[i + 1] - start[i];
                scores[i] = new float[m * m];
                for (int a = 0; a < m; a++) {
                    for (int b = 0; b < m; b++) {
                        scores[i][a * m + b] = dot(features, (start[i] + a) * dimension, features,
                                (start[i] + b) * dimension, dimension);
                    }
                }
            }
            return new Probes(dimension, features, start, scores);
        }

        int identities() {
            return scores.length;
        }

        long queries() {
            long n = 0;
            for (int i = 0; i < identities(); i++) {
                long m = start[i + 1] - start[i];
                n += m * (m - 1);
            }
            return n;
        }

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
}
