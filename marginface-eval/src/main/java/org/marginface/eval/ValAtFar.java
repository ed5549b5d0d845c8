package org.marginface.eval;

/**
 * insightface's VAL@FAR: the true accept rate on each held-out fold at the threshold where the
 * training folds' false accept rate reaches {@code farTarget}.
 *
 * @param farTarget the false accept rate aimed at on the training folds
 * @param val       mean true accept rate over the held-out folds
 * @param valStd    population standard deviation of it over folds
 * @param far       mean false accept rate reached on the held-out folds
 */
public record ValAtFar(double farTarget, double val, double valStd, double far) {}
