package org.marginface.serve;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes uploaded JPEG and PNG images, refusing before decoding any image whose header declares
 * more than a pixel budget: a few kilobytes of PNG can declare 30,000 x 30,000 pixels, which would
 * take gigabytes to decode.
 */
public final class ImageDecoder {

    private static final Set<String> FORMATS = Set.of("jpeg", "png");

    static {
        // decode in memory: no temporary files named or placed by anything a request controls
        ImageIO.setUseCache(false);
    }

    private final long maxPixels;

    public ImageDecoder(long maxPixels) {
        this.maxPixels = maxPixels;
    }

    /** The decoded image, or an {@link ApiException} (4xx) saying what is wrong with the bytes. */
    public BufferedImage decode(byte[] bytes, String what) {
        if (bytes == null || bytes.length == 0) {
            throw ApiException.badRequest("bad_image", what + ": empty image");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new ApiException(415, "unsupported_image", what + ": not a JPEG or PNG image");
            }
            ImageReader reader = readers.next();
            try {
                String format = reader.getFormatName().toLowerCase(Locale.ROOT);
                if (!FORMATS.contains(format)) {
                    throw new ApiException(415, "unsupported_image", what + ": " + format + " images are not accepted,"
                            + " only JPEG and PNG");
                }
                reader.setInput(in, true, true);
                // the header alone: width and height are known before any pixel is decoded
                long width = reader.getWidth(0);
                long height = reader.getHeight(0);
                if (width <= 0 || height <= 0) {
                    throw ApiException.badRequest("bad_image", what + ": image declares no pixels");
                }
                if (width * height > maxPixels) {
                    throw new ApiException(413, "image_too_large", what + ": image declares " + width + "x" + height
                            + " pixels, more than the limit of " + maxPixels);
                }
                // the JPEG decoder fills a truncated image with grey and only warns: a warning is a refusal
                java.util.List<String> warnings = new java.util.ArrayList<>();
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                BufferedImage image = reader.read(0);
                if (image == null || !warnings.isEmpty()) {
                    throw ApiException.badRequest("bad_image", what + ": cannot decode image");
                }
                return image;
            } finally {
                reader.dispose();
            }
        } catch (ApiException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // corrupt or truncated data: the decoders throw IIOException, and sometimes runtime exceptions
            throw ApiException.badRequest("bad_image", what + ": corrupt or truncated image");
        }
    }
}
