package org.marginface.core.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * The one JPEG / PNG decoder of marginface, with one policy: a decoder warning or a short read is a
 * corrupt file (ImageIO's JPEG reader decodes a truncated file "successfully", fills the missing rows
 * with grey and only warns), an image whose header declares more than {@code maxPixels} is refused
 * before any pixel is decoded, and with {@code maxSide} set a larger image is decoded subsampled
 * (every k-th pixel) so that its longest side is at most {@code maxSide}, bounding memory for huge
 * photos. Thread-safe: every call uses its own reader.
 *
 * @param maxPixels refuse images declaring more pixels than this; 0 for no budget
 * @param maxSide decode with source subsampling so the longest side is at most this; 0 for full size
 */
public record ImageDecoder(long maxPixels, int maxSide) {

    /** Full size, no pixel budget. */
    public static final ImageDecoder DEFAULT = new ImageDecoder(0, 0);

    private static final Set<String> FORMATS = Set.of("jpeg", "png");

    static {
        // decode in memory: no temporary files (ImageIO's disk cache made LFW decoding 1.5x slower)
        ImageIO.setUseCache(false);
    }

    public ImageDecoder {
        if (maxPixels < 0 || maxSide < 0) {
            throw new IllegalArgumentException("maxPixels and maxSide must be 0 (off) or positive, got "
                    + maxPixels + " and " + maxSide);
        }
    }

    /** The same policy with a pixel budget checked from the header. */
    public ImageDecoder withMaxPixels(long budget) {
        return new ImageDecoder(budget, maxSide);
    }

    /** The same policy decoding subsampled so that the longest side is at most {@code side}. */
    public ImageDecoder withMaxSide(int side) {
        return new ImageDecoder(maxPixels, side);
    }

    /**
     * Decodes a JPEG or PNG file.
     *
     * @throws BadImageException naming the file when it is missing, empty, truncated, corrupt, too large
     *     or not a JPEG or PNG image
     */
    public BufferedImage read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new BadImageException(file.toString(), BadImageException.Kind.MISSING, "no such image file");
        }
        return decode(Files.readAllBytes(file), file.toString());
    }

    /** The width and height an image's header declares. */
    public record Size(int width, int height) {}

    /**
     * The size JPEG or PNG bytes declare, read from the header alone (no pixel decoded), under the
     * same checks as {@link #decode}: the format, a positive size, the pixel budget.
     *
     * @param source what the bytes are, named in errors (a file, a form field)
     */
    public Size size(byte[] bytes, String source) throws BadImageException {
        return withHeader(bytes, source, (reader, format, size) -> size);
    }

    /**
     * Decodes JPEG or PNG bytes.
     *
     * @param source what the bytes are, named in errors (a file, a form field)
     */
    public BufferedImage decode(byte[] bytes, String source) throws BadImageException {
        return withHeader(bytes, source, (reader, format, size) -> {
            ImageReadParam param = reader.getDefaultReadParam();
            int step = subsampling(size.width(), size.height());
            if (step > 1) {
                param.setSourceSubsampling(step, step, 0, 0);
            }
            List<String> warnings = new ArrayList<>();
            reader.addIIOReadWarningListener((r, warning) -> warnings.add(warning));
            BufferedImage image = reader.read(0, param);
            if (!warnings.isEmpty()) {
                throw new BadImageException(source, BadImageException.Kind.CORRUPT,
                        "corrupt or truncated " + format + " (" + warnings.get(0) + ")");
            }
            if (image == null) {
                throw new BadImageException(source, BadImageException.Kind.CORRUPT, "cannot decode image");
            }
            return image;
        });
    }

    /** What is done with an image once its header passed the checks. */
    private interface HeaderAction<T> {
        T apply(ImageReader reader, String format, Size size) throws IOException;
    }

    private <T> T withHeader(byte[] bytes, String source, HeaderAction<T> action) throws BadImageException {
        if (bytes == null || bytes.length == 0) {
            throw new BadImageException(source, BadImageException.Kind.EMPTY, "empty file");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new BadImageException(source, BadImageException.Kind.NOT_AN_IMAGE, "not a JPEG or PNG image");
            }
            ImageReader reader = readers.next();
            try {
                String format = reader.getFormatName().toLowerCase(Locale.ROOT);
                if (!FORMATS.contains(format)) {
                    throw new BadImageException(source, BadImageException.Kind.UNSUPPORTED,
                            "a " + format + " image; only JPEG and PNG are read");
                }
                reader.setInput(in, true, true);
                // the header alone: width and height are known before any pixel is decoded
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width <= 0 || height <= 0) {
                    throw new BadImageException(source, BadImageException.Kind.CORRUPT, "image declares no pixels");
                }
                if (maxPixels > 0 && (long) width * height > maxPixels) {
                    throw new BadImageException(source, BadImageException.Kind.TOO_LARGE, "image declares "
                            + width + "x" + height + " pixels, more than the limit of " + maxPixels);
                }
                return action.apply(reader, format, new Size(width, height));
            } finally {
                reader.dispose();
            }
        } catch (BadImageException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // damaged data comes as IIOException or as runtime exceptions from deep inside the codecs
            throw new BadImageException(source, BadImageException.Kind.CORRUPT,
                    "corrupt or truncated image (" + e.getMessage() + ")");
        }
    }

    /** The source subsampling step that brings the longest side to at most {@code maxSide}. */
    int subsampling(long width, long height) {
        if (maxSide == 0) {
            return 1;
        }
        long longest = Math.max(width, height);
        return (int) ((longest + maxSide - 1) / maxSide);
    }
}
