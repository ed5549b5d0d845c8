package org.marginface.core.pack;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The layout of an insightface training pack: record 0 is a header whose two labels {@code (a, b)} say
 * that records 1 … a−1 are images and a … b−1 identities (each with the range {@code [start, end)} of
 * its image records as labels). A {@code .rec} whose record 0 has a single label has no such header:
 * every record is an image, as insightface's loader reads it.
 */
public final class InsightfacePack {

    private InsightfacePack() {}

    /** The keys of the image records, in order. */
    public static long[] imageKeys(RecordIoReader reader) throws IOException {
        if (!reader.contains(0)) {
            return reader.keys();
        }
        ImageRecord header = ImageRecord.unpack(reader.read(0), reader.file() + ": record 0");
        if (header.labels().length < 2) {
            return reader.keys();
        }
        float a = header.labels()[0];
        float b = header.labels()[1];
        if (a != Math.rint(a) || a < 1 || b < a) {
            throw new RecordIoException(reader.file() + ": record 0's labels (" + a + ", " + b
                    + ") are not the (first identity record, end) of an insightface header");
        }
        long[] keys = new long[(int) a - 1];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = i + 1;
            if (!reader.contains(keys[i])) {
                throw new RecordIoException(reader.file() + ": record 0 says records 1.." + ((long) a - 1)
                        + " are images, but record " + keys[i] + " is not in the index");
            }
        }
        return keys;
    }

    /** Gives the encoded bytes of image {@code index} for {@link #write}. */
    @FunctionalInterface
    public interface Images {
        byte[] encoded(int index) throws IOException;
    }

    /**
     * Writes {@code rec} and its {@code .idx} as insightface packs them: the header record, the images
     * (labels their identity, ids their key) and one record per identity. Images are read one at a
     * time, so a pack of any size is written in little memory.
     *
     * @param identities the identity (0-based) of each image, grouped, in increasing order
     */
    public static void write(Path rec, int[] identities, Images images) throws IOException {
        int classes = identities.length == 0 ? 0 : identities[identities.length - 1] + 1;
        long[] start = new long[classes];
        long[] end = new long[classes];
        Arrays.fill(start, -1);
        int previous = -1;
        for (int i = 0; i < identities.length; i++) {
            int identity = identities[i];
            if (identity < previous || (identity != previous && start[identity] != -1)) {
                throw new IllegalArgumentException("images must be grouped by identity in increasing order (image " + i + ")");
            }
            if (identity != previous) {
                start[identity] = i + 1L;
            }
            end[identity] = i + 2L;
            previous = identity;
        }
        for (int c = 0; c < classes; c++) {
            if (start[c] == -1) {
                throw new IllegalArgumentException("identity " + c + " has no images");
            }
        }
        long firstIdentity = identities.length + 1L;
        try (RecordIoWriter writer = new RecordIoWriter(rec, RecordIoWriter.indexOf(rec))) {
            writer.write(0, new ImageRecord(new float[] {firstIdentity, firstIdentity + classes}, 0, 0, new byte[0]).pack());
            for (int i = 0; i < identities.length; i++) {
                writer.write(i + 1L, ImageRecord.of(identities[i], i + 1L, images.encoded(i)).pack());
            }
            for (int c = 0; c < classes; c++) {
                writer.write(firstIdentity + c, new ImageRecord(new float[] {start[c], end[c]}, firstIdentity + c, 0,
                        new byte[0]).pack());
            }
        }
    }
}
