package org.marginface.train.data;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.marginface.train.config.ExperimentConfig;

/**
 * Decodes JPEG and PNG training images to RGB bytes at the backbone's input size. A truncated JPEG
 * decodes "successfully" in ImageIO with a warning and grey rows, so warnings count as corruption.
 * Thread-safe: every call uses its own reader.
 */
public final class ImageDecoder {

    static {
        // no temporary files for image streams: the pipeline decodes thousands of small images
        ImageIO.setUseCache(false);
    }

    private final int height;
    private final int width;
    private final boolean resize;
    private final int[] crop;

    /**
     * @param resize scale images of another size to {@code height x width}; otherwise such an image
     *     is an error naming the file
     */
    public ImageDecoder(int height, int width, boolean resize) {
        this(height, width, resize, null);
    }

    /**
     * @param crop {height, width} of the central region taken from each image before the size check,
     *     or null for none
     */
    public ImageDecoder(int height, int width, boolean resize, int[] crop) {
        this.height = height;
        this.width = width;
        this.resize = resize;
        this.crop = crop == null ? null : crop.clone();
    }

    /** The decoder for a config: the backbone's input size, cropping and resizing if the data section asks. */
    public static ImageDecoder of(ExperimentConfig config) {
        return new ImageDecoder(config.backbone().inputHeight(), config.backbone().inputWidth(), config.data().resize(),
                config.data().cropHeightWidth());
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /**
     * Reads one image as interleaved RGB bytes, {@code height x width x 3}.
     *
     * @throws BadImageException if the file is not a readable JPEG or PNG
     * @throws IllegalArgumentException if its size differs from the input size and resizing is off
     */
    public byte[] decodeRgb(Path file) throws IOException {
        return decodeRgb(Files.readAllBytes(file), file);
    }

    /**
     * As {@link #decodeRgb(Path)} for an image already in memory.
     *
     * @param source names the image in errors (its file, or its record in a pack)
     */
    public byte[] decodeRgb(byte[] bytes, Path source) throws IOException {
        Path file = source;
        BufferedImage image = read(bytes, file);
        if (crop != null) {
            if (image.getHeight() < crop[0] || image.getWidth() < crop[1]) {
                throw new IllegalArgumentException(file + ": image is " + image.getHeight() + "x" + image.getWidth()
                        + " (height x width), smaller than data.crop " + crop[0] + "x" + crop[1]);
            }
            image = image.getSubimage((image.getWidth() - crop[1]) / 2, (image.getHeight() - crop[0]) / 2, crop[1], crop[0]);
        }
        if (image.getHeight() != height || image.getWidth() != width) {
            if (!resize) {
                throw new IllegalArgumentException(file + ": image is " + image.getHeight() + "x" + image.getWidth()
                        + " (height x width) but the backbone takes " + height + "x" + width
                        + "; align the images to that size, or set data.crop (e.g. 112x96 for 112x112 packs) or data.resize: true");
            }
            image = scaled(image);
        }
        return rgb(image);
    }

    private static BufferedImage read(byte[] bytes, Path file) throws IOException {
        if (bytes.length == 0) {
            throw new BadImageException(file, "empty file");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new BadImageException(file, "not a JPEG or PNG image");
            }
            ImageReader reader = readers.next();
            try {
                String format = reader.getFormatName().toLowerCase(Locale.ROOT);
                if (!format.equals("jpeg") && !format.equals("png")) {
                    throw new BadImageException(file, "a " + format + " image; only JPEG and PNG are read");
                }
                List<String> warnings = new ArrayList<>();
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                reader.setInput(in, true, true);
                BufferedImage image = reader.read(0);
                if (!warnings.isEmpty()) {
                    throw new BadImageException(file, "corrupt " + format + ": " + warnings.get(0));
                }
                return image;
            } finally {
                reader.dispose();
            }
        } catch (BadImageException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // ImageIO reports damaged data as IIOException or as runtime exceptions from deep inside its codecs
            throw new BadImageException(file, "cannot be decoded: " + e.getMessage());
        }
    }

    private BufferedImage scaled(BufferedImage image) {
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

    private static byte[] rgb(BufferedImage image) {
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
}
