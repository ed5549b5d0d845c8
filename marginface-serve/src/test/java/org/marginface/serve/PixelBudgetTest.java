package org.marginface.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class PixelBudgetTest {

    @Test
    void leasesTakeTheirPixelsUntilClosedAndNeverMoreThanTheWhole() {
        PixelBudget budget = new PixelBudget(1000);
        try (PixelBudget.Lease a = budget.acquire(600)) {
            assertEquals(400, budget.available());
            try (PixelBudget.Lease b = budget.acquire(400)) {
                assertEquals(0, budget.available());
            }
            assertEquals(400, budget.available());
            a.close(); // closing twice gives back once
        }
        assertEquals(1000, budget.available());
        try (PixelBudget.Lease all = budget.acquire(5000)) {
            assertEquals(0, budget.available());
        }
        assertEquals(1000, budget.available());
    }

    @Test
    void subsamplingIsTheLeastThatFits() {
        assertEquals(1, PhotoDecoder.subsampling(1000, 1000, 1_000_000));
        assertEquals(2, PhotoDecoder.subsampling(1001, 1000, 1_000_000));
        int n = PhotoDecoder.subsampling(4999, 4999, 2_000_000);
        assertEquals(4, n);
        long fits = (long) Math.ceil(4999.0 / n) * (long) Math.ceil(4999.0 / n);
        long tighter = (long) Math.ceil(4999.0 / (n - 1)) * (long) Math.ceil(4999.0 / (n - 1));
        assertTrue(fits <= 2_000_000 && tighter > 2_000_000);
    }

    @Test
    void aLargePhotoIsDecodedSubsampledAndHoldsItsPixelsUntilClosed() throws IOException {
        PixelBudget budget = new PixelBudget(2_000_000);
        PhotoDecoder decoder = new PhotoDecoder(25_000_000, 1_000_000, budget);
        byte[] png = ServiceAnswersTest.png(ServiceAnswersTest.grey(4999, 3001));
        try (PhotoDecoder.Photo photo = decoder.decode(png, "image")) {
            BufferedImage image = photo.image();
            assertEquals(4999, photo.width());
            assertEquals(3001, photo.height());
            assertEquals(4, photo.subsampling());
            assertEquals(1250, image.getWidth());
            assertEquals(751, image.getHeight());
            assertEquals(2_000_000 - 1250 * 751, budget.available());
        }
        assertEquals(2_000_000, budget.available());
        ApiException tooLarge = assertThrows(ApiException.class,
                () -> new PhotoDecoder(10_000_000, 1_000_000, budget).decode(png, "image"));
        assertEquals(413, tooLarge.status());
        assertEquals(2_000_000, budget.available());
    }
}
