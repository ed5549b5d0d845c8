package org.marginface.core.head;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.Nulls;

/**
 * A classification head (the loss) and its parameters, as written in configs and manifests. The
 * arithmetic of every head lives in {@link Margins}; the trainable block is {@link ClassifierHead}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = HeadSpec.Softmax.class, name = "softmax"),
    @JsonSubTypes.Type(value = HeadSpec.NormFace.class, name = "normface"),
    @JsonSubTypes.Type(value = HeadSpec.SphereFace.class, name = "sphereface"),
    @JsonSubTypes.Type(value = HeadSpec.AmSoftmax.class, name = "amsoftmax"),
    @JsonSubTypes.Type(value = HeadSpec.ArcFace.class, name = "arcface"),
    @JsonSubTypes.Type(value = HeadSpec.CombinedMargin.class, name = "combined")
})
public sealed interface HeadSpec
        permits HeadSpec.Softmax, HeadSpec.NormFace, HeadSpec.SphereFace, HeadSpec.AmSoftmax, HeadSpec.ArcFace,
                HeadSpec.CombinedMargin {

    /** The name used in configs and manifests. */
    String type();

    /** Whether the head's class weights are L2-normalised before use (all but plain softmax). */
    default boolean normalizesWeights() {
        return true;
    }

    /** Plain softmax: a fully connected layer with bias, then cross-entropy. */
    record Softmax() implements HeadSpec {
        @Override
        public String type() {
            return "softmax";
        }

        @Override
        public boolean normalizesWeights() {
            return false;
        }
    }

    /** NormFace: normalised features and weights, logits s·cos θ_j. */
    record NormFace(double s) implements HeadSpec {
        public NormFace {
            requirePositive("s", s);
        }

        @Override
        public String type() {
            return "normface";
        }
    }

    /**
     * A-Softmax (SphereFace): target logit ‖f‖·ψ(θ) with ψ(θ) = (−1)^k cos(mθ) − 2k on [kπ/m, (k+1)π/m],
     * blended with ‖f‖ cos θ through λ = max(lambdaMin, base·(1 + gamma·iteration)^(−power)).
     */
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

        /** The SphereFace defaults: m = 4, base 1000, gamma 0.12, power 1, lambda_min 5. */
        public static SphereFace defaults() {
            return new SphereFace(4, 1000, 0.12, 1, 5);
        }

        @Override
        public String type() {
            return "sphereface";
        }

        /** The blending weight at an iteration. */
        public double lambda(long iteration) {
            return Math.max(lambdaMin, base * Math.pow(1 + gamma * iteration, -power));
        }
    }

    /**
     * AM-Softmax (CosFace): target logit s·(cos θ_y − m), others s·cos θ_j. With
     * {@code normalizeFeatures = false} the feature's own norm takes the place of s. The margin may be
     * held at 0 until iteration {@code marginRampStart} and then ramped linearly to m over
     * {@code marginRampIterations} iterations (0 and 0: the full margin from the first step). Without
     * feature normalisation a margin in force before the features have grown makes the norm shrink to
     * nothing (see docs/results.md); a margin-free start lets it grow first.
     */
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

        /** The paper's head: s = 30, m = 0.35, normalised features. */
        public static AmSoftmax paper() {
            return new AmSoftmax(30, 0.35, true, 0, 0);
        }

        @Override
        public String type() {
            return "amsoftmax";
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
    }

    /** ArcFace: target logit s·cos(θ_y + m), with the usual linear fallback where θ + m > π. */
    record ArcFace(double s, double m) implements HeadSpec {
        public ArcFace {
            requirePositive("s", s);
            if (m < 0 || m >= Math.PI / 2) {
                throw new IllegalArgumentException("head.m: the angular margin must be in [0, pi/2), got " + m);
            }
        }

        @Override
        public String type() {
            return "arcface";
        }
    }

    /** The combined margin s·(cos(m1·θ_y + m2) − m3), of which NormFace, AM-Softmax and ArcFace are cases. */
    record CombinedMargin(double s, double m1, double m2, double m3) implements HeadSpec {
        public CombinedMargin {
            requirePositive("s", s);
            requirePositive("m1", m1);
        }

        @Override
        public String type() {
            return "combined";
        }
    }

    private static void requirePositive(String field, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("head." + field + " must be a positive number, got " + value);
        }
    }
}
