package org.marginface.core.pack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordIoTest {

    @TempDir
    Path tmp;

    @Test
    void largeRecordsSplitAtTheMagicBeyondTheFirstReadComeBackWhole() throws Exception {
        Random r = new Random(9);
        byte[][] payloads = new byte[4][];
        payloads[0] = new byte[100_003];
        payloads[1] = new byte[5];
        payloads[2] = new byte[70_000];
        payloads[3] = new byte[0];
        for (byte[] p : payloads) {
            r.nextBytes(p);
        }
        // the magic at aligned positions inside and far beyond the first 32 KiB read, and at the very end
        for (int at : new int[] {0, 4, 40_000, 99_996}) {
            ByteBuffer.wrap(payloads[0], at, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(RecordIo.MAGIC);
        }
        ByteBuffer.wrap(payloads[2], 65_536, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(RecordIo.MAGIC);
        Path rec = tmp.resolve("big.rec");
        try (RecordIoWriter w = new RecordIoWriter(rec, RecordIoWriter.indexOf(rec))) {
            for (int i = 0; i < payloads.length; i++) {
                w.write(10 + i, payloads[i]);
            }
        }
        try (RecordIoReader reader = RecordIoReader.open(rec)) {
            assertArrayEquals(new long[] {10, 11, 12, 13}, reader.keys());
            for (int i = payloads.length - 1; i >= 0; i--) {
                assertArrayEquals(payloads[i], reader.read(10 + i), "record " + (10 + i));
            }
            reader.close();
            // a closed (or interrupt-closed) channel is reopened by the next read
            assertEquals(5, reader.read(11).length);
        }
    }
}
