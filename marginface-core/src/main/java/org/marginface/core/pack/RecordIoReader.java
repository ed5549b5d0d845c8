package org.marginface.core.pack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Random access to the records of a {@code .rec} through its {@code .idx}, from any number of threads
 * (positioned reads on one shared channel). The channel is reopened when an interrupted reader closed
 * it, and closed with the reader or when the reader is no longer reachable.
 */
public final class RecordIoReader implements AutoCloseable {

    private final Path rec;
    private final long size;
    private final long[] keys;
    private final Map<Long, Long> offsets;
    private FileChannel channel;

    /** Bytes read at a record's offset in one call: the frame and a typical face image together. */
    private static final int FIRST_READ = 32 * 1024;

    private RecordIoReader(Path rec, long size, long[] keys, Map<Long, Long> offsets) {
        this.rec = rec;
        this.size = size;
        this.keys = keys;
        this.offsets = offsets;
    }

    /**
     * Opens {@code rec} with the index beside it ({@link RecordIoWriter#indexOf}).
     *
     * @throws RecordIoException naming the line of an {@code .idx} line that is not
     *     {@code key<TAB>offset}, a repeated key, or an offset past the end of the {@code .rec}
     */
    public static RecordIoReader open(Path rec) throws IOException {
        if (!Files.isRegularFile(rec)) {
            throw new RecordIoException(rec + ": no such .rec file");
        }
        Path idx = RecordIoWriter.indexOf(rec);
        if (!Files.isRegularFile(idx)) {
            throw new RecordIoException(rec + ": its index " + idx.getFileName() + " is missing beside it");
        }
        long size = Files.size(rec);
        List<String> lines = Files.readAllLines(idx, StandardCharsets.UTF_8);
        Map<Long, Long> offsets = new HashMap<>(lines.size() * 2);
        long[] keys = new long[lines.size()];
        int n = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] fields = line.split("\\s+");
            long key;
            long offset;
            try {
                if (fields.length != 2) {
                    throw new NumberFormatException();
                }
                key = Long.parseLong(fields[0]);
                offset = Long.parseLong(fields[1]);
            } catch (NumberFormatException e) {
                throw new RecordIoException(idx + " line " + (i + 1) + ": expected 'key<TAB>offset', got '" + line + "'");
            }
            if (offset < 0 || offset + 8 > size) {
                throw new RecordIoException(idx + " line " + (i + 1) + ": offset " + offset + " is past the end of "
                        + rec.getFileName() + " (" + size + " bytes); is the .rec truncated or the .idx another file's?");
            }
            if (offsets.put(key, offset) != null) {
                throw new RecordIoException(idx + " line " + (i + 1) + ": key " + key + " appears twice");
            }
            keys[n++] = key;
        }
        return new RecordIoReader(rec, size, java.util.Arrays.copyOf(keys, n), offsets);
    }

    public Path file() {
        return rec;
    }

    /** The keys in index order. */
    public long[] keys() {
        return keys.clone();
    }

    public boolean contains(long key) {
        return offsets.containsKey(key);
    }

    /**
     * The payload of the record under {@code key}, its parts joined.
     *
     * @throws RecordIoException for an unknown key, a wrong magic, a bad continuation flag or a
     *     record running past the end of the file, naming the file, key and offset
     */
    public byte[] read(long key) throws IOException {
        Long offset = offsets.get(key);
        if (offset == null) {
            throw new RecordIoException(rec + ": no record " + key + " in its index");
        }
        try {
            return read(channel(), key, offset);
        } catch (java.nio.channels.ClosedChannelException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw e;
            }
            // another thread was interrupted inside a read, which closes the channel for everyone
            return read(channel(), key, offset);
        }
    }

    private synchronized FileChannel channel() throws IOException {
        if (channel == null || !channel.isOpen()) {
            channel = FileChannel.open(rec, StandardOpenOption.READ);
        }
        return channel;
    }

    private byte[] read(FileChannel channel, long key, long start) throws IOException {
        ByteArrayOutputStream out = null;
        long position = start;
        int part = 0;
        // one read for the frame and, usually, the whole record
        ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(FIRST_READ, size - start)).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, chunk, start, rec + ": record " + key + " (offset " + start + ")");
        long chunkEnd = start + chunk.capacity();
        while (true) {
            String where = rec + ": record " + key + " (offset " + start
                    + (part > 0 ? ", part " + (part + 1) + " at " + position : "") + ")";
            ByteBuffer head;
            if (position + 8 <= chunkEnd) {
                head = chunk.duplicate().order(ByteOrder.LITTLE_ENDIAN).position((int) (position - start)).limit((int) (position - start + 8));
            } else {
                if (position + 8 > size) {
                    throw new RecordIoException(where + ": the file ends at byte " + size + " inside the record (truncated .rec?)");
                }
                head = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
                readFully(channel, head, position, where);
                head.flip();
            }
            int magic = head.getInt();
            if (magic != RecordIo.MAGIC) {
                throw new RecordIoException(String.format("%s: expected the RecordIO magic 0xced7230a, found 0x%08x",
                        where, magic));
            }
            int lrec = head.getInt();
            int flag = RecordIo.flag(lrec);
            int length = RecordIo.length(lrec);
            boolean first = part == 0;
            if (flag > 3 || (first && flag >= 2) || (!first && flag <= 1)) {
                throw new RecordIoException(where + ": continuation flag " + flag
                        + (first ? " where a record starts" : " inside a split record"));
            }
            if (position + 8 + length > size) {
                throw new RecordIoException(where + ": " + length + " bytes announced but the file ends "
                        + (size - position - 8) + " bytes later (truncated .rec?)");
            }
            byte[] body = new byte[length];
            long from = position + 8;
            int inChunk = (int) Math.max(0, Math.min(length, chunkEnd - from));
            if (inChunk > 0) {
                chunk.get((int) (from - start), body, 0, inChunk);
            }
            if (inChunk < length) {
                readFully(channel, ByteBuffer.wrap(body, inChunk, length - inChunk), from + inChunk, where);
            }
            position += 8 + RecordIo.padded(length);
            if (flag == 0) {
                return body;
            }
            if (out == null) {
                out = new ByteArrayOutputStream(length * 2 + 8);
            }
            out.write(body);
            if (flag == 3) {
                return out.toByteArray();
            }
            out.write(new byte[] {0x0a, 0x23, (byte) 0xd7, (byte) 0xce});
            part++;
        }
    }

    private void readFully(FileChannel channel, ByteBuffer buffer, long position, String where) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new RecordIoException(where + ": the file ends at byte " + at + " inside the record (truncated .rec?)");
            }
            at += n;
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }
}
