package org.marginface.core.head;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * A margin head for very many classes ("partial FC") that keeps its own centres and updates only the
 * sampled rows: each step uses the centres of a {@link ClassSample}, so that a step's work and its
 * gradient grow with the sample, not with the number of classes. With sample rate 1 it is exactly the
 * full head. Its centres start as {@link ClassifierHead#initialize} fills them at the same seed.
 *
 * <p>Training with {@code head.sampleRate} samples inside {@link ClassifierHead} instead, so that the
 * centres stay the model's parameters (checkpointed, resumed and saved with it); this class is the
 * form whose memory does not hold a dense C x D gradient, which {@code bench-head} measures.
 *
 * <p>All class centres and their momentum buffers live here. Only the sampled rows are gathered into a
 * small leaf tensor that autograd sees. The update is the Caffe-form SGD of the training module:
 * v ← μ·v + lr·(g + λ·w), w ← w − v, applied to the sampled rows.
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
            NDArray logits = spec.logits(features, centres, null, labels, iteration);
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
    private final long seed;
    private long draws;

    /**
     * @param sampleRate the share r of classes used per step, in (0, 1]
     */
    public SampledMarginHead(HeadSpec spec, int numClasses, int embeddingSize, double sampleRate, double momentum,
            double weightDecay, long seed, NDManager parent) {
        ClassSample.requireSamplable(spec);
        ClassSample.requireRate(sampleRate);
        this.spec = spec;
        this.numClasses = numClasses;
        this.sampleRate = sampleRate;
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        this.manager = parent.newSubManager();
        this.weights = manager.zeros(new Shape(numClasses, embeddingSize));
        ClassifierHead.fillCentres(weights, seed);
        this.velocities = manager.zeros(new Shape(numClasses, embeddingSize));
        this.seed = seed;
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
        ClassSample drawn = ClassSample.draw(labels, numClasses, sampleRate, ClassSample.random(seed, draws++));
        NDArray rowIndex = batchManager.create(drawn.rows());
        NDArray centres = weights.get(new NDIndex("{}", rowIndex));
        centres.attach(batchManager);
        centres.setRequiresGradient(true);
        return new Sample(rowIndex, centres, batchManager.create(drawn.labels()).toType(DataType.INT64, false));
    }

    @Override
    public void close() {
        manager.close();
    }
}
