package org.marginface.train.config;

import java.util.List;

/**
 * Verification during training, every {@code every} iterations.
 *
 * @param every iterations between evaluations (0: never)
 * @param lfw the LFW data directory (with {@code pairs.txt} and {@code lfw-112x96/}), or empty for none
 * @param bins insightface verification sets ({@code lfw.bin}, {@code cfp_fp.bin}, {@code agedb_30.bin}, …)
 */
public record EvaluationConfig(long every, String lfw, List<String> bins) {

    public EvaluationConfig {
        Checks.nonNegative("evaluation.every", every);
        lfw = lfw == null ? "" : lfw;
        bins = bins == null ? List.of() : List.copyOf(bins);
        for (int i = 0; i < bins.size(); i++) {
            if (bins.get(i) == null || bins.get(i).isBlank()) {
                throw new IllegalArgumentException("evaluation.bins[" + i + "]: empty path");
            }
        }
    }
}
