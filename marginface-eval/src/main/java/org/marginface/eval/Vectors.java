package org.marginface.eval;

/** The few vector operations the evaluations share. */
final class Vectors {

    private Vectors() {}

    static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    /** {@code v} in double precision, scaled to unit length. */
    static double[] unit(float[] v) {
        double[] out = new double[v.length];
        double squares = 0;
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
            squares += out[i] * out[i];
        }
        double norm = Math.sqrt(squares);
        for (int i = 0; i < v.length; i++) {
            out[i] /= norm;
        }
        return out;
    }

    static double[] toDouble(float[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }

    static double norm(float[] v) {
        double squares = 0;
        for (float x : v) {
            squares += (double) x * x;
        }
        return Math.sqrt(squares);
    }
}
