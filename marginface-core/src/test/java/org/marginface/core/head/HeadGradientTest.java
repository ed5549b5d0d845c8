package org.marginface.core.head;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.marginface.core.engine.Engines;

/** Float64 checks of every head: gradients against finite differences, and known identities. */
class HeadGradientTest {

    static final int N = 5;
    static final int D = 6;
    static final int C = 7;
    static final long[] LABELS = {0, 3, 6, 3, 1};

    @BeforeAll
    static void engine() {
        Engines.pytorch();
    }

    static Stream<HeadSpec> heads() {
        return Stream.of(
                new HeadSpec.Softmax(),
                new HeadSpec.NormFace(30),
                new HeadSpec.SphereFace(4, 1000, 0.12, 1, 5),
                new HeadSpec.SphereFace(3, 1000, 0.12, 1, 0),
                HeadSpec.AmSoftmax.paper(),
                new HeadSpec.AmSoftmax(30, 0.35, false, 0, 100),
                new HeadSpec.ArcFace(30, 0.5),
                new HeadSpec.CombinedMargin(30, 1.2, 0.3, 0.2),
                new HeadSpec.CombinedMargin(30, 1, 0.3, 0.2));
    }

    /** Loss of a head at given features and weights, in float64. */
    static double loss(NDManager m, HeadSpec spec, double[] f, double[] w, double[] b, long iteration) {
        try (NDManager scope = m.newSubManager()) {
            NDArray logits = spec.logits(scope.create(f, new Shape(N, D)), scope.create(w, new Shape(C, D)),
                    b == null ? null : scope.create(b, new Shape(C)), scope.create(LABELS), iteration);
            return Margins.crossEntropy(logits, scope.create(LABELS)).getDouble();
        }
    }

    @ParameterizedTest
    @MethodSource("heads")
    void gradientsMatchCentralDifferences(HeadSpec spec) {
        Random random = new Random(11);
        double[] f = gaussian(random, N * D, 3.0);
        double[] w = gaussian(random, C * D, 1.0);
        double[] b = spec instanceof HeadSpec.Softmax ? gaussian(random, C, 0.5) : null;
        long iteration = 40;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray fa = m.create(f, new Shape(N, D));
            NDArray wa = m.create(w, new Shape(C, D));
            NDArray ba = b == null ? null : m.create(b, new Shape(C));
            fa.setRequiresGradient(true);
            wa.setRequiresGradient(true);
            if (ba != null) {
                ba.setRequiresGradient(true);
            }
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray labels = m.create(LABELS);
                gc.backward(Margins.crossEntropy(spec.logits(fa, wa, ba, labels, iteration), labels));
            }
            double[] gf = fa.getGradient().toDoubleArray();
            double[] gw = wa.getGradient().toDoubleArray();
            assertEquals(DataType.FLOAT64, fa.getGradient().getDataType());
            checkAgainstDifferences(spec, "features", gf,
                    i -> derivative(f, i, x -> loss(m, spec, x, w, b, iteration)));
            checkAgainstDifferences(spec, "weights", gw,
                    i -> derivative(w, i, x -> loss(m, spec, f, x, b, iteration)));
            if (ba != null) {
                double[] gb = ba.getGradient().toDoubleArray();
                checkAgainstDifferences(spec, "bias", gb,
                    i -> derivative(b, i, x -> loss(m, spec, f, w, x, iteration)));
            }
        }
    }

    static final double H = 1e-4;

    /**
     * d loss / d x[i] by the five-point stencil, whose O(h^4) error stays far below 1e-6 relative even
     * with the s = 30 curvature of the cosine heads (plain central differences do not).
     */
    static double derivative(double[] x, int i, java.util.function.ToDoubleFunction<double[]> loss) {
        double[] at = x.clone();
        double[] values = new double[4];
        double[] offsets = {-2 * H, -H, H, 2 * H};
        for (int k = 0; k < 4; k++) {
            at[i] = x[i] + offsets[k];
            values[k] = loss.applyAsDouble(at);
        }
        return (values[0] - 8 * values[1] + 8 * values[2] - values[3]) / (12 * H);
    }

    private static void checkAgainstDifferences(
            HeadSpec spec, String what, double[] analytic, java.util.function.IntToDoubleFunction numeric) {
        double worst = 0;
        int checked = 0;
        for (int i = 0; i < analytic.length; i++) {
            double num = numeric.applyAsDouble(i);
            double scale = Math.max(Math.abs(num), Math.abs(analytic[i]));
            if (scale < 1e-4) {
                // tiny entries: compare absolutely, the relative error of a near-zero number means nothing
                assertEquals(num, analytic[i], 1e-8, spec + " " + what + "[" + i + "]");
                continue;
            }
            worst = Math.max(worst, Math.abs(num - analytic[i]) / scale);
            checked++;
        }
        assertTrue(checked > analytic.length / 2, spec + " " + what + ": too few entries checked: " + checked);
        assertTrue(worst <= 1e-6, spec + " " + what + ": max relative error " + worst);
    }

    @Test
    void amSoftmaxWithZeroMarginEqualsNormFace() {
        Random random = new Random(5);
        double[] f = gaussian(random, N * D, 2.0);
        double[] w = gaussian(random, C * D, 1.0);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray fa = m.create(f, new Shape(N, D));
            NDArray wa = m.create(w, new Shape(C, D));
            NDArray labels = m.create(LABELS);
            double[] am = new HeadSpec.AmSoftmax(30, 0, true, 0, 0).logits(fa, wa, null, labels, 0).toDoubleArray();
            double[] nf = new HeadSpec.NormFace(30).logits(fa, wa, null, labels, 0).toDoubleArray();
            for (int i = 0; i < am.length; i++) {
                assertEquals(nf[i], am[i], 1e-12);
            }
        }
    }

    @Test
    void amSoftmaxLossEqualsItsClosedForm() {
        Random random = new Random(8);
        double[] f = gaussian(random, N * D, 2.0);
        double[] w = gaussian(random, C * D, 1.0);
        double s = 30;
        double margin = 0.35;
        double expected = 0;
        for (int i = 0; i < N; i++) {
            int y = (int) LABELS[i];
            double[] cos = new double[C];
            for (int j = 0; j < C; j++) {
                cos[j] = cosine(f, i, w, j);
            }
            // -log( e^{s(cos_y - m)} / (e^{s(cos_y - m)} + sum_{j != y} e^{s cos_j}) )
            double target = Math.exp(s * (cos[y] - margin));
            double others = 0;
            for (int j = 0; j < C; j++) {
                if (j != y) {
                    others += Math.exp(s * cos[j]);
                }
            }
            expected += -Math.log(target / (target + others));
        }
        expected /= N;
        try (NDManager m = NDManager.newBaseManager()) {
            double actual = loss(m, new HeadSpec.AmSoftmax(s, margin, true, 0, 0), f, w, null, 0);
            assertEquals(expected, actual, 1e-10 * Math.abs(expected));
        }
    }

    @Test
    void aSoftmaxTargetLogitIsContinuousAndDecreasingOnZeroToPi() {
        for (int m : new int[] {1, 2, 3, 4}) {
            for (double lambda : new double[] {0, 5, 1000}) {
                double[] thetas = new double[20001];
                double[] cos = new double[thetas.length];
                for (int i = 0; i < thetas.length; i++) {
                    thetas[i] = Math.PI * i / (thetas.length - 1);
                    cos[i] = Math.cos(thetas[i]);
                }
                try (NDManager mgr = NDManager.newBaseManager()) {
                    NDArray c = mgr.create(cos);
                    double[] blended = c.mul(lambda).add(Margins.psi(c, m)).div(1 + lambda).toDoubleArray();
                    double[] psi = Margins.psi(c, m).toDoubleArray();
                    for (int i = 0; i < thetas.length; i++) {
                        // the definition: (-1)^k cos(m theta) - 2k on [k pi/m, (k+1) pi/m]
                        int k = Math.min(m - 1, (int) Math.floor(thetas[i] * m / Math.PI));
                        double reference = (k % 2 == 0 ? 1 : -1) * Math.cos(m * thetas[i]) - 2 * k;
                        if (Math.abs(thetas[i] * m / Math.PI - Math.round(thetas[i] * m / Math.PI)) > 1e-9) {
                            assertEquals(reference, psi[i], 1e-9, "m=" + m + " theta=" + thetas[i]);
                        }
                    }
                    double step = Math.PI / (thetas.length - 1);
                    for (int i = 1; i < thetas.length; i++) {
                        double drop = blended[i - 1] - blended[i];
                        assertTrue(drop > 0, "not decreasing at theta=" + thetas[i] + " m=" + m + " lambda=" + lambda);
                        // a continuous function with slope at most m moves by at most about m * step
                        assertTrue(drop <= (m + 1) * step, "jump at theta=" + thetas[i] + " m=" + m);
                    }
                }
            }
        }
    }

    @Test
    void arcFaceAndCombinedTargetsFollowTheirDefinitions() {
        double[] cos = {0.99, 0.7, 0.1, -0.5, -0.95};
        try (NDManager mgr = NDManager.newBaseManager()) {
            NDArray c = mgr.create(cos);
            double[] arc = Margins.arcTarget(c, 0.5).toDoubleArray();
            double[] combined = Margins.combinedTarget(c, 1.3, 0.2, 0.1).toDoubleArray();
            for (int i = 0; i < cos.length; i++) {
                double theta = Math.acos(cos[i]);
                double expectedArc = theta + 0.5 <= Math.PI ? Math.cos(theta + 0.5) : cos[i] - Math.sin(Math.PI - 0.5) * 0.5;
                assertEquals(expectedArc, arc[i], 1e-6, "arcface at cos " + cos[i]);
                assertEquals(Math.cos(1.3 * theta + 0.2) - 0.1, combined[i], 1e-6, "combined at cos " + cos[i]);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("heads")
    void zeroFeaturesGiveFiniteLossAndGradients(HeadSpec spec) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray f = m.zeros(new Shape(N, D), DataType.FLOAT64);
            NDArray w = m.create(gaussian(new Random(1), C * D, 1.0), new Shape(C, D));
            NDArray b = spec instanceof HeadSpec.Softmax ? m.zeros(new Shape(C), DataType.FLOAT64) : null;
            f.setRequiresGradient(true);
            w.setRequiresGradient(true);
            NDArray labels = m.create(LABELS);
            double loss;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray l = Margins.crossEntropy(spec.logits(f, w, b, labels, 0), labels);
                gc.backward(l);
                loss = l.getDouble();
            }
            assertTrue(Double.isFinite(loss), spec + " loss " + loss);
            for (double g : f.getGradient().toDoubleArray()) {
                assertTrue(Double.isFinite(g), spec + " feature gradient " + g);
            }
            for (double g : w.getGradient().toDoubleArray()) {
                assertTrue(Double.isFinite(g), spec + " weight gradient " + g);
            }
        }
    }

    @Test
    void cosinesAreClampedToPlusMinusOne() {
        try (NDManager m = NDManager.newBaseManager()) {
            // identical vectors: rounding can push the raw cosine a hair above 1
            NDArray v = m.create(new float[] {0.1f, 0.2f, 0.3f, 1e7f, 3f}, new Shape(1, 5));
            NDArray cos = Margins.cosines(v.concat(v.neg()), v.concat(v.neg()));
            for (float c : cos.toFloatArray()) {
                assertTrue(c >= -1 && c <= 1, "cosine " + c);
            }
        }
    }

    @Test
    void classifierHeadExposesItsWeightsAndReturnsLossAndLogits() {
        try (NDManager m = NDManager.newBaseManager()) {
            ClassifierHead head = new ClassifierHead(HeadSpec.AmSoftmax.paper(), 10, 8);
            head.initialize(m, 3);
            assertEquals(new Shape(10, 8), head.classWeights().getShape());
            var out = head.forward(new ai.djl.training.ParameterStore(m, false),
                    new ai.djl.ndarray.NDList(m.randomNormal(new Shape(4, 8)), m.create(new long[] {1, 2, 3, 4})), false);
            assertEquals(new Shape(), out.get(0).getShape());
            assertEquals(new Shape(4, 10), out.get(1).getShape());
        }
    }

    private static double cosine(double[] f, int row, double[] w, int cls) {
        double dot = 0;
        double nf = 0;
        double nw = 0;
        for (int d = 0; d < D; d++) {
            double a = f[row * D + d];
            double b = w[cls * D + d];
            dot += a * b;
            nf += a * a;
            nw += b * b;
        }
        return dot / Math.sqrt(nf * nw);
    }

    private static double[] gaussian(Random random, int n, double std) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextGaussian() * std;
        }
        return v;
    }

    static List<HeadSpec> all() {
        return heads().toList();
    }
}
