package org.marginface.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.marginface.core.head.HeadSpec;
import org.marginface.core.head.Margins;

/**
 * A margin head for very many classes ("partial FC"): each step uses the class centres of the
 * batch's labels plus a uniform random sample of the other classes, so that a step's work grows with
 * the sample, not with the number of classes. The margin is applied to the target as in the full
 * head; with sample rate 1 every class takes part and the head is exactly the full one.
 *
 * <p>All class centres and their momentum buffers live here (memory grows with the number of
 * classes). Only the sampled rows are gathered into a small leaf tensor that autograd sees, so the
 * backward pass and the update touch those rows alone. The update is the same Caffe-form SGD as
 * {@link Sgd}: v ← μ·v + lr·(g + λ·w), w ← w − v, applied to the sampled rows.
 */
public final class SampledMarginHead implements AutoCloseable {

    /** One step's view of the head: the sampled centres and the labels renumbered into them. */
    public final class Sample {
        private final NDArray rows;
        private final NDArray centres;
        private final NDArray labels;

        private Sample(NDArray rows, NDArray centres, NDArray labels) {
            this.rows = rows;
            this.centres = centres;
            this.labels = labels;
        }

        /** Mean loss of the batch over the sampled classes; backward through it reaches the centres. */
        public NDArray loss(NDArray features, long iteration) {
            NDArray logits = Margins.logits(spec, features, centres, null, labels, iteration);
            return Margins.crossEntropy(logits, labels);
        }

        /** The class indices this step uses, in increasing order. */
        public long[] rows() {
            return rows.toLongArray();
        }

        /** How many classes this step uses. */
        public long classes() {
            return rows.size();
        }

        /** The sampled centres (a leaf tensor whose gradient {@link #update} applies). */
        public NDArray centres() {
            return centres;
        }

        /** Applies one SGD step to the sampled rows, from the gradient backward left on them. */
        public void update(double learningRate) {
            NDIndex index = new NDIndex("{}", rows);
            try (NDManager scope = rows.getManager().newSubManager()) {
                NDArray grad = centres.getGradient();
                NDArray velocity = velocities.get(index);
                NDArray w = centres.stopGradient();
                grad.attach(scope);
                velocity.attach(scope);
                w.attach(scope);
                NDArray step = grad.add(w.mul(weightDecay)).mul(learningRate);
                step.attach(scope);
                NDArray newVelocity = velocity.mul(momentum).add(step);
                newVelocity.attach(scope);
                NDArray newWeights = w.sub(newVelocity);
                newWeights.attach(scope);
                velocities.set(index, newVelocity);
                weights.set(index, newWeights);
            }
        }
    }

    private final HeadSpec spec;
    private final int numClasses;
    private final double sampleRate;
    private final double momentum;
    private final double weightDecay;
    private final NDManager manager;
    private final NDArray weights;
    private final NDArray velocities;
    private final SplittableRandom random;

    /**
     * @param sampleRate the share r of classes used per step, in (0, 1]
     */
    public SampledMarginHead(HeadSpec spec, int numClasses, int embeddingSize, double sampleRate, double momentum,
            double weightDecay, long seed, NDManager parent) {
        if (spec instanceof HeadSpec.Softmax) {
            throw new IllegalArgumentException("head.sampleRate: class sampling needs a cosine head (normface, amsoftmax, "
                    + "arcface, combined, sphereface), not softmax with bias");
        }
        if (!(sampleRate > 0 && sampleRate <= 1)) {
            throw new IllegalArgumentException("head.sampleRate must be in (0, 1], got " + sampleRate);
        }
        this.spec = spec;
        this.numClasses = numClasses;
        this.sampleRate = sampleRate;
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        this.manager = parent.newSubManager();
        double limit = Math.sqrt(3.0 / embeddingSize);
        this.weights = manager.randomUniform((float) -limit, (float) limit, new Shape(numClasses, embeddingSize));
        this.velocities = manager.zeros(new Shape(numClasses, embeddingSize));
        this.random = new SplittableRandom(seed);
    }

    /** All class centres, C x D (for saving, or to compare with a full head). */
    public NDArray weights() {
        return weights;
    }

    public int numClasses() {
        return numClasses;
    }

    /**
     * Picks this step's classes: every label of the batch, plus uniformly drawn others up to
     * {@code ceil(r·C)} in all, in increasing class order. Drawing is O(sample), not O(C).
     *
     * @param batchManager the step's manager: the sample's tensors join it
     */
    public Sample sample(long[] labels, NDManager batchManager) {
        Set<Long> chosen = new HashSet<>();
        for (long label : labels) {
            if (label < 0 || label >= numClasses) {
                throw new IllegalArgumentException("label " + label + " outside 0.." + (numClasses - 1));
            }
            chosen.add(label);
        }
        int wanted = Math.max(chosen.size(), (int) Math.min(numClasses, Math.ceil(sampleRate * numClasses)));
        if (wanted == numClasses) {
            for (long c = 0; c < numClasses; c++) {
                chosen.add(c);
            }
        } else {
            while (chosen.size() < wanted) {
                chosen.add(random.nextLong(numClasses));
            }
        }
        long[] rows = chosen.stream().mapToLong(Long::longValue).sorted().toArray();
        Map<Long, Long> position = new HashMap<>(rows.length * 2);
        for (int i = 0; i < rows.length; i++) {
            position.put(rows[i], (long) i);
        }
        long[] renumbered = Arrays.stream(labels).map(position::get).toArray();
        NDArray rowIndex = batchManager.create(rows);
        NDArray centres = weights.get(new NDIndex("{}", rowIndex));
        centres.attach(batchManager);
        centres.setRequiresGradient(true);
        return new Sample(rowIndex, centres, batchManager.create(renumbered).toType(DataType.INT64, false));
    }

    @Override
    public void close() {
        manager.close();
    }
}
