package org.marginface.serve;

import java.util.concurrent.Semaphore;

/**
 * The pixels that may be decoded and in detection at once, over all requests. A decoded photo and
 * the detector's pyramid of it cost memory in proportion to its pixels (a 25-megapixel photo took
 * 2.9 GB through MTCNN, over 100 bytes a pixel), so parallel requests of large photos wait here
 * instead of exhausting the heap.
 * First come, first served: a large photo is not overtaken forever by small ones.
 */
public final class PixelBudget {

    /** Pixels held by one photo until closed. */
    public interface Lease extends AutoCloseable {
        @Override
        void close();
    }

    private final int total;
    private final Semaphore pixels;

    PixelBudget(long totalPixels) {
        if (totalPixels < 1 || totalPixels > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a pixel budget lies in [1, " + Integer.MAX_VALUE + "], got " + totalPixels);
        }
        this.total = (int) totalPixels;
        this.pixels = new Semaphore(total, true);
    }

    /** Waits until {@code count} pixels (at most the whole budget) are free and takes them. */
    Lease acquire(long count) {
        int n = (int) Math.min(total, Math.max(1, count));
        try {
            pixels.acquire(n);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "unavailable", "the service is stopping");
        }
        return new Lease() {
            private boolean open = true;

            @Override
            public synchronized void close() {
                if (open) {
                    open = false;
                    pixels.release(n);
                }
            }
        };
    }

    /** Pixels free now. */
    int available() {
        return pixels.availablePermits();
    }
}
