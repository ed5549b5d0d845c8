package org.marginface.eval;

/**
 * The features of the images of a list of pairs: each distinct image once in {@code rows}, and for
 * each pair the rows of its two sides.
 *
 * @param rows       one feature per distinct image
 * @param first      for each pair, the row of its first image
 * @param second     for each pair, the row of its second image
 * @param normalised whether the features already have unit length
 */
record PairFeatures(float[][] rows, int[] first, int[] second, boolean normalised) {

    int size() {
        return first.length;
    }

    int dimension() {
        return rows[0].length;
    }

    float[] first(int pair) {
        return rows[first[pair]];
    }

    float[] second(int pair) {
        return rows[second[pair]];
    }
}
