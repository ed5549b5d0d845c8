package org.marginface.core.image;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
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

    /** Decodes an image file. */
    public static BufferedImage read(Path file) throws IOException {
        BufferedImage image = ImageIO.read(file.toFile());
        if (image == null) {
            throw new IOException("not an image format ImageIO can decode: " + file);
        }
        return image;
    }

    /** Writes a baseline JPEG of the given quality (1-100, as in libjpeg's scale), replacing any existing file. */
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
            Files.deleteIfExists(file); // the file stream would otherwise keep a longer old file's tail
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
