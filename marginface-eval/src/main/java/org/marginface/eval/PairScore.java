package org.marginface.eval;

/**
 * A pair's score when its fold was held out, and whether the fold's threshold decided it right.
 *
 * @param pair    the pair
 * @param score   the protocol's score (cosine for sphereface, squared distance for insightface)
 * @param correct whether the decision at the fold's threshold was right
 */
public record PairScore(LfwPair pair, double score, boolean correct) {}
