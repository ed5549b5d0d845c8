package org.marginface.core.image;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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

/** Decoding ({@link ImageDecoder}) and encoding of face images with the JDK's ImageIO (no native library). */
public final class FaceImages {

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
     * Decodes a JPEG or PNG file with {@link ImageDecoder#DEFAULT}: a truncated or corrupt file is an
     * error, not a partly grey image.
     *
     * @throws BadImageException naming the file when it is missing, empty, truncated or not an image
     */
    public static BufferedImage read(Path file) throws IOException {
        return ImageDecoder.DEFAULT.read(file);
    }

    /** The image as 3 x H x W floats, RGB, each value v given as (v − mean) · scale. */
    public static float[] toPlanes(BufferedImage image, float mean, float scale) {
        int h = image.getHeight();
        int w = image.getWidth();
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        int plane = h * w;
        float[] chw = new float[3 * plane];
        for (int i = 0; i < plane; i++) {
            int p = argb[i];
            chw[i] = (((p >> 16) & 0xff) - mean) * scale;
            chw[plane + i] = (((p >> 8) & 0xff) - mean) * scale;
            chw[2 * plane + i] = ((p & 0xff) - mean) * scale;
        }
        return chw;
    }

    /** The image as interleaved RGB bytes, {@code height x width x 3}. */
    public static byte[] rgbBytes(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] out = new byte[w * h * 3];
        if (image.getType() == BufferedImage.TYPE_3BYTE_BGR
                && image.getRaster().getDataBuffer() instanceof DataBufferByte buffer
                && buffer.getData().length == out.length) {
            // the JPEG reader's usual output: swap BGR to RGB without a per-pixel colour-model call
            byte[] bgr = buffer.getData();
            for (int i = 0; i < out.length; i += 3) {
                out[i] = bgr[i + 2];
                out[i + 1] = bgr[i + 1];
                out[i + 2] = bgr[i];
            }
            return out;
        }
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < argb.length; i++) {
            out[3 * i] = (byte) (argb[i] >> 16);
            out[3 * i + 1] = (byte) (argb[i] >> 8);
            out[3 * i + 2] = (byte) argb[i];
        }
        return out;
    }

    /** The image scaled (bilinear) to {@code height x width}. */
    public static BufferedImage scaled(BufferedImage image, int height, int width) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return out;
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
        Files.write(file, jpeg(image, quality));
    }

    /**
     * A baseline JPEG of the given quality (1-100, libjpeg's scale) in memory. An image with alpha or
     * of another layout is first drawn onto an opaque RGB one (JPEG has no alpha).
     */
    public static byte[] jpeg(BufferedImage image, int quality) {
        if (quality < 1 || quality > 100) {
            throw new IllegalArgumentException("JPEG quality must be 1 to 100, got " + quality);
        }
        BufferedImage rgb = image;
        if (image.getType() != BufferedImage.TYPE_3BYTE_BGR && image.getType() != BufferedImage.TYPE_INT_RGB
                && image.getType() != BufferedImage.TYPE_BYTE_GRAY) {
            rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
            Graphics2D g = rgb.createGraphics();
            try {
                g.drawImage(image, 0, 0, null);
            } finally {
                g.dispose();
            }
        }
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        if (!writers.hasNext()) {
            throw new IllegalStateException("this JDK has no JPEG writer");
        }
        ImageWriter writer = writers.next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality / 100f);
            writer.setOutput(out);
            writer.write(null, new IIOImage(rgb, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException("encoding a JPEG in memory", e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** Writes a PNG, replacing any existing file. */
    public static void writePng(BufferedImage image, Path file) throws IOException {
        Files.deleteIfExists(file);
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IllegalStateException("this JDK has no PNG writer");
        }
    }
}
