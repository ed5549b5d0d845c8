package org.marginface.core.pack;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a {@code .rec} and its {@code .idx} ({@code key<TAB>offset} per record) as MXNet's
 * {@code MXIndexedRecordIO} does, splitting a payload into parts where it holds the magic (see
 * {@link RecordIo}).
 */
public final class RecordIoWriter implements AutoCloseable {

    private final OutputStream rec;
    private final StringBuilder idx = new StringBuilder();
    private final Path idxFile;
    private long offset;

    public RecordIoWriter(Path recFile, Path idxFile) throws IOException {
        this.rec = new BufferedOutputStream(Files.newOutputStream(recFile), 1 << 16);
        this.idxFile = idxFile;
    }

    /** The {@code .idx} beside a {@code .rec}: the same name with {@code .idx} for {@code .rec}. */
    public static Path indexOf(Path recFile) {
        String name = recFile.getFileName().toString();
        String stem = name.endsWith(".rec") ? name.substring(0, name.length() - 4) : name;
        return recFile.resolveSibling(stem + ".idx");
    }

    /** Appends one record under {@code key}. */
    public void write(long key, byte[] payload) throws IOException {
        if (payload.length > RecordIo.MAX_LENGTH) {
            throw new IllegalArgumentException("record " + key + ": " + payload.length + " bytes, RecordIO takes at most "
                    + RecordIo.MAX_LENGTH);
        }
        idx.append(key).append('\t').append(offset).append('\n');
        int start = 0;
        for (int i = 0; i + 4 <= payload.length; i += 4) {
            if (intAt(payload, i) == RecordIo.MAGIC) {
                part(start == 0 ? 1 : 2, payload, start, i - start);
                start = i + 4;
            }
        }
        part(start == 0 ? 0 : 3, payload, start, payload.length - start);
    }

    private void part(int flag, byte[] payload, int from, int length) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        head.putInt(RecordIo.MAGIC).putInt(RecordIo.lrec(flag, length));
        rec.write(head.array());
        rec.write(payload, from, length);
        int pad = RecordIo.padded(length) - length;
        rec.write(new byte[pad]);
        offset += 8 + length + pad;
    }

    private static int intAt(byte[] b, int i) {
        return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | (b[i + 3] & 0xff) << 24;
    }

    @Override
    public void close() throws IOException {
        rec.close();
        Files.writeString(idxFile, idx, StandardCharsets.US_ASCII);
    }
}
