package org.marginface.core.backbone;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** SphereFace's residual unit: two 3x3 convolutions, each followed by PReLU, plus the identity. */
public final class ResidualUnit extends AbstractBlock {

    private final SequentialBlock body;

    public ResidualUnit(int channels) {
        body = addChildBlock("body", new SequentialBlock()
                .add(SphereFace.conv3x3(channels, 1))
                .add(new ChannelPrelu(channels))
                .add(SphereFace.conv3x3(channels, 1))
                .add(new ChannelPrelu(channels)));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray y = body.forward(store, inputs, training, params).singletonOrThrow();
        return new NDList(y.add(x));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        body.initialize(manager, dataType, inputShapes);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    /** The two convolutions, for initialisation. */
    Conv2d[] convolutions() {
        return new Conv2d[] {(Conv2d) body.getChildren().get(0).getValue(), (Conv2d) body.getChildren().get(2).getValue()};
    }
}
