package org.marginface.core.export;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.util.Pair;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.marginface.core.backbone.BackboneSpec;
import org.marginface.core.backbone.ChannelPrelu;
import org.marginface.core.backbone.ResidualUnit;
import org.marginface.core.export.onnx.OnnxModel.AttributeProto;
import org.marginface.core.export.onnx.OnnxModel.GraphProto;
import org.marginface.core.export.onnx.OnnxModel.ModelProto;
import org.marginface.core.export.onnx.OnnxModel.NodeProto;
import org.marginface.core.export.onnx.OnnxModel.StringStringEntryProto;
import org.marginface.core.model.FaceModel;
import org.marginface.core.model.Version;

/**
 * A marginface backbone as an ONNX graph: the same arithmetic as the libtorch forward pass
 * (Conv, per-channel PRelu with slopes of shape [C,1,1], residual Add, Flatten, Gemm), float32,
 * the batch dimension left free, the weights stored in the file. The graph takes the already scaled
 * N x 3 x H x W input that {@link org.marginface.core.model.ModelInput#planes(java.awt.image.BufferedImage)} produces and gives
 * the raw N x D embedding; {@link OnnxMetadata} in the file says how to scale and align.
 *
 * <p>The file is written with protobuf-java from the ONNX messages in {@code src/main/protobuf}
 * (see that file for why it holds a subset of ONNX's {@code onnx.proto}).
 */
public final class OnnxExport {

    /** Name of the graph's input: N x 3 x H x W float32. */
    public static final String INPUT_NAME = "input";
    /** Name of the graph's output: N x D float32, not normalised. */
    public static final String OUTPUT_NAME = "embedding";
    /** Name of the free batch dimension. */
    public static final String BATCH_DIM = "batch";
    /** The operator set: every operator used here has had its current form since opset 13. */
    public static final int OPSET = 13;

    private OnnxExport() {}

    /**
     * The backbone of {@code model} as an ONNX model carrying {@code metadata}.
     *
     * @throws IllegalArgumentException when the backbone holds a block the export does not know
     */
    public static ModelProto toOnnx(FaceModel model, OnnxMetadata metadata) {
        BackboneSpec spec = model.spec();
        GraphWriter g = new GraphWriter();
        String output = g.block(model.backbone(), INPUT_NAME);
        GraphProto.Builder graph = g.graph
                .setName(spec.name())
                .addInput(OnnxProtos.floatInfo(INPUT_NAME, -1, 3, spec.inputHeight(), spec.inputWidth()))
                .addOutput(OnnxProtos.floatInfo(OUTPUT_NAME, -1, spec.embeddingSize()));
        // the last node's output is renamed so the graph's output has a fixed name
        int last = graph.getNodeCount() - 1;
        NodeProto tail = graph.getNode(last);
        if (!tail.getOutput(0).equals(output)) {
            throw new IllegalStateException("the graph's last node does not produce its output");
        }
        graph.setNode(last, tail.toBuilder().setOutput(0, OUTPUT_NAME));
        ModelProto.Builder onnx = OnnxProtos.model(graph.build(), "marginface")
                .setProducerVersion(Version.get())
                .setDocString(spec.name() + " " + spec.inputHeight() + "x" + spec.inputWidth() + ", "
                        + spec.embeddingSize() + "-d embedding, weights " + model.manifest().fingerprint());
        metadata.entries().forEach((k, v) -> onnx.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return onnx.build();
    }

    /**
     * Writes the backbone of {@code model} to {@code out} with the metadata of its backbone, replacing
     * the file atomically (a failed export leaves no partial file).
     *
     * @return the model written
     * @throws IOException naming {@code out} and the reason when it cannot be written
     */
    public static ModelProto write(FaceModel model, Path out) throws IOException {
        ModelProto onnx = toOnnx(model, OnnxMetadata.of(model.manifest().input(), model.spec().name()));
        Path target = out.toAbsolutePath().normalize();
        if (Files.isDirectory(target)) {
            throw new IOException("cannot write " + out + ": it is a directory");
        }
        Path staging = null;
        try {
            Files.createDirectories(target.getParent());
            staging = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            try (OutputStream stream = new BufferedOutputStream(Files.newOutputStream(staging), 1 << 20)) {
                onnx.writeTo(stream);
            }
            Files.move(staging, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IOException("cannot write " + out + ": " + reason(e), e);
        } finally {
            if (staging != null) {
                Files.deleteIfExists(staging);
            }
        }
        return onnx;
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException a) {
            return "permission denied (" + a.getFile() + ")";
        }
        if (e instanceof NoSuchFileException n) {
            return "no such file or directory (" + n.getFile() + ")";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason().toLowerCase(java.util.Locale.ROOT) + " (" + f.getFile() + ")";
        }
        return e.getMessage();
    }

    /** Walks the blocks of a backbone in forward order, appending nodes and their weights. */
    private static final class GraphWriter {
        private final GraphProto.Builder graph = GraphProto.newBuilder();
        private final Map<String, Integer> counts = new HashMap<>();
        private final String flattenName = ((LambdaBlock) Blocks.batchFlattenBlock()).getName();

        /** Appends {@code block} applied to the tensor named {@code input}; returns its output's name. */
        String block(Block block, String input) {
            if (block instanceof SequentialBlock sequence) {
                String x = input;
                for (Pair<String, Block> child : sequence.getChildren()) {
                    x = block(child.getValue(), x);
                }
                return x;
            }
            if (block instanceof ResidualUnit unit) {
                String body = input;
                for (Pair<String, Block> child : unit.getChildren()) {
                    body = block(child.getValue(), body);
                }
                return node("Add", List.of(body, input), List.of());
            }
            if (block instanceof Conv2d conv) {
                if (conv.getGroups() != 1) {
                    throw new IllegalArgumentException("grouped convolutions are not exported");
                }
                String name = next("conv");
                List<String> inputs = new ArrayList<>(List.of(input));
                inputs.addAll(weights(name, conv));
                long[] pads = conv.getPadding().getShape();
                return node("Conv", inputs, List.of(
                        OnnxProtos.intsAttribute("kernel_shape", conv.getKernelShape().getShape()),
                        OnnxProtos.intsAttribute("strides", conv.getStride().getShape()),
                        OnnxProtos.intsAttribute("dilations", conv.getDilation().getShape()),
                        OnnxProtos.intsAttribute("pads", pads[0], pads[1], pads[0], pads[1]),
                        OnnxProtos.intAttribute("group", 1)),
                        name);
            }
            if (block instanceof ChannelPrelu prelu) {
                String name = next("prelu");
                List<String> inputs = new ArrayList<>(List.of(input));
                inputs.addAll(weights(name, prelu));
                return node("PRelu", inputs, List.of(), name);
            }
            if (block instanceof LambdaBlock lambda && flattenName.equals(lambda.getName())) {
                return node("Flatten", List.of(input), List.of(OnnxProtos.intAttribute("axis", 1)));
            }
            if (block instanceof Linear linear) {
                String name = next("fc");
                List<String> inputs = new ArrayList<>(List.of(input));
                inputs.addAll(weights(name, linear));
                // DJL's Linear keeps its weight as [out, in] and computes x W^T + b
                return node("Gemm", inputs, List.of(OnnxProtos.intAttribute("transB", 1)), name);
            }
            throw new IllegalArgumentException("the ONNX export does not know the block " + block.getClass().getSimpleName()
                    + " (" + block + ")");
        }

        private String next(String kind) {
            int n = counts.merge(kind, 1, Integer::sum);
            return kind + n;
        }

        private String node(String op, List<String> inputs, List<AttributeProto> attributes) {
            return node(op, inputs, attributes, next(op.toLowerCase(java.util.Locale.ROOT)));
        }

        private String node(String op, List<String> inputs, List<AttributeProto> attributes, String name) {
            String output = name + ".out";
            graph.addNode(NodeProto.newBuilder()
                    .setName(name)
                    .setOpType(op)
                    .addAllInput(inputs)
                    .addOutput(output)
                    .addAllAttribute(attributes));
            return output;
        }

        /** The block's own parameters as initializers named {@code prefix.param}, in the block's order. */
        private List<String> weights(String prefix, Block block) {
            List<String> names = new ArrayList<>();
            for (Pair<String, Parameter> p : block.getDirectParameters()) {
                String name = prefix + "." + p.getKey();
                NDArray array = p.getValue().getArray();
                graph.addInitializer(OnnxProtos.floatTensor(name, array.toFloatArray(), array.getShape().getShape()));
                names.add(name);
            }
            return names;
        }
    }
}
