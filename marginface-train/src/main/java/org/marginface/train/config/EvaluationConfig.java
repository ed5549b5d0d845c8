package org.marginface.train.config;

/**
 * Verification on LFW during training.
 *
 * @param every iterations between evaluations (0: never)
 * @param lfw the LFW data directory (with {@code pairs.txt} and {@code lfw-112x96/})
 */
public record EvaluationConfig(long every, String lfw) {

    public EvaluationConfig {
        Checks.nonNegative("evaluation.every", every);
        lfw = lfw == null ? "" : lfw;
    }
}
