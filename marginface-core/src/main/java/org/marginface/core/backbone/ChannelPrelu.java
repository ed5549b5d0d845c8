package org.marginface.core.backbone;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;

/**
 * PReLU with one learned slope per channel, as in Caffe's PReLU layer that SphereFace uses.
 *
 * <p>DJL's own {@code Prelu} has a single slope and its operator is not implemented on the PyTorch
 * engine. This block computes {@code relu(x) + a * clip(x, -inf, 0)}: the values and gradients of
 * {@code where(x > 0, x, a * x)} bit for bit, x = 0 included (why that form: docs/design.md).
 */
public final class ChannelPrelu extends AbstractBlock {

    /** Caffe's default initial slope. */
    public static final float INITIAL_SLOPE = 0.25f;

    private final int channels;
    private final Parameter slope;

    public ChannelPrelu(int channels) {
        this.channels = channels;
        this.slope = addParameter(Parameter.builder()
                .setName("slope")
                .setType(Parameter.Type.OTHER)
                .optShape(new Shape(channels, 1, 1))
                .optInitializer(new ConstantInitializer(INITIAL_SLOPE))
                .build());
    }

    public int channels() {
        return channels;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray a = store.getValue(slope, x.getDevice(), training);
        return new NDList(Activation.relu(x).add(x.clip(Float.NEGATIVE_INFINITY, 0f).mul(a)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}
