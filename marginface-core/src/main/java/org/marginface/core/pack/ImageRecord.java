package org.marginface.core.pack;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One record of an insightface pack: MXNet's {@code IRHeader} (struct {@code <IfQQ}: flag, label, id,
 * id2, 24 bytes) then, when {@code flag > 0}, {@code flag} float32 labels, then the encoded image
 * (empty in header and identity records).
 *
 * @param labels the record's labels: one, or several when the header's flag is their count
 */
public record ImageRecord(float[] labels, long id, long id2, byte[] image) {

    public static final int HEADER_BYTES = 24;

    public ImageRecord {
        if (labels.length == 0) {
            throw new IllegalArgumentException("a record has at least one label");
        }
    }

    /** A record with one label. */
    public static ImageRecord of(float label, long id, byte[] image) {
        return new ImageRecord(new float[] {label}, id, 0, image);
    }

    /** The first label: an image record's identity. */
    public float label() {
        return labels[0];
    }

    /** MXNet's {@code recordio.pack}: a single label goes in the header with flag 0, several after it. */
    public byte[] pack() {
        int extra = labels.length > 1 ? 4 * labels.length : 0;
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + extra + image.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(labels.length > 1 ? labels.length : 0).putFloat(labels.length > 1 ? 0f : labels[0]).putLong(id).putLong(id2);
        if (labels.length > 1) {
            for (float l : labels) {
                b.putFloat(l);
            }
        }
        b.put(image);
        return b.array();
    }

    /**
     * MXNet's {@code recordio.unpack}.
     *
     * @param where names the record in errors
     * @throws RecordIoException when the payload is shorter than its header and labels
     */
    public static ImageRecord unpack(byte[] payload, String where) throws RecordIoException {
        if (payload.length < HEADER_BYTES) {
            throw new RecordIoException(where + ": " + payload.length + " bytes, shorter than the 24-byte IRHeader");
        }
        ByteBuffer b = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
        int flag = b.getInt();
        float label = b.getFloat();
        long id = b.getLong();
        long id2 = b.getLong();
        float[] labels;
        if (flag > 0) {
            if ((long) flag * 4 > payload.length - HEADER_BYTES) {
                throw new RecordIoException(where + ": the header announces " + flag + " labels, more than the "
                        + (payload.length - HEADER_BYTES) + " bytes after it hold");
            }
            labels = new float[flag];
            for (int i = 0; i < flag; i++) {
                labels[i] = b.getFloat();
            }
        } else if (flag < 0) {
            throw new RecordIoException(where + ": header flag " + Integer.toUnsignedString(flag) + " is not a label count");
        } else {
            labels = new float[] {label};
        }
        return new ImageRecord(labels, id, id2, Arrays.copyOfRange(payload, b.position(), payload.length));
    }
}
