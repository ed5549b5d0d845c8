package org.marginface.core.onnx;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes one-node ONNX graphs byte by byte (the few protobuf fields of {@code onnx.proto} they need),
 * so that tests have graphs of any input and output shape without a model file.
 */
final class TinyOnnx {

    private TinyOnnx() {}

    /**
     * A graph {@code y = op(x)} with float input {@code x} and output {@code y} of the given shapes
     * (a negative dimension is the symbolic batch {@code N}); {@code op} is e.g. Identity or Flatten.
     */
    static byte[] graph(String op, long[] inShape, long[] outShape) {
        return graph(op, inShape, outShape, Map.of());
    }

    /** {@link #graph(String, long[], long[])} carrying {@code metadata} ({@code metadata_props}). */
    static byte[] graph(String op, long[] inShape, long[] outShape, Map<String, String> metadata) {
        byte[] node = concat(string(1, "x"), string(2, "y"), string(4, op));
        byte[] graph = concat(message(1, node), string(2, "g"), message(11, valueInfo("x", inShape)),
                message(12, valueInfo("y", outShape)));
        return model(graph, metadata);
    }

    /** A graph with two outputs of the same shape from one input: {@code y = op(x)} and {@code z = op(x)}. */
    static byte[] twoOutputs(String op, long[] inShape, long[] outShape) {
        byte[] first = concat(string(1, "x"), string(2, "y"), string(3, "first"), string(4, op));
        byte[] second = concat(string(1, "x"), string(2, "z"), string(3, "second"), string(4, op));
        byte[] graph = concat(message(1, first), message(1, second), string(2, "g"),
                message(11, valueInfo("x", inShape)), message(12, valueInfo("y", outShape)),
                message(12, valueInfo("z", outShape)));
        return model(graph, Map.of());
    }

    private static byte[] model(byte[] graph, Map<String, String> metadata) {
        byte[] opset = concat(string(1, ""), varint(2, 11));
        ByteArrayOutputStream props = new ByteArrayOutputStream();
        metadata.forEach((k, v) -> props.writeBytes(message(14, concat(string(1, k), string(2, v)))));
        return concat(varint(1, 7), message(7, graph), message(8, opset), props.toByteArray());
    }

    private static byte[] valueInfo(String name, long[] shape) {
        ByteArrayOutputStream dims = new ByteArrayOutputStream();
        for (long d : shape) {
            dims.writeBytes(message(1, d < 0 ? string(2, "N") : varint(1, d)));
        }
        byte[] tensor = concat(varint(1, 1), message(2, dims.toByteArray()));
        return concat(string(1, name), message(2, message(1, tensor)));
    }

    private static byte[] varint(int field, long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        raw(out, (long) field << 3);
        raw(out, value);
        return out.toByteArray();
    }

    private static byte[] string(int field, String text) {
        return message(field, text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] message(int field, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        raw(out, ((long) field << 3) | 2);
        raw(out, body.length);
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static void raw(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
