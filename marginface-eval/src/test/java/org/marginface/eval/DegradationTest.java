package org.marginface.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DegradationTest {

    private static BufferedImage image(int width, int height, java.util.function.IntBinaryOperator gray) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int g = gray.applyAsInt(x, y);
                image.setRGB(x, y, (g << 16) | (g << 8) | g);
            }
        }
        return image;
    }

    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    private static BufferedImage checkerboard() {
        return image(96, 112, (x, y) -> (x + y) % 2 == 0 ? 0 : 255);
    }

    /** Mean squared difference of the red channel. */
    private static double meanSquaredDifference(BufferedImage a, BufferedImage b) {
        int[] pa = pixels(a);
        int[] pb = pixels(b);
        double sum = 0;
        for (int i = 0; i < pa.length; i++) {
            int d = ((pa[i] >> 16) & 0xff) - ((pb[i] >> 16) & 0xff);
            sum += d * d;
        }
        return sum / pa.length;
    }

    private static BufferedImage texture() {
        Random random = new Random(5);
        int[][] noise = new int[112][96];
        for (int[] row : noise) {
            for (int x = 0; x < row.length; x++) {
                row[x] = random.nextInt(256);
            }
        }
        return image(96, 112, (x, y) -> (noise[y][x] + 2 * (x * 255 / 95)) / 3);
    }

    @Test
    void everyDegradationKeepsTheSizeAndLeavesTheInputAlone() {
        BufferedImage input = texture();
        int[] before = pixels(input);
        for (Degradation d : Degradation.values()) {
            for (double level : d.defaultLevels()) {
                BufferedImage out = d.apply(input, level);
                assertEquals(96, out.getWidth());
                assertEquals(112, out.getHeight());
            }
        }
        assertArrayEquals(before, pixels(input));
    }

    @Test
    void theMildestLevelsChangeNothing() {
        BufferedImage input = texture();
        assertArrayEquals(pixels(input), pixels(Degradation.RESOLUTION.apply(input, 1.0)));
        assertArrayEquals(pixels(input), pixels(Degradation.BLUR.apply(input, 0.0)));
    }

    @Test
    void halvingAOnePixelCheckerboardLeavesUniformGray() {
        // each 2x2 block averages to 127.5, and enlarging a uniform image keeps it uniform
        int[] out = pixels(Degradation.RESOLUTION.apply(checkerboard(), 0.5));
        for (int p : out) {
            assertEquals(0x808080, p & 0xffffff);
        }
    }

    @Test
    void aUniformImageSurvivesEveryResizeAndBlur() {
        BufferedImage gray = image(96, 112, (x, y) -> 77);
        for (double level : new double[] {0.8, 0.33, 0.1}) {
            for (int p : pixels(Degradation.RESOLUTION.apply(gray, level))) {
                assertEquals(0x4d4d4d, p & 0xffffff);
            }
        }
        for (int p : pixels(Degradation.BLUR.apply(gray, 2.5))) {
            assertEquals(0x4d4d4d, p & 0xffffff);
        }
    }

    @Test
    void blurSpreadsAPointSymmetricallyAndKeepsItsMass() {
        BufferedImage dot = image(41, 41, (x, y) -> x == 20 && y == 20 ? 255 : 0);
        int[] out = pixels(Degradation.BLUR.apply(dot, 1.0));
        int centre = out[20 * 41 + 20] & 0xff;
        // the 2-D Gaussian's peak holds 1 / (2 pi sigma^2) of the mass: 255 * 0.159 = 40.6
        assertEquals(41, centre, 1);
        assertEquals(out[20 * 41 + 19] & 0xff, out[20 * 41 + 21] & 0xff);
        assertEquals(out[19 * 41 + 20] & 0xff, out[21 * 41 + 20] & 0xff);
        assertEquals(out[19 * 41 + 20] & 0xff, out[20 * 41 + 19] & 0xff);
        int mass = 0;
        for (int p : out) {
            mass += p & 0xff;
        }
        assertEquals(255, mass, 12);
    }

    @Test
    void strongerLevelsLoseMoreOfTheImage() {
        BufferedImage input = texture();
        for (Degradation d : Degradation.values()) {
            double previous = -1;
            for (double level : d.defaultLevels()) {
                double error = meanSquaredDifference(input, d.apply(input, level));
                assertTrue(error >= previous, d + " at " + level + ": " + error + " < " + previous);
                previous = error;
            }
            assertTrue(previous > 100, d + " at its strongest level changes the image only by " + previous);
        }
    }

    @Test
    void levelsOutOfRangeAreRefused() {
        BufferedImage input = texture();
        assertThrows(IllegalArgumentException.class, () -> Degradation.RESOLUTION.apply(input, 0));
        assertThrows(IllegalArgumentException.class, () -> Degradation.RESOLUTION.apply(input, 1.5));
        assertThrows(IllegalArgumentException.class, () -> Degradation.BLUR.apply(input, -1));
        assertThrows(IllegalArgumentException.class, () -> Degradation.JPEG.apply(input, 0));
        assertEquals(Degradation.JPEG, Degradation.parse("JPEG"));
    }
}
