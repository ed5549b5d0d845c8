package org.marginface.eval.bin;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.razorvine.pickle.Unpickler;
import org.marginface.eval.LfwPair;
import org.marginface.eval.LfwPairs;

/**
 * An insightface verification set ({@code lfw.bin}, {@code cfp_fp.bin}, {@code agedb_30.bin}, …): a
 * Python pickle of {@code (bins, issame_list)}, the encoded images two per pair in pair order and one
 * boolean per pair. Sets pickled by Python 2 (protocol 2, images as {@code str}) and by Python 3
 * (protocols 2 to 5, {@code bytes}) are read alike.
 *
 * @param file where it was read from, for messages
 * @param images encoded images (JPEG or PNG), {@code 2 * same.length} of them
 * @param same whether the pair's two images show one person
 */
public record VerificationBin(Path file, List<byte[]> images, boolean[] same) {

    public VerificationBin {
        images = List.copyOf(images);
        same = same.clone();
        if (images.size() != 2 * same.length) {
            throw new IllegalArgumentException(file + ": " + images.size() + " images for " + same.length
                    + " pairs; a verification set holds two images per pair");
        }
    }

    public int pairs() {
        return same.length;
    }

    /**
     * Reads a {@code .bin}.
     *
     * @throws BinFormatException naming the file when it is not a pickle of {@code (list of images,
     *     list of booleans)} with two images per boolean
     */
    public static VerificationBin read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new BinFormatException(file + ": no such .bin file");
        }
        Object top;
        Unpickler unpickler = new Unpickler();
        try {
            top = unpickler.loads(Files.readAllBytes(file));
        } catch (IOException | RuntimeException e) {
            throw new BinFormatException(file + ": not a readable pickle (" + e.getMessage() + ")");
        } finally {
            unpickler.close();
        }
        if (!(top instanceof Object[] tuple) || tuple.length != 2) {
            throw new BinFormatException(file + ": expected a pickled (bins, issame_list) pair, found " + describe(top));
        }
        List<?> bins = list(tuple[0], file, "bins");
        List<?> issame = list(tuple[1], file, "issame_list");
        if (bins.size() != 2 * issame.size()) {
            throw new BinFormatException(file + ": bins holds " + bins.size() + " images but issame_list "
                    + issame.size() + " pairs; expected two images per pair");
        }
        List<byte[]> images = new ArrayList<>(bins.size());
        for (int i = 0; i < bins.size(); i++) {
            Object image = bins.get(i);
            if (image instanceof byte[] bytes) {
                images.add(bytes);
            } else if (image instanceof String py2) {
                // a Python 2 str: one char per byte
                images.add(py2.getBytes(StandardCharsets.ISO_8859_1));
            } else {
                throw new BinFormatException(file + ": bins[" + i + "] is " + describe(image)
                        + ", not an encoded image (bytes)");
            }
        }
        boolean[] same = new boolean[issame.size()];
        for (int i = 0; i < same.length; i++) {
            if (!(issame.get(i) instanceof Boolean b)) {
                throw new BinFormatException(file + ": issame_list[" + i + "] is " + describe(issame.get(i))
                        + ", not a boolean");
            }
            same[i] = b;
        }
        return new VerificationBin(file, images, same);
    }

    private static List<?> list(Object value, Path file, String name) throws BinFormatException {
        if (value instanceof List<?> l) {
            return l;
        }
        if (value instanceof Object[] tuple) {
            return List.of(tuple);
        }
        throw new BinFormatException(file + ": " + name + " is " + describe(value) + ", not a list");
    }

    private static String describe(Object value) {
        if (value == null) {
            return "None";
        }
        if (value instanceof Object[] tuple) {
            return "a tuple of " + tuple.length;
        }
        if (value instanceof List<?> l) {
            return "a list of " + l.size();
        }
        return "a " + value.getClass().getSimpleName();
    }

    /** The pairs of a {@code pairs.txt}-style list as a verification set, its image files' bytes in pair order. */
    public static VerificationBin of(LfwPairs pairs, Path file) throws IOException {
        List<byte[]> images = new ArrayList<>(2 * pairs.pairs().size());
        boolean[] same = new boolean[pairs.pairs().size()];
        for (int i = 0; i < same.length; i++) {
            LfwPair pair = pairs.pairs().get(i);
            images.add(Files.readAllBytes(pair.first()));
            images.add(Files.readAllBytes(pair.second()));
            same[i] = pair.same();
        }
        return new VerificationBin(file, images, same);
    }

    /**
     * Writes the set as Python 3's {@code pickle.dump((bins, issame_list), f, protocol=3)} would:
     * a tuple of a list of {@code bytes} and a list of {@code bool}.
     */
    public void write(Path out) throws IOException {
        try (OutputStream o = Files.newOutputStream(out)) {
            o.write(pickle());
        }
    }

    byte[] pickle() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0x80); // PROTO
        b.write(3);
        b.write(']'); // EMPTY_LIST
        for (int start = 0; start < images.size(); start += 1000) {
            b.write('('); // MARK
            for (byte[] image : images.subList(start, Math.min(images.size(), start + 1000))) {
                if (image.length < 256) {
                    b.write('C'); // SHORT_BINBYTES
                    b.write(image.length);
                } else {
                    b.write('B'); // BINBYTES, uint32 little endian length
                    b.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(image.length).array());
                }
                b.writeBytes(image);
            }
            b.write('e'); // APPENDS
        }
        b.write(']');
        for (int start = 0; start < same.length; start += 1000) {
            b.write('(');
            for (int i = start; i < Math.min(same.length, start + 1000); i++) {
                b.write(same[i] ? 0x88 : 0x89); // NEWTRUE, NEWFALSE
            }
            b.write('e');
        }
        b.write(0x86); // TUPLE2
        b.write('.'); // STOP
        return b.toByteArray();
    }
}
