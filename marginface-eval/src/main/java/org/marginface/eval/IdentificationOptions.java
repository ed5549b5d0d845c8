package org.marginface.eval;

import java.util.List;

/**
 * How {@link Identification} runs.
 *
 * @param distractorCounts the growing numbers of distractors to report, each a prefix of the
 *                         distractor rows; empty for 10, 100, 1000, ... below the total, then the total
 * @param fars             the false accept rates of the verification operating points
 * @param maxRank          the last rank of the CMC curve
 * @param blockRows        distractors scored together against all probes (memory per worker thread
 *                         is one such block of features plus maxRank scores per probe)
 * @param threads          worker threads, each scoring one block at a time
 */
public record IdentificationOptions(List<Integer> distractorCounts, List<Double> fars, int maxRank, int blockRows,
        int threads) {

    public static final List<Double> DEFAULT_FARS = List.of(1e-6, 1e-5, 1e-4, 1e-3);

    public IdentificationOptions {
        distractorCounts = List.copyOf(distractorCounts);
        fars = List.copyOf(fars);
        if (fars.isEmpty()) {
            throw new IllegalArgumentException("at least one false accept rate is needed");
        }
        for (double far : fars) {
            if (!(far > 0 && far < 1)) {
                throw new IllegalArgumentException("a false accept rate must be in (0, 1), got " + far);
            }
        }
        if (maxRank < 1 || blockRows < 1 || threads < 1) {
            throw new IllegalArgumentException("maxRank, blockRows and threads must be positive");
        }
    }

    /** MegaFace's report: CMC to rank 10, TAR at FAR 1e-6..1e-3; blocks of 256 (half a MB at 512-d), one thread per core. */
    public static IdentificationOptions defaults() {
        return new IdentificationOptions(List.of(), DEFAULT_FARS, 10, 256,
                Runtime.getRuntime().availableProcessors());
    }

    public IdentificationOptions withDistractorCounts(List<Integer> counts) {
        return new IdentificationOptions(counts, fars, maxRank, blockRows, threads);
    }

    public IdentificationOptions withFars(List<Double> newFars) {
        return new IdentificationOptions(distractorCounts, newFars, maxRank, blockRows, threads);
    }

    public IdentificationOptions withBlocks(int rows, int workerThreads) {
        return new IdentificationOptions(distractorCounts, fars, maxRank, rows, workerThreads);
    }

    /** The distractor counts to report for {@code total} distractors, ascending. */
    List<Integer> levels(int total) {
        if (total < 1) {
            throw new IllegalArgumentException("identification needs at least one distractor");
        }
        if (distractorCounts.isEmpty()) {
            List<Integer> levels = new java.util.ArrayList<>();
            for (long n = 10; n < total; n *= 10) {
                levels.add((int) n);
            }
            levels.add(total);
            return levels;
        }
        List<Integer> levels = distractorCounts.stream().distinct().sorted().toList();
        if (levels.get(0) < 1 || levels.get(levels.size() - 1) > total) {
            throw new IllegalArgumentException("distractor counts " + distractorCounts + " must lie in 1.."
                    + total);
        }
        return levels;
    }
}
