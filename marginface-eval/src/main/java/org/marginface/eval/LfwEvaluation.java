package org.marginface.eval;

import java.util.List;

/**
 * Everything one LFW evaluation produced: the summary for JSON, the per-pair scores for CSV and the
 * ROC for plots.
 */
public record LfwEvaluation(VerificationResult result, List<PairScore> pairScores, Roc roc) {

    public LfwEvaluation {
        pairScores = List.copyOf(pairScores);
    }
}
