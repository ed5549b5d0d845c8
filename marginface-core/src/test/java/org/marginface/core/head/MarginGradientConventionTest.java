package org.marginface.core.head;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.marginface.core.engine.Engines;

/**
 * ArcFace worked two ways on one case, in float64: marginface's head, which differentiates through
 * cos(θ + m), and the formulas of insightface arcface_torch's {@code losses.py} ({@code ArcFace} and
 * {@code CombinedMarginLoss} with m1 = 1, m3 = 0), which replace the target cosine by cos(θ + m) under
 * {@code torch.no_grad()} and then scale by s. The logits agree; the gradient of the target logit with
 * respect to cos θ_y is s·(cos m + sin m·cos θ_y / sin θ_y) here and s there, and nothing else differs.
 */
class MarginGradientConventionTest {

    static final int N = 3;
    static final int D = 4;
    static final int C = 5;
    static final long[] LABELS = {2, 0, 4};
    static final double S = 64;
    static final double M = 0.5;

    @Test
    void logitsAgreeAndTheFeatureGradientsDifferOnlyByTheMarginsSlope() {
        Engines.pytorch();
        Random random = new Random(3);
        double[] f = new double[N * D];
        double[] w = new double[C * D];
        for (int i = 0; i < f.length; i++) {
            f[i] = random.nextGaussian() * 2;
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = random.nextGaussian();
        }
        // lean each feature towards its class so the case looks like training (cos θ_y well above 0)
        for (int i = 0; i < N; i++) {
            for (int d = 0; d < D; d++) {
                f[i * D + d] += 2 * w[(int) LABELS[i] * D + d];
            }
        }

        double[] ours;
        double[] ourGradient;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray features = m.create(f, new Shape(N, D));
            features.setRequiresGradient(true);
            NDArray labels = m.create(LABELS);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray logits = new HeadSpec.ArcFace(S, M).logits(features, m.create(w, new Shape(C, D)), null, labels, 0);
                ours = logits.toDoubleArray();
                gc.backward(Margins.crossEntropy(logits, labels));
            }
            ourGradient = features.getGradient().toDoubleArray();
        }

        // arcface_torch: cos, then under no_grad the target column becomes cos(acos(cos) + m), then x s
        double[][] cos = new double[N][C];
        double[][] unitF = new double[N][];
        double[] normF = new double[N];
        double[][] unitW = new double[C][];
        for (int j = 0; j < C; j++) {
            unitW[j] = unit(w, j);
        }
        double[] theirs = new double[N * C];
        for (int i = 0; i < N; i++) {
            unitF[i] = unit(f, i);
            normF[i] = norm(f, i);
            for (int j = 0; j < C; j++) {
                cos[i][j] = Math.max(-1, Math.min(1, dot(unitF[i], unitW[j])));
                boolean target = j == LABELS[i];
                assertTrue(!target || Math.acos(cos[i][j]) + M < Math.PI, "the case stays where θ + m < π");
                theirs[i * C + j] = S * (target ? Math.cos(Math.acos(cos[i][j]) + M) : cos[i][j]);
            }
        }
        for (int k = 0; k < theirs.length; k++) {
            assertEquals(theirs[k], ours[k], 1e-10, "logit " + k);
        }

        // their gradient: dL/dcos_ij = s (p_ij − [j = y_i]) / N for every column, the target's included;
        // ours has the target column times d cos(θ + m) / d cos θ = cos m + sin m · cos θ / sin θ
        double largestDifference = 0;
        for (int i = 0; i < N; i++) {
            double[] p = softmax(theirs, i);
            int y = (int) LABELS[i];
            double[] theirGradient = new double[D];
            for (int j = 0; j < C; j++) {
                double dLossDCos = S * (p[j] - (j == y ? 1 : 0)) / N;
                double[] dCosDf = cosineGradient(unitF[i], unitW[j], cos[i][j], normF[i]);
                for (int d = 0; d < D; d++) {
                    theirGradient[d] += dLossDCos * dCosDf[d];
                }
            }
            double c = cos[i][y];
            double slope = Math.cos(M) + Math.sin(M) * c / Math.sqrt(1 - c * c);
            double[] dCosDf = cosineGradient(unitF[i], unitW[y], c, normF[i]);
            for (int d = 0; d < D; d++) {
                double predicted = S * (p[y] - 1) / N * (slope - 1) * dCosDf[d];
                assertEquals(theirGradient[d] + predicted, ourGradient[i * D + d], 1e-9,
                        "feature " + i + ", component " + d);
                largestDifference = Math.max(largestDifference, Math.abs(ourGradient[i * D + d] - theirGradient[d]));
            }
        }
        assertTrue(largestDifference > 1e-3, "the two conventions give different gradients: " + largestDifference);
    }

    /** d cos(f, w) / d f = (ŵ − cos · f̂) / ‖f‖. */
    private static double[] cosineGradient(double[] unitF, double[] unitW, double cos, double normF) {
        double[] g = new double[unitF.length];
        for (int d = 0; d < g.length; d++) {
            g[d] = (unitW[d] - cos * unitF[d]) / normF;
        }
        return g;
    }

    private static double[] softmax(double[] logits, int row) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < C; j++) {
            max = Math.max(max, logits[row * C + j]);
        }
        double sum = 0;
        double[] p = new double[C];
        for (int j = 0; j < C; j++) {
            p[j] = Math.exp(logits[row * C + j] - max);
            sum += p[j];
        }
        for (int j = 0; j < C; j++) {
            p[j] /= sum;
        }
        return p;
    }

    private static double norm(double[] rows, int row) {
        double sum = 0;
        for (int d = 0; d < D; d++) {
            sum += rows[row * D + d] * rows[row * D + d];
        }
        return Math.sqrt(sum);
    }

    private static double[] unit(double[] rows, int row) {
        double n = norm(rows, row);
        double[] u = new double[D];
        for (int d = 0; d < D; d++) {
            u[d] = rows[row * D + d] / n;
        }
        return u;
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int d = 0; d < a.length; d++) {
            sum += a[d] * b[d];
        }
        return sum;
    }
}
