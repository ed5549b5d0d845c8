package org.marginface.core.head;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.SplittableRandom;

/**
 * The trainable head: owns the class-weight matrix (C x D, one centre per class) and, for plain
 * softmax, a bias. Forward takes {@code (embeddings N x D, labels N int64)} and returns
 * {@code (loss, logits)}.
 *
 * <p>The iteration drives schedules (A-Softmax's λ, AM-Softmax's margin ramp); the training loop
 * sets it before each step through {@link #setIteration}.
 */
public final class ClassifierHead extends AbstractBlock {

    private final HeadSpec spec;
    private final int numClasses;
    private final int embeddingSize;
    private final Parameter weight;
    private final Parameter bias;
    private volatile long iteration;

    public ClassifierHead(HeadSpec spec, int numClasses, int embeddingSize) {
        if (numClasses < 2) {
            throw new IllegalArgumentException("numClasses: a classification head needs at least 2 classes, got " + numClasses);
        }
        this.spec = spec;
        this.numClasses = numClasses;
        this.embeddingSize = embeddingSize;
        this.weight = addParameter(Parameter.builder()
                .setName("weight")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(numClasses, embeddingSize))
                .build());
        this.bias = spec instanceof HeadSpec.Softmax
                ? addParameter(Parameter.builder()
                        .setName("bias")
                        .setType(Parameter.Type.BIAS)
                        .optShape(new Shape(numClasses))
                        .build())
                : null;
    }

    public HeadSpec spec() {
        return spec;
    }

    public int numClasses() {
        return numClasses;
    }

    public int embeddingSize() {
        return embeddingSize;
    }

    /** The class-weight matrix, C x D, as trained (not normalised). */
    public NDArray classWeights() {
        return weight.getArray();
    }

    public void setIteration(long iteration) {
        this.iteration = iteration;
    }

    public long iteration() {
        return iteration;
    }

    /**
     * Allocates the weights and fills them with Caffe's "xavier" filler (uniform, limit sqrt(3 / D))
     * from a seeded Java generator; the bias starts at zero.
     */
    public void initialize(NDManager manager, long seed) {
        initialize(manager, DataType.FLOAT32, new Shape(1, embeddingSize), new Shape(1));
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[numClasses * embeddingSize];
        double limit = Math.sqrt(3.0 / embeddingSize);
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) ((random.nextDouble() * 2 - 1) * limit);
        }
        weight.getArray().set(values);
        if (bias != null) {
            bias.getArray().set(new float[numClasses]);
        }
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray features = inputs.get(0);
        NDArray labels = inputs.get(1);
        NDArray w = store.getValue(weight, features.getDevice(), training);
        NDArray b = bias == null ? null : store.getValue(bias, features.getDevice(), training);
        NDArray logits = Margins.logits(spec, features, w, b, labels, iteration);
        return new NDList(Margins.crossEntropy(logits, labels), logits);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(), new Shape(inputShapes[0].get(0), numClasses)};
    }
}
