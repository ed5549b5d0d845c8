package org.marginface.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * Stochastic gradient descent with momentum and weight decay, in Caffe's form, which is how the
 * AM-Softmax and SphereFace models were trained:
 *
 * <pre>
 *   v ← μ·v + lr·(g + λ·w)
 *   w ← w − v
 * </pre>
 *
 * <p>PyTorch keeps the learning rate outside the buffer ({@code v ← μ·v + g + λ·w; w ← w − lr·v}); the
 * two agree while the learning rate is constant and differ for a few hundred iterations after each
 * step of the schedule, where Caffe's form carries the old rate's velocity. We follow the paper's
 * framework. As in the Caffe definitions, biases are not decayed ({@code decay_mult: 0}); weights and
 * PReLU slopes are. The momentum buffers are plain tensors owned here, so checkpoints can save them.
 */
public final class Sgd implements AutoCloseable {

    private final double momentum;
    private final double weightDecay;
    private final List<Slot> slots = new ArrayList<>();
    private final NDManager manager;

    private record Slot(String name, Parameter parameter, NDArray velocity, boolean decayed) {}

    /**
     * @param parameters the parameters to train, with their names (order fixes the checkpoint layout)
     */
    public Sgd(PairList<String, Parameter> parameters, double momentum, double weightDecay, NDManager parent) {
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        this.manager = parent.newSubManager();
        for (Pair<String, Parameter> p : parameters) {
            NDArray w = p.getValue().getArray();
            NDArray v = manager.zeros(w.getShape(), w.getDataType(), w.getDevice());
            boolean decayed = p.getValue().getType() != Parameter.Type.BIAS;
            slots.add(new Slot(p.getKey(), p.getValue(), v, decayed));
        }
    }

    /** Applies one update with the gradients accumulated in the parameters, then clears them. */
    public void step(double learningRate) {
        for (Slot s : slots) {
            NDArray w = s.parameter.getArray();
            try (NDArray g = w.getGradient()) {
                s.velocity.muli(momentum).addi(g.muli(learningRate));
                if (s.decayed && weightDecay != 0) {
                    try (NDArray decay = w.mul(learningRate * weightDecay)) {
                        s.velocity.addi(decay);
                    }
                }
                w.subi(s.velocity);
                g.muli(0);
            }
        }
    }

    /** The momentum buffers in parameter order, for checkpoints. */
    public List<NDArray> velocities() {
        return slots.stream().map(Slot::velocity).toList();
    }

    /** The parameter names in the order of {@link #velocities()}. */
    public List<String> names() {
        return slots.stream().map(Slot::name).toList();
    }

    public double momentum() {
        return momentum;
    }

    public double weightDecay() {
        return weightDecay;
    }

    @Override
    public void close() {
        manager.close();
    }
}
