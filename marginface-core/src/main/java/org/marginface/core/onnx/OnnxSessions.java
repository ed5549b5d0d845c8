package org.marginface.core.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.marginface.core.model.ModelFormatException;

/** Opens ONNX Runtime sessions and reads what a graph declares, with errors that name the file. */
public final class OnnxSessions {

    private OnnxSessions() {}

    /** What a face embedder graph declares: its image input, its embedding output and its metadata. */
    public record Signature(String inputName, long[] inputShape, String outputName, long[] outputShape,
            Map<String, String> metadata) {

        /** The embedding size D of an N x D output. */
        public int embeddingSize() {
            return (int) outputShape[1];
        }

        /** The batch size the graph fixes, or 0 when it is dynamic. */
        public int fixedBatch() {
            return inputShape[0] > 0 ? (int) inputShape[0] : 0;
        }
    }

    /** A CPU session on {@code file}; a file that is not a (complete) ONNX graph is a one-line error naming it. */
    public static OrtSession open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new ModelFormatException(file + ": no such file");
        }
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length == 0) {
            throw new ModelFormatException(file + ": empty file, not an ONNX graph");
        }
        return open(bytes, file.toString());
    }

    /** A CPU session on a serialised graph; {@code source} names it in errors. */
    public static OrtSession open(byte[] graph, String source) throws ModelFormatException {
        try {
            return OrtEnvironment.getEnvironment().createSession(graph, options(threads()));
        } catch (OrtException e) {
            throw new ModelFormatException(source + ": not a valid ONNX graph (not ONNX, truncated or damaged): "
                    + firstLine(e.getMessage()));
        }
    }

    /**
     * Session options for inference on {@code threads} intra-op threads; one inter-op thread, since a
     * face embedder is a chain of operations with nothing to run beside each other.
     */
    public static OrtSession.SessionOptions options(int threads) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(threads);
        options.setInterOpNumThreads(1);
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        if ("PASSIVE".equalsIgnoreCase(System.getenv("OMP_WAIT_POLICY"))) {
            // idle workers sleep instead of spinning, like libtorch's OpenMP threads under the same policy
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
        }
        return options;
    }

    /**
     * Intra-op threads: {@code MARGINFACE_THREADS} when set (as for libtorch), else one per available
     * processor (ONNX Runtime's own default counts physical cores; `bench` measured it with libtorch's count).
     */
    public static int threads() {
        String value = System.getenv("MARGINFACE_THREADS");
        if (value != null && !value.isBlank()) {
            try {
                int n = Integer.parseInt(value.strip());
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // fall through to the processor count, as libtorch does with a value it cannot read
            }
        }
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * The graph's face-embedder signature: one N x 3 x H x W float input and an N x D float output
     * (the one named {@code output}, or the only one).
     *
     * @throws ModelFormatException naming the file and what it found instead
     */
    public static Signature signature(OrtSession session, Path file, String output) throws IOException {
        try {
            Map<String, NodeInfo> inputs = session.getInputInfo();
            if (inputs.size() != 1) {
                throw new ModelFormatException(file + ": expected one image input, the graph has " + inputs.size()
                        + " (" + String.join(", ", inputs.keySet()) + ")");
            }
            NodeInfo in = inputs.values().iterator().next();
            long[] inShape = tensorShape(in, file, "input");
            if (inShape.length != 4 || inShape[1] != 3) {
                throw new ModelFormatException(file + ": input '" + in.getName() + "' has shape "
                        + shape(inShape) + ", expected N x 3 x H x W");
            }
            if (inShape[2] <= 0 || inShape[3] <= 0) {
                throw new ModelFormatException(file + ": input '" + in.getName() + "' has shape " + shape(inShape)
                        + ": its height and width are not fixed; marginface imports graphs whose input size is fixed"
                        + " (export the graph with a fixed height and width, e.g. 1 x 3 x 112 x 112)");
            }
            Map<String, NodeInfo> outputs = session.getOutputInfo();
            NodeInfo out;
            if (output != null) {
                out = outputs.get(output);
                if (out == null) {
                    throw new ModelFormatException(file + ": no output named '" + output + "' (outputs: "
                            + String.join(", ", outputs.keySet()) + ")");
                }
            } else if (outputs.size() == 1) {
                out = outputs.values().iterator().next();
            } else {
                throw new ModelFormatException(file + ": the graph has " + outputs.size() + " outputs ("
                        + String.join(", ", outputs.keySet()) + "); choose the embedding with --output");
            }
            long[] outShape = tensorShape(out, file, "output");
            if (outShape.length != 2 || outShape[1] <= 0) {
                throw new ModelFormatException(file + ": output '" + out.getName() + "' has shape "
                        + shape(outShape) + ", expected N x D");
            }
            return new Signature(in.getName(), inShape, out.getName(), outShape,
                    Map.copyOf(session.getMetadata().getCustomMetadata()));
        } catch (OrtException e) {
            throw new ModelFormatException(file + ": cannot read the graph's signature: " + firstLine(e.getMessage()));
        }
    }

    private static long[] tensorShape(NodeInfo node, Path file, String what) throws ModelFormatException {
        if (!(node.getInfo() instanceof TensorInfo tensor)) {
            throw new ModelFormatException(file + ": " + what + " '" + node.getName() + "' is not a tensor");
        }
        if (tensor.type != ai.onnxruntime.OnnxJavaType.FLOAT) {
            throw new ModelFormatException(file + ": " + what + " '" + node.getName() + "' is " + tensor.type
                    + ", expected float32");
        }
        return tensor.getShape();
    }

    /** A shape as {@code N x 3 x 112 x 112}, dynamic dimensions as N. */
    static String shape(long[] dims) {
        StringBuilder sb = new StringBuilder();
        for (long d : dims) {
            sb.append(sb.length() == 0 ? "" : " x ").append(d < 0 ? "N" : Long.toString(d));
        }
        return dims.length == 0 ? "a scalar" : sb.toString();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        String line = message.strip().lines().findFirst().orElse(message);
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
