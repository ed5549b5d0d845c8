package org.marginface.eval;

/** A corner of a ROC curve: the false and true accept rates of one threshold. */
public record RocPoint(double far, double tar) {}
