package org.marginface.eval;

/**
 * One held-out fold of the ten-fold protocol.
 *
 * @param fold      the fold (1-based)
 * @param accuracy  the fraction of the fold's pairs decided right
 * @param threshold the threshold learnt on the other folds, in the protocol's score
 * @param correct   pairs decided right
 * @param pairs     pairs in the fold
 */
public record FoldResult(int fold, double accuracy, double threshold, int correct, int pairs) {}
