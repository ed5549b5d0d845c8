package org.marginface.spark;

/**
 * Unit rows and their dot products: the one way every score of the identification job is made, public
 * so that a single-machine reference can score pairs to the same bits.
 */
public final class Cosine {

    private Cosine() {}

    /** Scales {@code v[offset..offset+length)} to unit length; a zero or non-finite row is an error. */
    public static void unitInPlace(float[] v, int offset, int length, String what) {
        double squares = 0;
        for (int i = offset; i < offset + length; i++) {
            squares += (double) v[i] * v[i];
        }
        double norm = Math.sqrt(squares);
        if (!(norm > 0) || !Double.isFinite(norm)) {
            throw new IllegalArgumentException(what + " has a zero or non-finite embedding");
        }
        for (int i = offset; i < offset + length; i++) {
            v[i] = (float) (v[i] / norm);
        }
    }

    /**
     * The dot product in float with eight interleaved partial sums, added pairwise at the end. The
     * order of additions is part of the contract: marginface-eval's single-machine identification
     * sums in this order too, so both score every pair to the same bits and rank ties alike.
     */
    public static float dot(float[] a, int aOffset, float[] b, int bOffset, int length) {
        float[] lanes = new float[8];
        int k = 0;
        for (; k + 8 <= length; k += 8) {
            for (int lane = 0; lane < 8; lane++) {
                lanes[lane] += a[aOffset + k + lane] * b[bOffset + k + lane];
            }
        }
        for (; k < length; k++) {
            lanes[0] += a[aOffset + k] * b[bOffset + k];
        }
        return ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) + ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]));
    }
}
