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

    private final FaceModel model;
    private final Sgd optimizer;
    private final ParameterStore store;

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
        for (int part = 0; part < microBatches; part++) {
            NDArray x = microBatches == 1 ? images : images.get(part * size + ":" + (part + 1) * size);
            NDArray y = microBatches == 1 ? labels : labels.get(part * size + ":" + (part + 1) * size);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray embeddings = model.backbone().forward(store, new NDList(x), true).singletonOrThrow();
                NDList out = head.forward(store, new NDList(embeddings, y), true);
                NDArray loss = out.get(0);
                collector.backward(microBatches == 1 ? loss : loss.div(microBatches));
                lossSum += loss.getFloat();
                NDArray scores = head.spec() instanceof HeadSpec.Softmax
                        ? out.get(1)
                        : Margins.cosines(embeddings.stopGradient(), head.classWeights().stopGradient());
                correct += scores.argMax(1).eq(y).sum().getLong();
                normSum += embeddings.stopGradient().norm(new int[] {1}).sum().getFloat();
            }
        }
        optimizer.step(learningRate);
        return new Result(lossSum / microBatches, (double) correct / n, Math.toIntExact(n), normSum / n);
    }

    @Override
    public void close() {
        optimizer.close();
    }
}
