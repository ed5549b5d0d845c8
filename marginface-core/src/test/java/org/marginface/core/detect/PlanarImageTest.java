package org.marginface.core.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class PlanarImageTest {

    /** A one-channel-valued image: every plane holds {@code values} (row-major). */
    private static PlanarImage grey(int width, int height, float... values) {
        float[] planes = new float[3 * values.length];
        for (int c = 0; c < 3; c++) {
            System.arraycopy(values, 0, planes, c * values.length, values.length);
        }
        return new PlanarImage(width, height, planes);
    }

    private static float[] firstPlane(float[] planes, int n) {
        return java.util.Arrays.copyOf(planes, n);
    }

    @Test
    void decodesRgbIntoPlanes() {
        BufferedImage image = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, 0x0a141e);
        image.setRGB(1, 0, 0xff0001);
        assertArrayEquals(new float[] {10, 255, 20, 0, 30, 1}, PlanarImage.of(image).planes());
    }

    @Test
    void sameSizeIsACopyAndHalvingAveragesBlocks() {
        PlanarImage image = grey(4, 2, 0, 2, 4, 6, 8, 10, 12, 14);
        assertArrayEquals(firstPlane(image.planes(), 8), firstPlane(image.resample(0, 0, 4, 2, 4, 2), 8));
        assertArrayEquals(new float[] {5, 9}, firstPlane(image.resample(0, 0, 4, 2, 2, 1), 2));
        // a third of the way: footprints [0, 1.33) and [1.33, 2.67) and [2.67, 4) along x
        assertArrayEquals(new float[] {0.5f, 3f, 5.5f}, firstPlane(image.resample(0, 0, 4, 1, 3, 1), 3), 1e-5f);
    }

    @Test
    void enlargingInterpolatesBetweenPixelCentres() {
        PlanarImage image = grey(2, 1, 0, 8);
        // output centres at input 0.5·(o + 0.5) − 0.5 = −0.25 (clamped), 0.25, 0.75, 1.25 (clamped)
        assertArrayEquals(new float[] {0, 2, 6, 8}, firstPlane(image.resample(0, 0, 2, 1, 4, 1), 4), 1e-6f);
    }

    @Test
    void aWindowPastTheBorderIsPaddedWithZeros() {
        PlanarImage image = grey(2, 2, 1, 2, 3, 4);
        // the 4x4 window from (-1, -1): the image sits at offset (1, 1) in a zero frame
        float[] window = firstPlane(image.resample(-1, -1, 4, 4, 4, 4), 16);
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, 1, 2, 0, 0, 3, 4, 0, 0, 0, 0, 0}, window);
        // halved, each output averages one image pixel with three zeros
        assertArrayEquals(new float[] {0.25f, 0.5f, 0.75f, 1f}, firstPlane(image.resample(-1, -1, 4, 4, 2, 2), 4));
        // entirely outside: all zero
        assertArrayEquals(new float[4], firstPlane(image.resample(5, 5, 2, 2, 2, 2), 4));
    }

    @Test
    void shrinkingBySummedAreasEqualsDirectFootprintAveraging() {
        java.util.Random random = new java.util.Random(7);
        int w = 37;
        int h = 29;
        float[] planes = new float[3 * w * h];
        for (int i = 0; i < planes.length; i++) {
            planes[i] = random.nextInt(256);
        }
        PlanarImage image = new PlanarImage(w, h, planes);
        int[][] windows = {{0, 0, w, h, 12, 10}, {3, 5, 24, 24, 7, 7}, {-6, -4, 30, 30, 24, 24}, {20, 10, 25, 25, 11, 11},
            {0, 0, w, h, 36, 28}};
        for (int[] r : windows) {
            float[] fast = image.resample(r[0], r[1], r[2], r[3], r[4], r[5]);
            float[] direct = image.resampleSeparable(r[0], r[1], r[2], r[3], r[4], r[5]);
            assertArrayEquals(direct, fast, 2e-3f, java.util.Arrays.toString(r));
        }
    }
}
