package org.marginface.core.backbone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.marginface.core.engine.Engines;

class ChannelPreluTest {

    /** Two channels of slopes 0.25 and -0.5; inputs on both sides of zero and zero itself. */
    @Test
    void valuesAndGradientsArePerChannelPrelu() {
        Engines.pytorch();
        try (NDManager m = NDManager.newBaseManager()) {
            ChannelPrelu prelu = new ChannelPrelu(2);
            prelu.initialize(m, DataType.FLOAT32, new Shape(1, 2, 1, 3));
            NDArray slope = prelu.getParameters().get(0).getValue().getArray();
            slope.set(new float[] {0.25f, -0.5f});
            float[] in = {-2f, 0f, 3f, -4f, 1f, -0.5f};
            NDArray x = m.create(in, new Shape(1, 2, 1, 3));
            x.setRequiresGradient(true);
            // an upstream gradient that differs per element, so each element's share is visible
            NDArray upstream = m.create(new float[] {1f, 2f, 3f, 4f, 5f, 6f}, new Shape(1, 2, 1, 3));
            float[] y;
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                NDArray out = prelu.forward(new ParameterStore(m, false), new NDList(x), true).singletonOrThrow();
                y = out.toFloatArray();
                c.backward(out.mul(upstream).sum());
            }
            assertArrayEquals(new float[] {-0.5f, 0f, 3f, 2f, 1f, 0.25f}, y);
            // dy/dx: 1 above zero, the channel's slope below and at zero, as Caffe's and PyTorch's PReLU
            assertArrayEquals(new float[] {0.25f, 0.5f, 3f, -2f, 5f, -3f}, x.getGradient().toFloatArray());
            // dy/da: the input where it is negative, summed over the channel
            assertArrayEquals(new float[] {1 * -2f, 4 * -4f + 6 * -0.5f}, slope.getGradient().toFloatArray());
        }
    }
}
