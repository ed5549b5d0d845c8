package org.marginface.eval;

/**
 * The features of both sides of each pair, in pair order; rows are shared between pairs naming the
 * same image and must not be modified.
 *
 * @param normalised whether the features already have unit length
 */
record PairFeatures(float[][] first, float[][] second, boolean normalised) {

    int size() {
        return first.length;
    }

    int dimension() {
        return first[0].length;
    }
}
