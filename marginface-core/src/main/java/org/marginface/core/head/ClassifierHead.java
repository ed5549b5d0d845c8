package org.marginface.core.head;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
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
 * sets it before each step through {@link #setIteration}. With {@link #sampleClasses} a training
 * forward scores a {@link ClassSample} of the classes ("partial FC", {@code head.sampleRate}); the
 * logits then have one column per sampled class, and the centres outside the sample get no gradient.
 */
public final class ClassifierHead extends AbstractBlock {

    private final HeadSpec spec;
    private final int numClasses;
    private final int embeddingSize;
    private final Parameter weight;
    private final Parameter bias;
    private volatile long iteration;
    private double sampleRate = 1;
    private long sampleSeed;

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
        this.bias = spec.hasBias()
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
     * Makes training forwards score a sample of the classes, drawn from {@code seed} and the iteration.
     *
     * @param rate the share of classes per step, in (0, 1]; 1 scores every class
     */
    public void sampleClasses(double rate, long seed) {
        ClassSample.requireRate(rate);
        if (rate < 1) {
            ClassSample.requireSamplable(spec);
        }
        this.sampleRate = rate;
        this.sampleSeed = seed;
    }

    /** The share of classes a training forward scores ({@link #sampleClasses}); 1 for all. */
    public double sampleRate() {
        return sampleRate;
    }

    /**
     * Allocates the weights and fills them with {@link #fillCentres}; the bias starts at zero.
     */
    public void initialize(NDManager manager, long seed) {
        initialize(manager, DataType.FLOAT32, new Shape(1, embeddingSize), new Shape(1));
        fillCentres(weight.getArray(), seed);
        if (bias != null) {
            bias.getArray().set(new float[numClasses]);
        }
    }

    /**
     * Fills a C x D matrix of class centres with Caffe's "xavier" filler (uniform, limit sqrt(3 / D))
     * from a seeded Java generator, row after row: every head built from one seed starts alike.
     */
    public static void fillCentres(NDArray centres, long seed) {
        int rows = Math.toIntExact(centres.getShape().get(0));
        int dim = Math.toIntExact(centres.getShape().get(1));
        SplittableRandom random = new SplittableRandom(seed);
        double limit = Math.sqrt(3.0 / dim);
        // in blocks of rows, so that a million-class head does not need a Java array of all its weights
        int block = Math.max(1, Math.min(rows, (1 << 22) / dim));
        for (int start = 0; start < rows; start += block) {
            int end = Math.min(rows, start + block);
            float[] values = new float[(end - start) * dim];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) ((random.nextDouble() * 2 - 1) * limit);
            }
            if (start == 0 && end == rows) {
                centres.set(values);
            } else {
                try (NDArray part = centres.getManager().create(values, new Shape(end - start, dim))) {
                    centres.set(new NDIndex(start + ":" + end), part);
                }
            }
        }
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray features = inputs.get(0);
        NDArray labels = inputs.get(1);
        NDArray w = store.getValue(weight, features.getDevice(), training);
        NDArray b = bias == null ? null : store.getValue(bias, features.getDevice(), training);
        if (training && sampleRate < 1) {
            ClassSample sample = ClassSample.draw(labels.toLongArray(), numClasses, sampleRate,
                    ClassSample.random(sampleSeed, iteration));
            NDManager m = features.getManager();
            NDArray rows = m.create(sample.rows());
            NDArray sampledLabels = m.create(sample.labels());
            NDArray logits = spec.logits(features, w.get(new NDIndex("{}", rows)), null, sampledLabels, iteration);
            return new NDList(Margins.crossEntropy(logits, sampledLabels), logits);
        }
        NDArray logits = spec.logits(features, w, b, labels, iteration);
        return new NDList(Margins.crossEntropy(logits, labels), logits);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(), new Shape(inputShapes[0].get(0), numClasses)};
    }
}
