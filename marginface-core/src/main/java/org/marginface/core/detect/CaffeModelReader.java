package org.marginface.core.detect;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Reads the weights out of a Caffe {@code .caffemodel} (a protobuf {@code NetParameter}) by decoding
 * the protobuf wire format directly, so that no Caffe or protobuf runtime is needed.
 *
 * <p>Only what weights need is decoded: the layers ({@code layer}, field 100, {@code LayerParameter}
 * with name 1, type 2, blobs 7; or the pre-2015 {@code layers}, field 2, {@code V1LayerParameter} with
 * name 4, blobs 6) and their {@code BlobProto}s (shape 7 holding {@code BlobShape.dim} 1, or the legacy
 * num/channels/height/width 1-4; data 5, packed or not). Everything else is skipped by wire type.
 */
public final class CaffeModelReader {

    /** A weight blob: its shape (outermost first) and its values in row-major order. */
    public record Blob(long[] shape, float[] data) {

        public Blob {
            shape = shape.clone();
            data = data.clone();
            long count = 1;
            for (long d : shape) {
                count *= d;
            }
            if (count != data.length) {
                throw new IllegalArgumentException("blob shape " + Arrays.toString(shape) + " holds " + count
                        + " values but " + data.length + " were stored");
            }
        }

        @Override
        public long[] shape() {
            return shape.clone();
        }

        @Override
        public float[] data() {
            return data.clone();
        }
    }

    /** One layer: its name, its type ("" for V1 layers, whose type is an enum) and its weight blobs. */
    public record Layer(String name, String type, List<Blob> blobs) {

        public Layer {
            blobs = List.copyOf(blobs);
        }
    }

    /** The network: its name and its layers in file order. */
    public record Net(String name, List<Layer> layers) {

        public Net {
            layers = List.copyOf(layers);
        }

        public Optional<Layer> layer(String layerName) {
            return layers.stream().filter(l -> l.name().equals(layerName)).findFirst();
        }

        /** The named layer's blobs, or an error naming the layers present. */
        public List<Blob> blobs(String layerName) throws IOException {
            return layer(layerName).orElseThrow(() -> new IOException("network '" + name + "' has no layer '"
                    + layerName + "' (layers: " + layers.stream().map(Layer::name).toList() + ")")).blobs();
        }
    }

    private static final int VARINT = 0;
    private static final int FIXED64 = 1;
    private static final int LENGTH_DELIMITED = 2;
    private static final int FIXED32 = 5;

    private CaffeModelReader() {}

    public static Net read(Path file) throws IOException {
        try {
            return parse(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new IOException(file + ": not a readable .caffemodel (" + e.getMessage() + ")", e);
        }
    }

    /** Decodes a serialised {@code NetParameter}. */
    public static Net parse(byte[] bytes) throws IOException {
        WireReader in = new WireReader(ByteBuffer.wrap(bytes));
        String name = "";
        List<Layer> layers = new ArrayList<>();
        while (in.hasMore()) {
            int tag = in.tag();
            int field = tag >>> 3;
            int wire = tag & 7;
            if (field == 1 && wire == LENGTH_DELIMITED) {
                name = in.string();
            } else if (field == 100 && wire == LENGTH_DELIMITED) {
                layers.add(layer(in.message(), 1, 2, 7));
            } else if (field == 2 && wire == LENGTH_DELIMITED) {
                layers.add(layer(in.message(), 4, -1, 6));
            } else {
                in.skip(wire);
            }
        }
        return new Net(name, layers);
    }

    private static Layer layer(WireReader in, int nameField, int typeField, int blobsField) throws IOException {
        String name = "";
        String type = "";
        List<Blob> blobs = new ArrayList<>();
        while (in.hasMore()) {
            int tag = in.tag();
            int field = tag >>> 3;
            int wire = tag & 7;
            if (wire == LENGTH_DELIMITED && field == nameField) {
                name = in.string();
            } else if (wire == LENGTH_DELIMITED && field == typeField) {
                type = in.string();
            } else if (wire == LENGTH_DELIMITED && field == blobsField) {
                blobs.add(blob(in.message()));
            } else {
                in.skip(wire);
            }
        }
        return new Layer(name, type, blobs);
    }

    private static Blob blob(WireReader in) throws IOException {
        long[] legacy = {0, 0, 0, 0};
        boolean legacySeen = false;
        long[] shape = null;
        FloatList data = new FloatList();
        while (in.hasMore()) {
            int tag = in.tag();
            int field = tag >>> 3;
            int wire = tag & 7;
            if (field >= 1 && field <= 4 && wire == VARINT) {
                legacy[field - 1] = in.varint();
                legacySeen = true;
            } else if (field == 5 && wire == LENGTH_DELIMITED) {
                WireReader packed = in.message();
                while (packed.hasMore()) {
                    data.add(packed.fixed32Float());
                }
            } else if (field == 5 && wire == FIXED32) {
                data.add(in.fixed32Float());
            } else if (field == 7 && wire == LENGTH_DELIMITED) {
                shape = blobShape(in.message());
            } else {
                in.skip(wire);
            }
        }
        if (shape == null) {
            shape = legacySeen ? legacy : new long[] {data.size()};
        }
        return new Blob(shape, data.toArray());
    }

    private static long[] blobShape(WireReader in) throws IOException {
        List<Long> dims = new ArrayList<>();
        while (in.hasMore()) {
            int tag = in.tag();
            int field = tag >>> 3;
            int wire = tag & 7;
            if (field == 1 && wire == LENGTH_DELIMITED) {
                WireReader packed = in.message();
                while (packed.hasMore()) {
                    dims.add(packed.varint());
                }
            } else if (field == 1 && wire == VARINT) {
                dims.add(in.varint());
            } else {
                in.skip(wire);
            }
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    /** A cursor over one message's bytes. */
    private static final class WireReader {

        private final ByteBuffer buffer;

        WireReader(ByteBuffer buffer) {
            this.buffer = buffer.order(ByteOrder.LITTLE_ENDIAN);
        }

        boolean hasMore() {
            return buffer.hasRemaining();
        }

        int tag() throws IOException {
            long tag = varint();
            if (tag >>> 3 == 0 || tag > Integer.MAX_VALUE) {
                throw new IOException("invalid protobuf tag " + tag + " at byte " + buffer.position());
            }
            return (int) tag;
        }

        long varint() throws IOException {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (!buffer.hasRemaining()) {
                    throw new IOException("truncated varint");
                }
                byte b = buffer.get();
                value |= (long) (b & 0x7f) << shift;
                if (b >= 0) {
                    return value;
                }
            }
            throw new IOException("varint longer than 10 bytes");
        }

        float fixed32Float() throws IOException {
            need(4);
            return buffer.getFloat();
        }

        WireReader message() throws IOException {
            long length = varint();
            if (length < 0 || length > buffer.remaining()) {
                throw new IOException("length " + length + " exceeds the " + buffer.remaining() + " bytes left");
            }
            ByteBuffer slice = buffer.slice();
            slice.limit((int) length);
            buffer.position(buffer.position() + (int) length);
            return new WireReader(slice);
        }

        String string() throws IOException {
            WireReader bytes = message();
            byte[] out = new byte[bytes.buffer.remaining()];
            bytes.buffer.get(out);
            return new String(out, StandardCharsets.UTF_8);
        }

        void skip(int wire) throws IOException {
            switch (wire) {
                case VARINT -> varint();
                case FIXED64 -> advance(8);
                case LENGTH_DELIMITED -> message();
                case FIXED32 -> advance(4);
                default -> throw new IOException("unsupported protobuf wire type " + wire);
            }
        }

        private void advance(int n) throws IOException {
            need(n);
            buffer.position(buffer.position() + n);
        }

        private void need(int n) throws IOException {
            if (buffer.remaining() < n) {
                throw new IOException("truncated field: " + n + " bytes needed, " + buffer.remaining() + " left");
            }
        }
    }

    /** A growable float array, to avoid boxing millions of weights. */
    private static final class FloatList {

        private float[] values = new float[64];
        private int size;

        void add(float v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        int size() {
            return size;
        }

        float[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
