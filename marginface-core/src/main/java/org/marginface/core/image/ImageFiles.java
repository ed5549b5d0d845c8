package org.marginface.core.image;

import java.awt.image.BufferedImage;
import java.io.IOException;
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

/** Reading and writing image files with the JDK's ImageIO (JPEG, PNG, BMP, GIF): no native library. */
public final class ImageFiles {

    /** JPEG quality of the reference crops, and the default for aligned crops. */
    public static final int DEFAULT_JPEG_QUALITY = 95;

    private ImageFiles() {}

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

    /** Decodes an image file. */
    public static BufferedImage read(Path file) throws IOException {
        BufferedImage image = ImageIO.read(file.toFile());
        if (image == null) {
            throw new IOException("not an image format ImageIO can decode: " + file);
        }
        return image;
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
