package org.marginface.core.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.marginface.core.testing.TestModels;

class CaffeModelReaderTest {

    /** A minimal protobuf writer, enough to build NetParameter messages with known contents. */
    static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Proto varint(int field, long value) {
            tag(field, 0);
            raw(value);
            return this;
        }

        Proto bytes(int field, byte[] value) {
            tag(field, 2);
            raw(value.length);
            out.writeBytes(value);
            return this;
        }

        Proto string(int field, String value) {
            return bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }

        Proto message(int field, Proto value) {
            return bytes(field, value.toByteArray());
        }

        Proto fixed32(int field, float value) {
            tag(field, 5);
            out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(value).array());
            return this;
        }

        Proto packedFloats(int field, float... values) {
            ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : values) {
                b.putFloat(v);
            }
            return bytes(field, b.array());
        }

        Proto packedVarints(int field, long... values) {
            Proto p = new Proto();
            for (long v : values) {
                p.raw(v);
            }
            return bytes(field, p.toByteArray());
        }

        private void tag(int field, int wire) {
            raw(((long) field << 3) | wire);
        }

        private void raw(long v) {
            while ((v & ~0x7fL) != 0) {
                out.write((int) ((v & 0x7f) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }
    }

    @Test
    void readsLayerMessagesWithBlobShapeAndPackedData() throws IOException {
        Proto weight = new Proto().message(7, new Proto().packedVarints(1, 2, 1, 1, 3))
                .packedFloats(5, 1, 2, 3, 4, 5, 6);
        Proto bias = new Proto().message(7, new Proto().packedVarints(1, 2)).packedFloats(5, -1, 0.5f);
        Proto conv = new Proto().string(1, "conv1").string(2, "Convolution").string(3, "data")
                .message(7, weight).message(7, bias)
                .varint(10, 1); // an unrelated varint field, skipped
        Proto relu = new Proto().string(1, "relu1").string(2, "ReLU");
        byte[] net = new Proto().string(1, "Toy").fixed32(99, 1f).message(100, conv).message(100, relu).toByteArray();

        CaffeModelReader.Net parsed = CaffeModelReader.parse(net);
        assertEquals("Toy", parsed.name());
        assertEquals(List.of("conv1", "relu1"), parsed.layers().stream().map(CaffeModelReader.Layer::name).toList());
        CaffeModelReader.Layer c = parsed.layer("conv1").orElseThrow();
        assertEquals("Convolution", c.type());
        assertArrayEquals(new long[] {2, 1, 1, 3}, c.blobs().get(0).shape());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, c.blobs().get(0).data());
        assertArrayEquals(new float[] {-1, 0.5f}, c.blobs().get(1).data());
        assertTrue(parsed.layer("relu1").orElseThrow().blobs().isEmpty());
    }

    @Test
    void readsV1LayersWithLegacyDimensionsAndUnpackedFloats() throws IOException {
        Proto blob = new Proto().varint(1, 1).varint(2, 1).varint(3, 1).varint(4, 2).fixed32(5, 7f).fixed32(5, -3f);
        Proto layer = new Proto().string(4, "ip").varint(5, 14).message(6, blob);
        CaffeModelReader.Net parsed = CaffeModelReader.parse(new Proto().message(2, layer).toByteArray());
        CaffeModelReader.Blob b = parsed.blobs("ip").get(0);
        assertArrayEquals(new long[] {1, 1, 1, 2}, b.shape());
        assertArrayEquals(new float[] {7, -3}, b.data());
    }

    @Test
    void rejectsTruncatedAndInconsistentInput() {
        byte[] good = new Proto().message(100, new Proto().string(1, "x")).toByteArray();
        IOException truncated = assertThrows(IOException.class,
                () -> CaffeModelReader.parse(Arrays.copyOf(good, good.length - 1)));
        assertTrue(truncated.getMessage().contains("exceeds"), truncated.getMessage());
        Proto badBlob = new Proto().message(7, new Proto().packedVarints(1, 3)).packedFloats(5, 1, 2);
        byte[] bad = new Proto().message(100, new Proto().string(1, "x").message(7, badBlob)).toByteArray();
        assertThrows(IllegalArgumentException.class, () -> CaffeModelReader.parse(bad));
        IOException missing = assertThrows(IOException.class,
                () -> CaffeModelReader.parse(good).blobs("conv9"));
        assertTrue(missing.getMessage().contains("conv9") && missing.getMessage().contains("[x]"), missing.getMessage());
    }

    @Test
    void authorsPnetHasTheLayersOfItsPrototxt() throws IOException {
        CaffeModelReader.Net pnet = CaffeModelReader.read(TestModels.require("mtcnn").resolve("det1.caffemodel"));
        assertArrayEquals(new long[] {10, 3, 3, 3}, pnet.blobs("conv1").get(0).shape());
        assertArrayEquals(new long[] {10}, pnet.blobs("conv1").get(1).shape());
        assertArrayEquals(new long[] {10}, pnet.blobs("PReLU1").get(0).shape());
        assertArrayEquals(new long[] {32, 16, 3, 3}, pnet.blobs("conv3").get(0).shape());
        assertArrayEquals(new long[] {4, 32, 1, 1}, pnet.blobs("conv4-2").get(0).shape());
        // the training net also holds data and loss layers without weights
        assertTrue(pnet.layers().size() > 10, pnet.layers().toString());
        CaffeModelReader.Net onet = CaffeModelReader.read(TestModels.require("mtcnn").resolve("det3.caffemodel"));
        // O-Net's first inner product reads conv4's 128 x 3 x 3 output
        assertArrayEquals(new long[] {256, 1152}, onet.blobs("conv5").get(0).shape());
        assertArrayEquals(new long[] {10, 256}, onet.blobs("conv6-3").get(0).shape());
    }
}
