"""Writes a .rec/.idx pair as MXNet writes insightface packs, independently of marginface's writer.

Follows mxnet/python/mxnet/recordio.py (MXIndexedRecordIO.write_idx: the .idx line is
'%s\\t%d\\n' % (key, tell()) taken before the record; pack(): struct '<IfQQ' header, labels after it
when there are several) and dmlc-core/src/recordio.cc (RecordIOWriter::WriteRecord: a payload holding
the magic at a 4-byte aligned position is split there, cflag 1 = first, 2 = middle, 3 = last part).

usage: mxnet_recordio.py OUT.rec LABEL:IMAGE [LABEL:IMAGE ...]
Record 0 is insightface's header (a, b); the image records follow in the order given (grouped by
label); then one identity record per label with its [start, end). The first image record is written
with id = id2 = the magic, so that it is split into three parts (start, middle, end).
"""
import struct
import sys

MAGIC = 0xCED7230A


def encode_lrec(cflag, length):
    return (cflag << 29) | length


def write_record(f, buf):
    magic = struct.pack('<I', MAGIC)
    length = len(buf)
    lower_align = (length >> 2) << 2
    upper_align = ((length + 3) >> 2) << 2
    dptr = 0
    for i in range(0, lower_align, 4):
        if buf[i:i + 4] == magic:
            f.write(magic)
            f.write(struct.pack('<I', encode_lrec(1 if dptr == 0 else 2, i - dptr)))
            f.write(buf[dptr:i])
            dptr = i + 4
    f.write(magic)
    f.write(struct.pack('<I', encode_lrec(3 if dptr != 0 else 0, length - dptr)))
    f.write(buf[dptr:])
    f.write(b'\0' * (upper_align - length))


def pack(flag_label, ident, ident2, s):
    if isinstance(flag_label, (list, tuple)):
        labels = struct.pack('<%df' % len(flag_label), *flag_label)
        return struct.pack('<IfQQ', len(flag_label), 0.0, ident, ident2) + labels + s
    return struct.pack('<IfQQ', 0, float(flag_label), ident, ident2) + s


def main():
    out = sys.argv[1]
    idx_path = out[:-4] + '.idx'
    items = []
    for arg in sys.argv[2:]:
        label, path = arg.split(':', 1)
        with open(path, 'rb') as fh:
            items.append((int(label), fh.read()))
    labels = sorted(set(l for l, _ in items))
    a = len(items) + 1
    b = a + len(labels)
    with open(out, 'wb') as f, open(idx_path, 'w') as idx:
        def put(key, payload):
            idx.write('%s\t%d\n' % (str(key), f.tell()))
            write_record(f, payload)
        put(0, pack([float(a), float(b)], 0, 0, b''))
        ranges = {}
        for i, (label, data) in enumerate(items):
            key = i + 1
            ident = MAGIC if i == 0 else key
            ident2 = MAGIC if i == 0 else 0
            put(key, pack(label, ident, ident2, data))
            start, _ = ranges.get(label, (key, key))
            ranges[label] = (start, key + 1)
        for j, label in enumerate(labels):
            start, end = ranges[label]
            put(a + j, pack([float(start), float(end)], a + j, 0, b''))


if __name__ == '__main__':
    main()
