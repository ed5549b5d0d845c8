"""Writes insightface .bin verification sets ((bins, issame_list) pickles) independently of marginface.

usage: insightface_bin.py OUT_PREFIX SAME(0|1) IMG_A IMG_B [SAME IMG_A IMG_B ...]
Writes OUT_PREFIX-p2py2.bin, as Python 2's pickle.py protocol 2 wrote a tuple of a list of str and a
list of bool (save_string: SHORT_BINSTRING below 256 bytes, else BINSTRING; BINPUT memo after each
object; APPENDS in batches of 1000; NEWTRUE/NEWFALSE; TUPLE2), and OUT_PREFIX-p{2,3,4,5}.bin with
Python 3's own pickle.dump at those protocols (bytes images). Each file is checked to load back.
"""
import pickle
import struct
import sys


def py2_protocol2(bins, issame):
    out = bytearray(b'\x80\x02')
    memo = [0]

    def put():
        out.extend(b'q' + bytes([memo[0]]) if memo[0] < 256 else b'r' + struct.pack('<I', memo[0]))
        memo[0] += 1

    def save_list(items, save_item):
        out.extend(b']')
        put()
        for start in range(0, len(items), 1000):
            batch = items[start:start + 1000]
            if len(batch) == 1:
                save_item(batch[0])
                out.extend(b'a')
            else:
                out.extend(b'(')
                for item in batch:
                    save_item(item)
                out.extend(b'e')

    def save_str(s):
        if len(s) < 256:
            out.extend(b'U' + bytes([len(s)]) + s)
        else:
            out.extend(b'T' + struct.pack('<i', len(s)) + s)
        put()

    def save_bool(v):
        out.extend(b'\x88' if v else b'\x89')

    save_list(bins, save_str)
    save_list(issame, save_bool)
    out.extend(b'\x86')
    put()
    out.extend(b'.')
    return bytes(out)


def main():
    prefix = sys.argv[1]
    args = sys.argv[2:]
    bins, issame = [], []
    for i in range(0, len(args), 3):
        issame.append(args[i] == '1')
        for path in args[i + 1:i + 3]:
            with open(path, 'rb') as fh:
                bins.append(fh.read())
    files = {prefix + '-p2py2.bin': py2_protocol2(bins, issame)}
    for protocol in (2, 3, 4, 5):
        files['%s-p%d.bin' % (prefix, protocol)] = pickle.dumps((bins, issame), protocol=protocol)
    for name, data in files.items():
        with open(name, 'wb') as fh:
            fh.write(data)
        loaded_bins, loaded_same = pickle.loads(data, encoding='bytes')
        assert list(loaded_bins) == bins and list(loaded_same) == issame, name


if __name__ == '__main__':
    main()
