package org.marginface.core.onnx;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

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
        byte[] node = concat(string(1, "x"), string(2, "y"), string(4, op));
        byte[] graph = concat(message(1, node), string(2, "g"), message(11, valueInfo("x", inShape)),
                message(12, valueInfo("y", outShape)));
        byte[] opset = concat(string(1, ""), varint(2, 11));
        return concat(varint(1, 7), message(7, graph), message(8, opset));
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
