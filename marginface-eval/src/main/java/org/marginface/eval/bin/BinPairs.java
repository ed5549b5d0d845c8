package org.marginface.eval.bin;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.marginface.core.image.FaceImages;
import org.marginface.eval.LfwPair;
import org.marginface.eval.LfwPairs;

/**
 * A verification set's images as files (one per position, named {@code NNNNNN.jpg|png} in a temporary
 * directory) and its pairs as {@link LfwPairs} in insightface's ten folds of consecutive pairs
 * (scikit-learn's {@code KFold(10)}: the first {@code n mod 10} folds one pair longer), so that the
 * LFW machinery — embedding cache, protocols, reports — serves it unchanged. Images larger than the
 * model's input are centre-cropped to it (the central 96 columns of insightface's 112x112 faces for
 * a 112x96 model) and written as PNG, which loses nothing; images of the input size are written as
 * they are.
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
        Path dir = Files.createTempDirectory("marginface-bin-");
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
            return new BinPairs(dir, new LfwPairs(dir, FOLDS, n / (2 * FOLDS), list));
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

    private static Path write(VerificationBin bin, int index, Path dir, int height, int width) throws IOException {
        byte[] bytes = bin.images().get(index);
        String name = String.format(Locale.ROOT, "%06d", index);
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException | RuntimeException e) {
            throw new BinFormatException(bin.file() + ": image " + index + " (pair " + (index / 2 + 1)
                    + ") cannot be decoded: " + e.getMessage());
        }
        if (image == null) {
            throw new BinFormatException(bin.file() + ": image " + index + " (pair " + (index / 2 + 1)
                    + ") is not a JPEG or PNG image");
        }
        if (image.getHeight() == height && image.getWidth() == width) {
            boolean png = bytes.length > 4 && (bytes[0] & 0xff) == 0x89 && bytes[1] == 'P';
            Path file = dir.resolve(name + (png ? ".png" : ".jpg"));
            Files.write(file, bytes);
            return file;
        }
        if (image.getHeight() < height || image.getWidth() < width) {
            throw new BinFormatException(bin.file() + ": image " + index + " is " + image.getHeight() + "x"
                    + image.getWidth() + " (height x width), smaller than the model's input " + height + "x" + width);
        }
        BufferedImage crop = image.getSubimage((image.getWidth() - width) / 2, (image.getHeight() - height) / 2,
                width, height);
        Path file = dir.resolve(name + ".png");
        FaceImages.writePng(crop, file);
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
