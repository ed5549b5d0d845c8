package org.marginface.core.detect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.marginface.core.backbone.ChannelPrelu;

/**
 * One of the three MTCNN networks as a DJL block, laid out as the authors' Caffe definitions
 * ({@code det1.prototxt} … {@code det3.prototxt}): a trunk of convolutions, per-channel PReLUs and
 * ceil-mode max pooling, then heads on the trunk's output. The outputs are, in order: the face
 * probability (softmax over two classes, channel 1 = face), the box regression, and for O-Net the ten
 * landmark numbers.
 *
 * <p>Inputs are NCHW, RGB scaled as (x − 127.5) / 128, and <em>transposed</em> (H is the image's x
 * axis): the weights were trained through Caffe's column-major MATLAB interface. The networks are
 * fully convolutional up to the first inner product, so P-Net takes any size ≥ 12; R-Net takes 24x24
 * and O-Net 48x48 crops.
 */
public final class MtcnnNet extends AbstractBlock {

    private final String name;
    private final int inputSize;
    private final SequentialBlock trunk = new SequentialBlock();
    private final List<Block> heads = new ArrayList<>();
    /** Caffe layer name → the block that holds its weights, in file order. */
    private final Map<String, Block> weighted = new LinkedHashMap<>();

    private MtcnnNet(String name, int inputSize) {
        this.name = name;
        this.inputSize = inputSize;
    }

    /** P-Net (12-net): fully convolutional, a 12x12 window per output cell at stride 2. */
    public static MtcnnNet pnet() {
        MtcnnNet net = new MtcnnNet("P-Net", 12);
        net.conv("conv1", 10, 3).prelu("PReLU1", 10).pool(2, 2)
                .conv("conv2", 16, 3).prelu("PReLU2", 16)
                .conv("conv3", 32, 3).prelu("PReLU3", 32);
        net.head(net.named("conv4-1", conv(2, 1)));
        net.head(net.named("conv4-2", conv(4, 1)));
        return net.seal();
    }

    /** R-Net (24-net): refines P-Net's candidates from 24x24 crops. */
    public static MtcnnNet rnet() {
        MtcnnNet net = new MtcnnNet("R-Net", 24);
        net.conv("conv1", 28, 3).prelu("prelu1", 28).pool(3, 2)
                .conv("conv2", 48, 3).prelu("prelu2", 48).pool(3, 2)
                .conv("conv3", 64, 2).prelu("prelu3", 64)
                .flatten().linear("conv4", 128).featurePrelu("prelu4", 128);
        net.head(net.named("conv5-1", linear(2)));
        net.head(net.named("conv5-2", linear(4)));
        return net.seal();
    }

    /** O-Net (48-net): final boxes and the five landmarks from 48x48 crops. */
    public static MtcnnNet onet() {
        MtcnnNet net = new MtcnnNet("O-Net", 48);
        net.conv("conv1", 32, 3).prelu("prelu1", 32).pool(3, 2)
                .conv("conv2", 64, 3).prelu("prelu2", 64).pool(3, 2)
                .conv("conv3", 64, 3).prelu("prelu3", 64).pool(2, 2)
                .conv("conv4", 128, 2).prelu("prelu4", 128)
                // drop5 (dropout) is the identity at inference
                .flatten().linear("conv5", 256).featurePrelu("prelu5", 256);
        net.head(net.named("conv6-1", linear(2)));
        net.head(net.named("conv6-2", linear(4)));
        net.head(net.named("conv6-3", linear(10)));
        return net.seal();
    }

    /** The side of the square input the network was trained on. */
    public int inputSize() {
        return inputSize;
    }

    /**
     * Allocates the parameters in {@code manager} and fills them with the Caffe weights (every
     * weighted layer must be present with blobs of the right sizes), frozen for inference.
     */
    public MtcnnNet load(CaffeModelReader.Net caffe, NDManager manager) throws IOException {
        initialize(manager, DataType.FLOAT32, new Shape(1, 3, inputSize, inputSize));
        for (Map.Entry<String, Block> layer : weighted.entrySet()) {
            List<CaffeModelReader.Blob> blobs = caffe.blobs(layer.getKey());
            PairList<String, Parameter> params = layer.getValue().getParameters();
            if (blobs.size() != params.size()) {
                throw new IOException(name + " layer '" + layer.getKey() + "' has " + blobs.size()
                        + " blobs, expected " + params.size());
            }
            Iterator<Pair<String, Parameter>> it = params.iterator();
            for (CaffeModelReader.Blob blob : blobs) {
                NDArray array = it.next().getValue().getArray();
                float[] data = blob.data();
                if (data.length != array.size()) {
                    throw new IOException(name + " layer '" + layer.getKey() + "': a blob of shape "
                            + java.util.Arrays.toString(blob.shape()) + " does not fit parameter shape " + array.getShape());
                }
                array.set(FloatBuffer.wrap(data));
            }
        }
        freezeParameters(true);
        return this;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList features = trunk.forward(store, inputs, training, params);
        NDList out = new NDList(heads.size());
        for (int i = 0; i < heads.size(); i++) {
            NDArray y = heads.get(i).forward(store, features, training, params).singletonOrThrow();
            // the first head is the two-class face score; the authors' nets end it in a softmax layer
            out.add(i == 0 ? y.softmax(1) : y);
        }
        return out;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        trunk.initialize(manager, dataType, inputShapes);
        Shape[] features = trunk.getOutputShapes(inputShapes);
        for (Block head : heads) {
            head.initialize(manager, dataType, features);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] features = trunk.getOutputShapes(inputShapes);
        Shape[] out = new Shape[heads.size()];
        for (int i = 0; i < heads.size(); i++) {
            out[i] = heads.get(i).getOutputShapes(features)[0];
        }
        return out;
    }

    @Override
    public String toString() {
        return name;
    }

    private MtcnnNet conv(String layer, int filters, int kernel) {
        trunk.add(named(layer, conv(filters, kernel)));
        return this;
    }

    private MtcnnNet prelu(String layer, int channels) {
        trunk.add(named(layer, new ChannelPrelu(channels)));
        return this;
    }

    /** PReLU after an inner product: the per-channel slopes broadcast over (N, C, 1, 1). */
    private MtcnnNet featurePrelu(String layer, int channels) {
        trunk.add(new LambdaBlock(x -> new NDList(x.singletonOrThrow().reshape(-1, channels, 1, 1))));
        trunk.add(named(layer, new ChannelPrelu(channels)));
        trunk.add(Blocks.batchFlattenBlock(channels));
        return this;
    }

    private MtcnnNet pool(int kernel, int stride) {
        // Caffe rounds pooled sizes up; without ceil mode every later shape (and O-Net's FC) is off
        trunk.add(Pool.maxPool2dBlock(new Shape(kernel, kernel), new Shape(stride, stride), new Shape(0, 0), true));
        return this;
    }

    /** Caffe's InnerProduct flattens C, H, W in that order, as DJL's batch flatten does. */
    private MtcnnNet flatten() {
        trunk.add(Blocks.batchFlattenBlock());
        return this;
    }

    private MtcnnNet linear(String layer, int units) {
        trunk.add(named(layer, linear(units)));
        return this;
    }

    private void head(Block block) {
        heads.add(block);
    }

    private MtcnnNet seal() {
        addChildBlock("trunk", trunk);
        for (int i = 0; i < heads.size(); i++) {
            addChildBlock("head" + i, heads.get(i));
        }
        return this;
    }

    private Block named(String layer, Block block) {
        weighted.put(layer, block);
        return block;
    }

    private static Block conv(int filters, int kernel) {
        return Conv2d.builder().setKernelShape(new Shape(kernel, kernel)).setFilters(filters).build();
    }

    private static Block linear(int units) {
        return Linear.builder().setUnits(units).build();
    }
}
