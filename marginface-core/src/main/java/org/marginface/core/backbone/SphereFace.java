package org.marginface.core.backbone;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.util.Pair;
import java.util.SplittableRandom;

/**
 * The SphereFace family of residual networks (Liu et al. 2017), the backbone of the AM-Softmax
 * paper: four stages of 64/128/256/512 channels, each opened by a 3x3 stride-2 convolution and
 * PReLU, followed by residual units; no batch normalisation; a fully connected embedding layer.
 */
public final class SphereFace {

    private SphereFace() {}

    /**
     * Builds the (uninitialised) trunk for a spec. Call {@link #initialize} to give it weights.
     * Input: N x 3 x H x W, scaled as (x - 127.5) / 128. Output: N x embeddingSize.
     */
    public static SequentialBlock build(BackboneSpec spec) {
        SequentialBlock net = new SequentialBlock();
        int[] units = spec.unitsPerStage();
        for (int stage = 0; stage < 4; stage++) {
            int channels = BackboneSpec.STAGE_CHANNELS[stage];
            net.add(conv3x3(channels, 2));
            net.add(new ChannelPrelu(channels));
            for (int u = 0; u < units[stage]; u++) {
                net.add(new ResidualUnit(channels));
            }
        }
        net.add(Blocks.batchFlattenBlock());
        net.add(Linear.builder().setUnits(spec.embeddingSize()).build());
        return net;
    }

    static Conv2d conv3x3(int filters, int stride) {
        return Conv2d.builder()
                .setKernelShape(new Shape(3, 3))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(1, 1))
                .setFilters(filters)
                .build();
    }

    /**
     * Allocates the parameters and fills them as the SphereFace/AM-Softmax Caffe definitions do:
     * Caffe "xavier" (uniform, limit sqrt(3 / fan_in)) for stage-opening convolutions and the embedding
     * layer, Gaussian with std 0.01 inside residual units, zero biases, PReLU slopes 0.25. The values
     * come from a Java generator seeded with {@code seed}, so a seed gives the same network on every
     * engine and thread count.
     */
    public static void initialize(SequentialBlock net, BackboneSpec spec, NDManager manager, long seed) {
        net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, spec.inputHeight(), spec.inputWidth()));
        SplittableRandom random = new SplittableRandom(seed);
        for (Pair<String, Block> child : net.getChildren()) {
            Block block = child.getValue();
            if (block instanceof Conv2d || block instanceof Linear) {
                fillXavier(block, random);
            } else if (block instanceof ResidualUnit unit) {
                for (Conv2d conv : unit.convolutions()) {
                    fillGaussian(conv, 0.01, random);
                }
            }
        }
    }

    private static void fillXavier(Block block, SplittableRandom random) {
        for (Pair<String, Parameter> p : block.getDirectParameters()) {
            NDArray array = p.getValue().getArray();
            if (p.getValue().getType() == Parameter.Type.WEIGHT) {
                Shape shape = array.getShape();
                long fanIn = shape.size() / shape.get(0);
                double limit = Math.sqrt(3.0 / fanIn);
                float[] values = new float[Math.toIntExact(shape.size())];
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) ((random.nextDouble() * 2 - 1) * limit);
                }
                array.set(values);
            } else {
                array.set(new float[Math.toIntExact(array.size())]);
            }
        }
    }

    private static void fillGaussian(Block block, double std, SplittableRandom random) {
        java.util.Random gaussian = new java.util.Random(random.nextLong());
        for (Pair<String, Parameter> p : block.getDirectParameters()) {
            NDArray array = p.getValue().getArray();
            float[] values = new float[Math.toIntExact(array.size())];
            if (p.getValue().getType() == Parameter.Type.WEIGHT) {
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) (gaussian.nextGaussian() * std);
                }
            }
            array.set(values);
        }
    }

    /** Number of trainable values in the trunk. */
    public static long parameterCount(Block net) {
        long count = 0;
        for (Pair<String, Parameter> p : net.getParameters()) {
            count += p.getValue().getArray().size();
        }
        return count;
    }
}
