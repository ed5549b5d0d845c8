package org.marginface.eval.bin;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.marginface.core.image.BadImageException;
import org.marginface.core.image.FaceImages;
import org.marginface.core.image.ImageDecoder;
import org.marginface.eval.LfwPair;
import org.marginface.eval.LfwPairs;

/**
 * A verification set's images as files (one per image, named by its pair and side, {@code
 * pair-000001-first.jpg}, in a temporary directory named after the set, deleted by {@link #close}
 * and at the latest when the JVM exits) and its pairs as {@link LfwPairs} in insightface's ten folds of consecutive pairs
 * (scikit-learn's {@code KFold(10)}: the first {@code n mod 10} folds one pair longer), so that the
 * LFW machinery — embedding cache, protocols, reports — serves it unchanged. Images larger than the
 * model's input are centre-cropped to it (the central 96 columns of insightface's 112x112 faces for
 * a 112x96 model) and written as PNG, which loses nothing; images of the input size are written as
 * they are. Images are decoded by core's {@link ImageDecoder}, which refuses truncated and corrupt
 * files as every other reader of marginface does.
 */
public final class BinPairs implements AutoCloseable {

    public static final int FOLDS = 10;

    private final Path dir;
    private final LfwPairs pairs;

    private BinPairs(Path dir, LfwPairs pairs) {
        this.dir = dir;
        this.pairs = pairs;
    }

    /**
     * @throws IOException naming the set and image for an image that cannot be decoded or is smaller
     *     than {@code height x width}
     */
    public static BinPairs of(VerificationBin bin, int height, int width) throws IOException {
        Path dir = Files.createTempDirectory("marginface-bin-" + setName(bin.file()) + "-");
        dir.toFile().deleteOnExit();
        try {
            List<Path> files = new ArrayList<>(bin.images().size());
            for (int i = 0; i < bin.images().size(); i++) {
                files.add(write(bin, i, dir, height, width));
            }
            int n = bin.pairs();
            if (n < FOLDS) {
                throw new BinFormatException(bin.file() + ": " + n + " pairs, fewer than the " + FOLDS + " folds");
            }
            List<LfwPair> list = new ArrayList<>(n);
            int[] foldOf = folds(n);
            for (int i = 0; i < n; i++) {
                list.add(new LfwPair(i + 1, foldOf[i], files.get(2 * i), files.get(2 * i + 1), bin.same()[i]));
            }
            return new BinPairs(dir, new LfwPairs(dir, FOLDS, n / (2 * FOLDS), list, bin.file().toString(), "pair"));
        } catch (IOException | RuntimeException e) {
            delete(dir);
            throw e;
        }
    }

    /** The 1-based fold of each of {@code n} pairs, as scikit-learn's unshuffled {@code KFold(10)} splits them. */
    static int[] folds(int n) {
        int[] fold = new int[n];
        int at = 0;
        for (int f = 0; f < FOLDS; f++) {
            int size = n / FOLDS + (f < n % FOLDS ? 1 : 0);
            for (int i = 0; i < size; i++) {
                fold[at++] = f + 1;
            }
        }
        return fold;
    }

    /** The set's file name without {@code .bin}, kept to the characters safe in a file name. */
    private static String setName(Path file) {
        String n = file.getFileName().toString();
        n = n.endsWith(".bin") ? n.substring(0, n.length() - 4) : n;
        return n.replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    private static Path write(VerificationBin bin, int index, Path dir, int height, int width) throws IOException {
        byte[] bytes = bin.images().get(index);
        String which = "image " + index + " (pair " + (index / 2 + 1) + ")";
        String name = String.format(Locale.ROOT, "pair-%06d-%s", index / 2 + 1, index % 2 == 0 ? "first" : "second");
        BufferedImage image;
        try {
            image = ImageDecoder.DEFAULT.decode(bytes, bin.file() + ": " + which);
        } catch (BadImageException e) {
            throw new BinFormatException(e.getMessage());
        }
        Path file;
        if (image.getHeight() == height && image.getWidth() == width) {
            boolean png = bytes.length > 4 && (bytes[0] & 0xff) == 0x89 && bytes[1] == 'P';
            file = dir.resolve(name + (png ? ".png" : ".jpg"));
            Files.write(file, bytes);
        } else if (image.getHeight() < height || image.getWidth() < width) {
            throw new BinFormatException(bin.file() + ": " + which + " is " + image.getHeight() + "x"
                    + image.getWidth() + " (height x width), smaller than the model's input " + height + "x" + width);
        } else {
            BufferedImage crop = image.getSubimage((image.getWidth() - width) / 2, (image.getHeight() - height) / 2,
                    width, height);
            file = dir.resolve(name + ".png");
            FaceImages.writePng(crop, file);
        }
        file.toFile().deleteOnExit();
        return file;
    }

    /** The pairs, their images the files written for this set. */
    public LfwPairs pairs() {
        return pairs;
    }

    @Override
    public void close() throws IOException {
        delete(dir);
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
