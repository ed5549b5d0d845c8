package org.marginface.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import org.marginface.core.head.ClassifierHead;
import org.marginface.core.head.HeadSpec;
import org.marginface.core.head.Margins;
import org.marginface.core.model.FaceModel;

/**
 * One optimisation step of backbone plus head: forward, loss, backward and update, with optional
 * gradient accumulation over micro-batches so that a large effective batch fits in memory.
 */
public final class TrainingStep implements AutoCloseable {

    /**
     * What one step measured.
     *
     * @param accuracy the share of the batch whose highest-scoring class is its label, scored without
     *     the margin (cosine to each class centre, or the softmax logits): the classifier's own
     *     prediction. With the margin in, the target must beat every other class by m, which stays near
     *     zero for a long stretch of training and hides early progress.
     * @param featureNorm the batch's mean embedding norm: where the heads that keep it as their scale
     *     (no feature normalisation, A-Softmax) collapse, it heads to zero while the loss sits at ln C
     */
    public record Result(double loss, double accuracy, int images, double featureNorm) {}

    /**
     * Wall time of one step's phases, in nanoseconds, summed over its micro-batches. libtorch on the
     * CPU finishes each operation before the call returns, so a clock read between calls splits the
     * step's time exactly.
     *
     * @param backbone the trunk's forward pass
     * @param head the head's forward pass and the loss
     * @param backward back-propagation through head and trunk
     * @param metrics the step's accuracy and feature norm, outside the graph
     * @param update the optimiser's update of every parameter
     */
    public record Phases(long backbone, long head, long backward, long metrics, long update) {

        public long total() {
            return backbone + head + backward + metrics + update;
        }
    }

    private final FaceModel model;
    private final Sgd optimizer;
    private final ParameterStore store;
    private Phases lastPhases = new Phases(0, 0, 0, 0, 0);

    public TrainingStep(FaceModel model, double momentum, double weightDecay) {
        if (model.head() == null) {
            throw new IllegalArgumentException("training needs a model with a head (numClasses > 0)");
        }
        this.model = model;
        this.store = new ParameterStore(model.manager(), false);
        this.optimizer = new Sgd(trainableParameters(model), momentum, weightDecay, model.manager());
    }

    /** Backbone and head parameters, prefixed so their names are unique. */
    public static PairList<String, Parameter> trainableParameters(FaceModel model) {
        PairList<String, Parameter> all = new PairList<>();
        for (Pair<String, Parameter> p : model.backbone().getParameters()) {
            all.add("backbone." + p.getKey(), p.getValue());
        }
        for (Pair<String, Parameter> p : model.head().getParameters()) {
            all.add("head." + p.getKey(), p.getValue());
        }
        return all;
    }

    public Sgd optimizer() {
        return optimizer;
    }

    /**
     * Runs one step on a batch split into {@code microBatches} equal parts.
     *
     * <p>Every intermediate tensor joins the manager of {@code images}: give each step's batch its own
     * manager and close it after the step, or native memory grows without bound.
     *
     * @param images N x 3 x H x W, already normalised
     * @param labels N class indices (int64)
     */
    public Result step(NDArray images, NDArray labels, double learningRate, long iteration, int microBatches) {
        long n = images.getShape().get(0);
        if (n % microBatches != 0) {
            throw new IllegalArgumentException("batch of " + n + " does not split into " + microBatches + " micro-batches");
        }
        ClassifierHead head = model.head();
        head.setIteration(iteration);
        double lossSum = 0;
        long correct = 0;
        double normSum = 0;
        long size = n / microBatches;
        long[] phase = new long[5];
        long clock = System.nanoTime();
        for (int part = 0; part < microBatches; part++) {
            NDArray x = microBatches == 1 ? images : images.get(part * size + ":" + (part + 1) * size);
            NDArray y = microBatches == 1 ? labels : labels.get(part * size + ":" + (part + 1) * size);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray embeddings = model.backbone().forward(store, new NDList(x), true).singletonOrThrow();
                clock = lap(phase, 0, clock);
                NDList out = head.forward(store, new NDList(embeddings, y), true);
                NDArray loss = out.get(0);
                clock = lap(phase, 1, clock);
                collector.backward(microBatches == 1 ? loss : loss.div(microBatches));
                clock = lap(phase, 2, clock);
                lossSum += loss.getFloat();
                NDArray scores = head.spec() instanceof HeadSpec.Softmax
                        ? out.get(1)
                        : Margins.cosines(embeddings.stopGradient(), head.classWeights().stopGradient());
                correct += scores.argMax(1).eq(y).sum().getLong();
                normSum += embeddings.stopGradient().norm(new int[] {1}).sum().getFloat();
            }
            clock = lap(phase, 3, clock);
        }
        optimizer.step(learningRate);
        lap(phase, 4, clock);
        lastPhases = new Phases(phase[0], phase[1], phase[2], phase[3], phase[4]);
        return new Result(lossSum / microBatches, (double) correct / n, Math.toIntExact(n), normSum / n);
    }

    /** The phases of the last {@link #step}. */
    public Phases lastPhases() {
        return lastPhases;
    }

    private static long lap(long[] phase, int index, long since) {
        long now = System.nanoTime();
        phase[index] += now - since;
        return now;
    }

    @Override
    public void close() {
        optimizer.close();
    }
}
