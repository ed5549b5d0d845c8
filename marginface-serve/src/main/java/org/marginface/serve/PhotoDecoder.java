package org.marginface.serve;

import java.awt.image.BufferedImage;
import org.marginface.core.image.BadImageException;
import org.marginface.core.image.ImageDecoder;

/**
 * Uploaded photos decoded within the service's memory bounds, through the core's one decoder
 * ({@link ImageDecoder}: JPEG and PNG only, a warning is a refusal, an image declaring more than
 * {@code maxPixels} refused before any pixel is decoded). A photo of more than {@code detectionPixels}
 * is decoded subsampled (the core's source subsampling, which never holds the full image) to at most
 * that many: all the detector and the aligner need. The decoded pixels are taken from a
 * {@link PixelBudget} shared by all requests and held until the {@link Photo} is closed. The core's
 * refusals become the API's errors: 415 for no JPEG or PNG, 413 over the pixel limit, else 400.
 */
public final class PhotoDecoder {

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

    private final ImageDecoder decoder;
    private final long detectionPixels;
    private final PixelBudget budget;

    PhotoDecoder(long maxPixels, long detectionPixels, PixelBudget budget) {
        this.decoder = ImageDecoder.DEFAULT.withMaxPixels(maxPixels);
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
        ImageDecoder.Size size;
        try {
            size = decoder.size(bytes, what);
        } catch (BadImageException e) {
            throw refusal(e);
        }
        int width = size.width();
        int height = size.height();
        int n = subsampling(width, height, detectionPixels);
        // the core subsamples by the longest side: this side gives exactly the step n (or a finer one
        // for tiny images, where the pixels are few anyway)
        long longest = Math.max(width, height);
        int maxSide = (int) ceilDiv(longest, n);
        int step = (int) ceilDiv(longest, maxSide);
        PixelBudget.Lease lease = budget.acquire(ceilDiv(width, step) * ceilDiv(height, step));
        try {
            BufferedImage image = decodeWith(n == 1 ? decoder : decoder.withMaxSide(maxSide), bytes, what);
            if (image.getWidth() != ceilDiv(width, step) || image.getHeight() != ceilDiv(height, step)) {
                throw new IllegalStateException("the decoder subsampled " + width + "x" + height + " to "
                        + image.getWidth() + "x" + image.getHeight() + ", not by " + step);
            }
            return new Photo(image, width, height, step, lease);
        } catch (RuntimeException | Error e) {
            lease.close();
            throw e;
        }
    }

    private static BufferedImage decodeWith(ImageDecoder decoder, byte[] bytes, String what) {
        try {
            return decoder.decode(bytes, what);
        } catch (BadImageException e) {
            throw refusal(e);
        }
    }

    private static ApiException refusal(BadImageException e) {
        return switch (e.kind()) {
            case NOT_AN_IMAGE, UNSUPPORTED -> new ApiException(415, "unsupported_image", e.getMessage());
            case TOO_LARGE -> new ApiException(413, "image_too_large", e.getMessage());
            default -> ApiException.badRequest("bad_image", e.getMessage());
        };
    }
}
