package org.marginface.core.head;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.annotation.JsonTypeIdResolver;
import java.util.Map;

/**
 * A classification head (the loss) and its parameters, as written in configs and manifests, and its
 * logits. The trainable block is {@link ClassifierHead}; arithmetic shared by several heads lives in
 * {@link Margins}.
 *
 * <p>To add a head, add a record here: a {@link HeadName}, a constructor taking {@link HeadParams}
 * (the config's parameters with the head's defaults) and {@link #logits}. The compiler demands the
 * logits; the name is read from the annotation everywhere (configs, manifests, error messages).
 *
 * <p><b>The margin is differentiated through.</b> Every head here is plain tensor arithmetic on
 * cos θ, and autograd follows it into the margin: for ArcFace the target logit's slope with respect
 * to cos θ_y is s·(cos m + sin m·cos θ_y / sin θ_y), for A-Softmax ‖f‖·(λ + ψ'(θ))/(1 + λ). insightface's
 * arcface_torch ({@code losses.py}, {@code CombinedMarginLoss} with m1 = 1 and m3 = 0, the {@code ArcFace}
 * class) and OpenSphere's SphereFace compute the margin under {@code torch.no_grad()} and add it to
 * cos θ as a constant, so their target logit's slope is s, as for the other classes. The logits (and so
 * the loss) are equal; the gradients of the target column differ by that factor, and training curves
 * with them are not expected to coincide. AM-Softmax's additive margin has slope 1 either way.
 * {@code MarginGradientConventionTest} shows one case worked both ways; docs/design.md has the detail.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.CUSTOM, property = "type")
@JsonTypeIdResolver(HeadSpecs.TypeIds.class)
public sealed interface HeadSpec {

    /** The name used in configs and manifests (the record's {@link HeadName}). */
    default String type() {
        return HeadSpecs.nameOf(getClass());
    }

    /** Whether the head's class weights are L2-normalised before use (all but plain softmax). */
    default boolean normalizesWeights() {
        return true;
    }

    /** Whether the head has a bias per class (plain softmax): {@link ClassifierHead} then holds one. */
    default boolean hasBias() {
        return false;
    }

    /**
     * The logits of a training step, N x C. Rows of {@code features} are embeddings (N x D), rows of
     * {@code weights} class centres (C x D), {@code labels} int64 class indices (N).
     *
     * @param bias the class biases (C) of a head that has them (plain softmax), else {@code null}
     * @param iteration the training iteration, for schedules (A-Softmax's λ, the margin ramp)
     */
    NDArray logits(NDArray features, NDArray weights, NDArray bias, NDArray labels, long iteration);

    /** Plain softmax: a fully connected layer with bias, then cross-entropy. */
    @HeadName("softmax")
    record Softmax() implements HeadSpec {
        Softmax(HeadParams p) {
            this();
        }

        @Override
        public boolean normalizesWeights() {
            return false;
        }

        @Override
        public boolean hasBias() {
            return true;
        }

        @Override
        public NDArray logits(NDArray features, NDArray weights, NDArray bias, NDArray labels, long iteration) {
            NDArray out = features.matMul(weights.transpose());
            return bias == null ? out : out.add(bias);
        }
    }

    /** NormFace: normalised features and weights, logits s·cos θ_j. */
    @HeadName("normface")
    record NormFace(double s) implements HeadSpec {
        public NormFace {
            requirePositive("s", s);
        }

        NormFace(HeadParams p) {
            this(p.number("s", 30));
        }

        @Override
        public NDArray logits(NDArray features, NDArray weights, NDArray bias, NDArray labels, long iteration) {
            return Margins.cosines(features, weights).mul(s);
        }
    }

    /**
     * A-Softmax (SphereFace): target logit ‖f‖·ψ(θ) with ψ(θ) = (−1)^k cos(mθ) − 2k on [kπ/m, (k+1)π/m],
     * blended with ‖f‖ cos θ through λ = max(lambdaMin, base·(1 + gamma·iteration)^(−power)).
     * The gradient follows ψ (see the interface's note on the margin's gradient).
     */
    @HeadName(value = "sphereface", aliases = "asoftmax")
    record SphereFace(int m, double base, double gamma, double power, double lambdaMin) implements HeadSpec {
        public SphereFace {
            if (m < 1 || m > 8) {
                throw new IllegalArgumentException("head.m: A-Softmax takes an integer margin 1..8, got " + m);
            }
            requirePositive("base", base);
            if (gamma < 0 || power < 0 || lambdaMin < 0) {
                throw new IllegalArgumentException("head.gamma, head.power and head.lambdaMin must be non-negative");
            }
        }

        SphereFace(HeadParams p) {
            this((int) p.integer("m", 4), p.number("base", 1000), p.number("gamma", 0.12), p.number("power", 1),
                    p.number("lambdaMin", 5));
        }

        /** The SphereFace defaults: m = 4, base 1000, gamma 0.12, power 1, lambda_min 5. */
        public static SphereFace defaults() {
            return new SphereFace(new HeadParams(Map.of()));
        }

        /** The blending weight at an iteration. */
        public double lambda(long iteration) {
            return Math.max(lambdaMin, base * Math.pow(1 + gamma * iteration, -power));
        }

        @Override
        public NDArray logits(NDArray features, NDArray weights, NDArray bias, NDArray labels, long iteration) {
            NDArray cos = Margins.cosines(features, weights);
            double l = lambda(iteration);
            return Margins.withTarget(cos, labels, c -> c.mul(l).add(Margins.psi(c, m)).div(1 + l))
                    .mul(Margins.norms(features));
        }
    }

    /**
     * AM-Softmax (CosFace): target logit s·(cos θ_y − m), others s·cos θ_j. With
     * {@code normalizeFeatures = false} the feature's own norm takes the place of s. The margin may be
     * held at 0 until iteration {@code marginRampStart} and then ramped linearly to m over
     * {@code marginRampIterations} iterations (0 and 0: the full margin from the first step).
     */
    @HeadName(value = "amsoftmax", aliases = "cosface")
    record AmSoftmax(double s, double m, boolean normalizeFeatures,
            // manifests written before this field existed lack it, and meant 0
            @JsonSetter(nulls = Nulls.AS_EMPTY) long marginRampStart,
            long marginRampIterations) implements HeadSpec {
        public AmSoftmax {
            requirePositive("s", s);
            if (m < 0 || m >= 2) {
                throw new IllegalArgumentException("head.m: the additive margin must be in [0, 2), got " + m);
            }
            if (marginRampIterations < 0) {
                throw new IllegalArgumentException("head.marginRampIterations must be >= 0, got " + marginRampIterations);
            }
            if (marginRampStart < 0) {
                throw new IllegalArgumentException("head.marginRampStart must be >= 0, got " + marginRampStart);
            }
        }

        AmSoftmax(HeadParams p) {
            this(p.number("s", 30), p.number("m", 0.35), p.flag("normalizeFeatures", true),
                    p.integer("marginRampStart", 0), p.integer("marginRampIterations", 0));
        }

        /** The paper's head: s = 30, m = 0.35, normalised features. */
        public static AmSoftmax paper() {
            return new AmSoftmax(30, 0.35, true, 0, 0);
        }

        /** The margin in force at an iteration. */
        public double margin(long iteration) {
            if (iteration < marginRampStart) {
                return 0;
            }
            if (marginRampIterations == 0) {
                return m;
            }
            return m * Math.min(1.0, (double) (iteration - marginRampStart) / marginRampIterations);
        }

        @Override
        public NDArray logits(NDArray features, NDArray weights, NDArray bias, NDArray labels, long iteration) {
            NDArray cos = Margins.cosines(features, weights);
            double margin = margin(iteration);
            NDArray shifted = cos.sub(Margins.oneHot(cos, labels).mul(margin));
            return normalizeFeatures ? shifted.mul(s) : shifted.mul(Margins.norms(features));
        }
    }

    /**
     * ArcFace: target logit s·cos(θ_y + m), with the usual linear fallback where θ + m > π. The gradient
     * follows cos(θ + m) (see the interface's note on the margin's gradient).
     */
    @HeadName("arcface")
    record ArcFace(double s, double m) implements HeadSpec {
        public ArcFace {
            requirePositive("s", s);
            if (m < 0 || m >= Math.PI / 2) {
                throw new IllegalArgumentException("head.m: the angular margin must be in [0, pi/2), got " + m);
            }
        }

        ArcFace(HeadParams p) {
            this(p.number("s", 30), p.number("m", 0.5));
        }

        @Override
        public NDArray logits(NDArray features, NDArray weights, NDArray bias, NDArray labels, long iteration) {
            return Margins.withTarget(Margins.cosines(features, weights), labels, c -> Margins.arcTarget(c, m)).mul(s);
        }
    }

    /**
     * The combined margin s·(cos(m1·θ_y + m2) − m3), of which NormFace, AM-Softmax and ArcFace are cases.
     * The gradient follows the whole target function (see the interface's note on the margin's gradient).
     */
    @HeadName("combined")
    record CombinedMargin(double s, double m1, double m2, double m3) implements HeadSpec {
        public CombinedMargin {
            requirePositive("s", s);
            requirePositive("m1", m1);
        }

        CombinedMargin(HeadParams p) {
            this(p.number("s", 30), p.number("m1", 1), p.number("m2", 0), p.number("m3", 0));
        }

        @Override
        public NDArray logits(NDArray features, NDArray weights, NDArray bias, NDArray labels, long iteration) {
            return Margins.withTarget(Margins.cosines(features, weights), labels,
                    c -> Margins.combinedTarget(c, m1, m2, m3)).mul(s);
        }
    }

    private static void requirePositive(String field, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("head." + field + " must be a positive number, got " + value);
        }
    }
}
