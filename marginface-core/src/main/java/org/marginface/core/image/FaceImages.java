package org.marginface.core.image;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Decoding and encoding of face images (JDK ImageIO, no native library), and the network's input scaling. */
public final class FaceImages {

    /** The paper's input scaling: (x − 127.5) / 128, per channel, RGB. */
    public static final float MEAN = 127.5f;
    public static final float SCALE = 1f / 128f;

    /** JPEG quality of the reference crops, and the default for aligned crops. */
    public static final int DEFAULT_JPEG_QUALITY = 95;

    private FaceImages() {}

    /** The formats crops are written in. */
    public enum Format {
        JPG("jpg", Set.of("jpg", "jpeg")),
        PNG("png", Set.of("png"));

        private final String extension;
        private final Set<String> extensions;

        Format(String extension, Set<String> extensions) {
            this.extension = extension;
            this.extensions = extensions;
        }

        /** The format with this name or file name extension (e.g. {@code jpg}, {@code JPEG}, {@code png}). */
        public static Format fromName(String name) {
            for (Format f : values()) {
                if (f.extensions.contains(name.toLowerCase(Locale.ROOT))) {
                    return f;
                }
            }
            throw new IllegalArgumentException("unknown image format '" + name + "': expected jpg or png");
        }

        /** The usual file name extension, without the dot. */
        public String extension() {
            return extension;
        }

        /**
         * {@code relative} (a path with {@code /} separators) with a file name extension of this
         * format: kept when it already names this format (in any case, e.g. {@code .JPEG}), else
         * replaced, or added when there is none.
         */
        public String fileName(String relative) {
            int slash = relative.lastIndexOf('/');
            int dot = relative.lastIndexOf('.');
            boolean hasExtension = dot > slash + 1;
            if (hasExtension && extensions.contains(relative.substring(dot + 1).toLowerCase(Locale.ROOT))) {
                return relative;
            }
            return (hasExtension ? relative.substring(0, dot) : relative) + "." + extension;
        }
    }

    /**
     * Decodes a JPEG or PNG file.
     *
     * @throws IOException naming the file when it is missing, empty, truncated or not an image
     */
    public static BufferedImage read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such image file");
        }
        if (Files.size(file) == 0) {
            throw new IOException(file + ": empty file");
        }
        BufferedImage image;
        try (InputStream in = Files.newInputStream(file)) {
            image = ImageIO.read(in);
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + ": cannot decode image (" + e.getMessage() + ")", e);
        }
        if (image == null) {
            throw new IOException(file + ": not a JPEG or PNG image");
        }
        return image;
    }

    /**
     * The image as network input: 3 x H x W floats, RGB, scaled by {@link #MEAN} and {@link #SCALE}.
     * Grey images are repeated over the three channels; alpha is ignored.
     */
    public static float[] toInput(BufferedImage image) {
        int h = image.getHeight();
        int w = image.getWidth();
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        int plane = h * w;
        float[] chw = new float[3 * plane];
        for (int i = 0; i < plane; i++) {
            int p = argb[i];
            chw[i] = (((p >> 16) & 0xff) - MEAN) * SCALE;
            chw[plane + i] = (((p >> 8) & 0xff) - MEAN) * SCALE;
            chw[2 * plane + i] = ((p & 0xff) - MEAN) * SCALE;
        }
        return chw;
    }

    /** Throws unless the image has exactly the model's input size. */
    public static void requireSize(BufferedImage image, int height, int width, Object source) throws IOException {
        if (image.getHeight() != height || image.getWidth() != width) {
            throw new IOException(source + ": image is " + image.getWidth() + "x" + image.getHeight()
                    + " (width x height) but the model takes aligned " + width + "x" + height
                    + " faces; align it first (marginface align)");
        }
    }

    /** Writes {@code image} in {@code format}; {@code jpegQuality} (1-100) applies to JPEG only. */
    public static void write(BufferedImage image, Path file, Format format, int jpegQuality) throws IOException {
        switch (format) {
            case JPG -> writeJpeg(image, file, jpegQuality);
            case PNG -> writePng(image, file);
            default -> throw new IllegalArgumentException("unknown format " + format);
        }
    }

    /** Writes a baseline JPEG of the given quality (1-100, libjpeg's scale), replacing any existing file. */
    public static void writeJpeg(BufferedImage image, Path file, int quality) throws IOException {
        if (quality < 1 || quality > 100) {
            throw new IllegalArgumentException("JPEG quality must be 1 to 100, got " + quality);
        }
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        if (!writers.hasNext()) {
            throw new IllegalStateException("this JDK has no JPEG writer");
        }
        ImageWriter writer = writers.next();
        try {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality / 100f);
            Files.deleteIfExists(file); // the file stream would otherwise keep the tail of a longer old file
            try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
                writer.setOutput(out);
                writer.write(null, new IIOImage(image, null, null), param);
            }
        } finally {
            writer.dispose();
        }
    }

    /** Writes a PNG, replacing any existing file. */
    public static void writePng(BufferedImage image, Path file) throws IOException {
        Files.deleteIfExists(file);
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IllegalStateException("this JDK has no PNG writer");
        }
    }
}
