package org.marginface.core.head;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import java.util.function.UnaryOperator;

/**
 * Tensor arithmetic the heads share: cosines, norms, the target column and the margin functions. Each
 * head's logits are its own ({@link HeadSpec#logits}); the training block and the float64 gradient
 * checks run that same code. Rows of {@code features} are embeddings (N x D), rows of {@code weights}
 * class centres (C x D), {@code labels} int64 class indices (N).
 */
public final class Margins {

    /** Floor on norms, so that a zero feature or class centre gives zero cosines rather than NaN. */
    static final double NORM_FLOOR = 1e-12;
    /** acos and sqrt(1 − c²) have infinite slope at ±1; the angular heads stay this far inside. */
    static final double ANGLE_EDGE = 1e-7;

    private Margins() {}

    /** Mean softmax cross-entropy of logits against labels. */
    public static NDArray crossEntropy(NDArray logits, NDArray labels) {
        return pickColumn(logits.logSoftmax(1), labels).neg().mean();
    }

    /** cos θ between every feature and every class centre, clamped to [−1, 1] (N x C). */
    public static NDArray cosines(NDArray features, NDArray weights) {
        return l2Normalize(features).matMul(l2Normalize(weights).transpose()).clip(-1, 1);
    }

    /** Rows divided by their L2 norm (rows of norm zero stay zero). */
    public static NDArray l2Normalize(NDArray rows) {
        return rows.div(norms(rows).maximum(NORM_FLOOR));
    }

    /** Row norms as an N x 1 column. */
    static NDArray norms(NDArray rows) {
        return rows.norm(new int[] {1}, true);
    }

    /** Entry {@code labels[i]} of row i, as an N x 1 column. */
    static NDArray pickColumn(NDArray matrix, NDArray labels) {
        return matrix.gather(labels.reshape(-1, 1), 1);
    }

    /** One-hot rows of the labels, N x C in the data type of {@code cos}. */
    static NDArray oneHot(NDArray cos, NDArray labels) {
        return labels.oneHot(Math.toIntExact(cos.getShape().get(1)), cos.getDataType());
    }

    /**
     * cos with each row's target column replaced by {@code target} of it: cos + onehot · (target(cos_y) − cos_y),
     * so that autograd follows {@code target}.
     */
    static NDArray withTarget(NDArray cos, NDArray labels, UnaryOperator<NDArray> target) {
        NDArray targetCos = pickColumn(cos, labels);
        return cos.add(oneHot(cos, labels).mul(target.apply(targetCos).sub(targetCos)));
    }

    /**
     * cos(θ + m) without acos: cos θ cos m − sin θ sin m. Where θ + m would pass π the function stops
     * decreasing; there, as in insightface, it continues as the line cos θ − m sin m.
     */
    static NDArray arcTarget(NDArray c, double m) {
        NDArray sin = c.square().neg().add(1).clip(ANGLE_EDGE, 1).sqrt();
        NDArray rotated = c.mul(Math.cos(m)).sub(sin.mul(Math.sin(m)));
        NDArray fallback = c.sub(Math.sin(Math.PI - m) * m);
        return NDArrays.where(c.gt(Math.cos(Math.PI - m)), rotated, fallback);
    }

    /** cos(m1·θ + m2) − m3; acos only where m1 ≠ 1, closed forms otherwise. */
    static NDArray combinedTarget(NDArray c, double m1, double m2, double m3) {
        NDArray target;
        if (m1 == 1 && m2 == 0) {
            target = c;
        } else if (m1 == 1) {
            target = arcTarget(c, m2);
        } else {
            target = c.clip(-1 + ANGLE_EDGE, 1 - ANGLE_EDGE).acos().mul(m1).add(m2).cos();
        }
        return m3 == 0 ? target : target.sub(m3);
    }

    /**
     * SphereFace's ψ(θ) = (−1)^k cos(mθ) − 2k for θ in [kπ/m, (k+1)π/m], from cos θ alone: k counts the
     * boundaries cos(iπ/m) that cos θ lies at or below; cos(mθ) is the Chebyshev polynomial T_m(cos θ).
     */
    static NDArray psi(NDArray c, int m) {
        NDArray k = c.zerosLike();
        for (int i = 1; i < m; i++) {
            k = k.add(c.lte(Math.cos(i * Math.PI / m)).toType(c.getDataType(), false));
        }
        NDArray sign = k.mod(2).mul(-2).add(1);
        return chebyshev(c, m).mul(sign).sub(k.mul(2));
    }

    /** T_m(c) by the recurrence T_{n+1} = 2c·T_n − T_{n−1}. */
    static NDArray chebyshev(NDArray c, int m) {
        NDArray previous = c.onesLike();
        NDArray current = c;
        for (int n = 1; n < m; n++) {
            NDArray next = c.mul(current).mul(2).sub(previous);
            previous = current;
            current = next;
        }
        return m == 0 ? previous : current;
    }
}
