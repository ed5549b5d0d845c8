package org.marginface.eval;

/**
 * What differs between the LFW protocols: how a pair is scored, how a fold's threshold is learnt
 * on the other folds, and what counts as a correct decision. The ten-fold loop around them is shared.
 */
interface FoldProtocol {

    /** What the score is, for reports: a larger cosine or a smaller distance means "same". */
    String scoreName();

    /** Prepares the scoring of {@code features}, doing once what does not depend on the folds. */
    PairScorer scorer(PairFeatures features);

    /** Scores pairs for a choice of training pairs. */
    interface PairScorer {

        /**
         * The score of every pair when the pairs marked in {@code training} are the ones thresholds
         * are learnt from (SphereFace centres the features on them; insightface ignores them).
         */
        double[] scores(boolean[] training);
    }

    /** The threshold learnt from training scores. */
    double threshold(double[] scores, boolean[] same);

    /** Whether the decision at {@code threshold} is right for a pair. */
    boolean correct(double score, boolean same, double threshold);

    /** The score as a cosine similarity, so that ROC curves of both protocols read alike. */
    double cosine(double score);
}
