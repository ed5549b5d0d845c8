package org.marginface.cli;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import org.marginface.core.onnx.OnnxSessions;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.marginface.core.export.OnnxProtos;
import org.marginface.core.export.onnx.OnnxModel.GraphProto;
import org.marginface.core.export.onnx.OnnxModel.NodeProto;

/**
 * Times graphs through ONNX Runtime for {@code bench}: the exported network, and one-operator graphs
 * (a large convolution, a large matrix product) for the limit. Sessions use the thread count libtorch
 * uses, and let idle threads sleep when OpenMP's do ({@code OMP_WAIT_POLICY=PASSIVE}), so that both
 * engines get the same cores under the same rules.
 */
final class OnnxRuntimeTimer implements AutoCloseable {

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final Map<String, OnnxTensor> inputs = new LinkedHashMap<>();

    private OnnxRuntimeTimer(OrtSession session) {
        this.session = session;
    }

    static OrtSession.SessionOptions options(int threads) throws OrtException {
        return OnnxSessions.options(threads);
    }

    /** A session on an exported marginface graph. */
    static OnnxRuntimeTimer network(Path file, int threads) throws OrtException {
        return new OnnxRuntimeTimer(OrtEnvironment.getEnvironment().createSession(file.toString(), options(threads)));
    }

    /** A 3x3, stride-1, padded convolution of an n x c x h x w input with c filters. */
    static OnnxRuntimeTimer convolution(int n, int c, int h, int w, int threads) throws OrtException {
        GraphProto graph = GraphProto.newBuilder()
                .setName("conv")
                .addNode(NodeProto.newBuilder().setOpType("Conv").addInput("x").addInput("w").addOutput("y")
                        .addAttribute(OnnxProtos.intsAttribute("kernel_shape", 3, 3))
                        .addAttribute(OnnxProtos.intsAttribute("pads", 1, 1, 1, 1)))
                .addInitializer(OnnxProtos.floatTensor("w", smallWeights(c * c * 9, new SplittableRandom(1)), c, c, 3, 3))
                .addInput(OnnxProtos.floatInfo("x", n, c, h, w))
                .addOutput(OnnxProtos.floatInfo("y", n, c, h, w))
                .build();
        OnnxRuntimeTimer t = new OnnxRuntimeTimer(create(graph, threads));
        t.input("x", n, c, h, w);
        return t;
    }

    /** An n x n by n x n matrix product. */
    static OnnxRuntimeTimer matrixProduct(int n, int threads) throws OrtException {
        GraphProto graph = GraphProto.newBuilder()
                .setName("matmul")
                .addNode(NodeProto.newBuilder().setOpType("MatMul").addInput("a").addInput("b").addOutput("c"))
                .addInput(OnnxProtos.floatInfo("a", n, n))
                .addInput(OnnxProtos.floatInfo("b", n, n))
                .addOutput(OnnxProtos.floatInfo("c", n, n))
                .build();
        OnnxRuntimeTimer t = new OnnxRuntimeTimer(create(graph, threads));
        t.input("a", n, n);
        t.input("b", n, n);
        return t;
    }

    /** Sets the network's input to a random batch of {@code shape}. */
    OnnxRuntimeTimer input(String name, long... shape) throws OrtException {
        long size = 1;
        for (long d : shape) {
            size *= d;
        }
        float[] values = new float[Math.toIntExact(size)];
        SplittableRandom random = new SplittableRandom(name.hashCode());
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextDouble() * 2 - 1);
        }
        OnnxTensor old = inputs.put(name, OnnxTensor.createTensor(env, FloatBuffer.wrap(values), shape));
        if (old != null) {
            old.close();
        }
        return this;
    }

    /** Seconds for {@code repeats} runs on the current inputs, after the outputs are read back. */
    double seconds(int repeats) throws OrtException {
        long start = System.nanoTime();
        for (int i = 0; i < repeats; i++) {
            try (OrtSession.Result result = session.run(inputs)) {
                result.get(0).getValue();
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    @Override
    public void close() throws OrtException {
        for (OnnxTensor t : inputs.values()) {
            t.close();
        }
        session.close();
    }

    private static OrtSession create(GraphProto graph, int threads) throws OrtException {
        byte[] bytes = OnnxProtos.model(graph, "marginface bench").build().toByteArray();
        return OrtEnvironment.getEnvironment().createSession(bytes, options(threads));
    }

    /** Weights of the size a trained convolution has, uniform in (-0.05, 0.05). */
    private static float[] smallWeights(int count, SplittableRandom random) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) ((random.nextDouble() * 2 - 1) * 0.05);
        }
        return values;
    }
}
