package org.marginface.core.embed;

/**
 * The vector arithmetic on embeddings that every module shares: norms, unit length and dot products
 * of {@code float[]} features (and of flat arrays of rows). Sums of squares and the double-precision
 * dot products accumulate in double; {@link #dot(float[], int, float[], int, int)} is the float form
 * whose order of additions is fixed, so that equal rows score the same bits wherever they are compared.
 */
public final class Vectors {

    private Vectors() {}

    /** The L2 norm of a feature, accumulated in double. */
    public static double norm(float[] v) {
        return norm(v, 0, v.length);
    }

    /** The L2 norm of {@code v[offset..offset+length)}. */
    public static double norm(float[] v, int offset, int length) {
        double squares = 0;
        for (int i = offset; i < offset + length; i++) {
            squares += (double) v[i] * v[i];
        }
        return Math.sqrt(squares);
    }

    /** A unit-length copy of a feature (zero stays zero). */
    public static float[] l2Normalize(float[] v) {
        double norm = norm(v);
        float[] out = new float[v.length];
        if (norm == 0) {
            return out;
        }
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / norm);
        }
        return out;
    }

    /**
     * Scales {@code v[offset..offset+length)} to unit length in place; a zero or non-finite row is an
     * error naming {@code what}.
     */
    public static void unitInPlace(float[] v, int offset, int length, String what) {
        double norm = norm(v, offset, length);
        if (!(norm > 0) || !Double.isFinite(norm)) {
            throw new IllegalArgumentException(what + " has a zero or non-finite feature");
        }
        for (int i = offset; i < offset + length; i++) {
            v[i] = (float) (v[i] / norm);
        }
    }

    /** {@code v} in double precision, scaled to unit length (a zero feature gives NaN). */
    public static double[] unit(float[] v) {
        double[] out = toDouble(v);
        double norm = norm(v);
        for (int i = 0; i < out.length; i++) {
            out[i] /= norm;
        }
        return out;
    }

    /** {@code v} widened to double. */
    public static double[] toDouble(float[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }

    /** The dot product, accumulated in double. */
    public static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    /** The dot product of two features, accumulated in double. */
    public static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }

    /** The dot product of two vectors of one length, in float and in the fixed order of {@link #dot(float[], int, float[], int, int)}. */
    public static float dotFloat(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vectors of " + a.length + " and " + b.length + " dimensions");
        }
        return dot(a, 0, b, 0, a.length);
    }

    /**
     * The dot product of two rows of flat arrays, in float, in eight interleaved partial sums added
     * pairwise at the end (four times the speed of one running sum in plain Java). The order of the
     * additions is part of the contract: equal rows give exactly equal scores wherever they are
     * computed, so ties are real ties.
     */
    public static float dot(float[] a, int aOffset, float[] b, int bOffset, int length) {
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        float s4 = 0f;
        float s5 = 0f;
        float s6 = 0f;
        float s7 = 0f;
        int k = 0;
        for (; k + 8 <= length; k += 8) {
            int i = aOffset + k;
            int j = bOffset + k;
            s0 += a[i] * b[j];
            s1 += a[i + 1] * b[j + 1];
            s2 += a[i + 2] * b[j + 2];
            s3 += a[i + 3] * b[j + 3];
            s4 += a[i + 4] * b[j + 4];
            s5 += a[i + 5] * b[j + 5];
            s6 += a[i + 6] * b[j + 6];
            s7 += a[i + 7] * b[j + 7];
        }
        for (; k < length; k++) {
            s0 += a[aOffset + k] * b[bOffset + k];
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }
}
