package org.marginface.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.marginface.core.embed.Vectors;

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
        ProbeRows p = ProbeRows.of(probes, distractors.dimension());
        List<Integer> levels = options.levels(distractors.count());
        int ranks = options.maxRank();
        long maxImpostors = (long) p.count() * levels.get(levels.size() - 1);
        double maxFar = options.fars().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        TopScores impostors = new TopScores(OperatingPoint.allowedFalseAccepts(maxFar, maxImpostors) + 1);
        float[] best = new float[p.count() * ranks];
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
        return new IdentificationResult(probes.size(), p.count(), p.queries(), genuine.size(), results);
    }

    /** Scores distractors [from, to) against every probe and merges what is kept into the shared state. */
    private static void scoreBlock(ProbeRows p, FeatureRows distractors, int from, int to, int ranks, float[] best,
            TopScores impostors) {
        int rows = to - from;
        int dim = p.dimension();
        float[] block = new float[rows * dim];
        distractors.copyRows(from, to, block);
        for (int j = 0; j < rows; j++) {
            Vectors.unitInPlace(block, j * dim, dim, "distractor " + (from + j));
        }
        float[] localBest = new float[p.count() * ranks];
        Arrays.fill(localBest, Float.NEGATIVE_INFINITY);
        float[] handover = new float[HANDOVER];
        int handed = 0;
        float floor = impostors.floor();
        for (int q = 0; q < p.count(); q++) {
            int offset = q * ranks;
            for (int j = 0; j < rows; j++) {
                float s = p.score(q, block, j * dim);
                if (s > localBest[offset + ranks - 1]) {
                    TopRanks.insertDescending(localBest, offset, ranks, s);
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
            System.arraycopy(TopRanks.merge(best, localBest, ranks), 0, best, 0, best.length);
        }
    }

    private static IdentificationLevel summarise(ProbeRows p, int distractors, int ranks, float[] best,
            TopScores impostors, SortedScores genuine, List<Double> fars) {
        List<Double> cmc = p.cmc(best, ranks);

        long impostorPairs = (long) p.count() * distractors;
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
}
