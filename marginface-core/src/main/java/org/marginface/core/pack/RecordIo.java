package org.marginface.core.pack;

/**
 * MXNet's RecordIO framing (dmlc-core {@code recordio.h}): each part of a record is the magic
 * {@code 0xced7230a} and a word whose top 3 bits are the continuation flag and whose low 29 bits are
 * the part's length, both uint32 little endian, then the part padded to a multiple of 4 bytes. The
 * writer splits a record wherever its payload holds the magic at a 4-byte aligned position, dropping
 * those 4 bytes: flag 0 is a whole record, 1 the first part, 2 a middle part, 3 the last; a reader puts
 * the magic back between parts.
 */
public final class RecordIo {

    public static final int MAGIC = 0xced7230a;
    public static final int MAX_LENGTH = (1 << 29) - 1;

    private RecordIo() {}

    static int flag(int lrec) {
        return lrec >>> 29;
    }

    static int length(int lrec) {
        return lrec & MAX_LENGTH;
    }

    static int lrec(int flag, int length) {
        return (flag << 29) | length;
    }

    static int padded(int length) {
        return (length + 3) & ~3;
    }
}
