package org.marginface.serve;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
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
 * Decodes uploaded JPEG and PNG images. The header is read first: an image declaring more than
 * {@code maxPixels} is refused before any pixel is decoded (a few kilobytes of PNG can declare
 * 30,000 x 30,000 pixels), and one declaring more than {@code detectionPixels} is decoded subsampled
 * (every n-th pixel of every n-th row, ImageIO's source subsampling, which never holds the full image)
 * to at most that many: all the detector and the aligner need. The decoded pixels are taken from a
 * {@link PixelBudget} shared by all requests and held until the {@link Photo} is closed.
 *
 * <p>The seam to the core's image decoder (branch input): when it offers the header's pixel count and
 * subsampled decoding, this class keeps only the budget and the service's error answers.
 */
public final class ImageDecoder {

    private static final Set<String> FORMATS = Set.of("jpeg", "png");

    static {
        // decode in memory: no temporary files named or placed by anything a request controls
        ImageIO.setUseCache(false);
    }

    /**
     * A decoded photo holding its share of the pixel budget until closed.
     *
     * @param image the decoded pixels, subsampled when the photo is large
     * @param width the photo's width as its header declares it
     * @param height the photo's height
     * @param subsampling n: pixel (x, y) of the image is pixel (n x, n y) of the photo
     */
    public record Photo(BufferedImage image, int width, int height, int subsampling, PixelBudget.Lease lease)
            implements AutoCloseable {

        @Override
        public void close() {
            lease.close();
        }
    }

    private final long maxPixels;
    private final long detectionPixels;
    private final PixelBudget budget;

    ImageDecoder(long maxPixels, long detectionPixels, PixelBudget budget) {
        this.maxPixels = maxPixels;
        this.detectionPixels = detectionPixels;
        this.budget = budget;
    }

    /** The least n for which the photo subsampled by n in both directions has at most {@code pixels}. */
    static int subsampling(long width, long height, long pixels) {
        int n = (int) Math.max(1, Math.ceil(Math.sqrt((double) width * height / pixels)));
        while (ceilDiv(width, n) * ceilDiv(height, n) > pixels) {
            n++;
        }
        return n;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    /** The decoded photo, or an {@link ApiException} (4xx) saying what is wrong with the bytes. */
    public Photo decode(byte[] bytes, String what) {
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
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width <= 0 || height <= 0) {
                    throw ApiException.badRequest("bad_image", what + ": image declares no pixels");
                }
                if ((long) width * height > maxPixels) {
                    throw new ApiException(413, "image_too_large", what + ": image declares " + width + "x" + height
                            + " pixels, more than the limit of " + maxPixels);
                }
                int n = subsampling(width, height, detectionPixels);
                ImageReadParam param = reader.getDefaultReadParam();
                param.setSourceSubsampling(n, n, 0, 0);
                // the JPEG decoder fills a truncated image with grey and only warns: a warning is a refusal
                List<String> warnings = new ArrayList<>();
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                PixelBudget.Lease lease = budget.acquire(ceilDiv(width, n) * ceilDiv(height, n));
                try {
                    BufferedImage image = reader.read(0, param);
                    if (image == null || !warnings.isEmpty()) {
                        throw ApiException.badRequest("bad_image", what + ": cannot decode image");
                    }
                    return new Photo(image, width, height, n, lease);
                } catch (IOException | RuntimeException | Error e) {
                    lease.close();
                    throw e;
                }
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
