package org.marginface.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.marginface.train.config.AugmentConfig;
import org.marginface.train.data.Augmentations.Draw;

class AugmentationsTest {

    private static final int H = 28;
    private static final int W = 24;

    @Test
    void shiftMovesThePatternByTheDrawnAmount() {
        byte[] image = noise(H, W, 1);
        Augmentations shifts = new Augmentations(config(4, 0, 0, 0, 0, 0, 0), 7);
        Set<Integer> seenDx = new HashSet<>();
        for (long position = 0; position < 200; position++) {
            Draw draw = shifts.drawAt(position);
            assertTrue(Math.abs(draw.dx()) <= 4 && Math.abs(draw.dy()) <= 4, draw.toString());
            seenDx.add(draw.dx());
            byte[] out = shifts.apply(image, H, W, position);
            for (int y = 4; y < H - 4; y++) {
                for (int x = 4; x < W - 4; x++) {
                    for (int c = 0; c < 3; c++) {
                        assertEquals(pixel(image, W, y, x, c), pixel(out, W, y + draw.dy(), x + draw.dx(), c),
                                "position " + position + ", " + draw);
                    }
                }
            }
        }
        assertEquals(9, seenDx.size(), "every shift from -4 to 4 is drawn: " + seenDx);
    }

    @Test
    void theBorderOfAShiftRepeatsTheEdge() {
        byte[] image = noise(H, W, 2);
        byte[] out = Augmentations.apply(image, H, W, new Draw(3, 0, 1, 1, 1, false, 0, 1));
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < 3; x++) {
                assertEquals(pixel(image, W, y, 0, 1), pixel(out, W, y, x, 1));
            }
        }
    }

    @Test
    void greyscaleMakesTheChannelsEqual() {
        byte[] image = noise(H, W, 3);
        byte[] out = Augmentations.apply(image, H, W, new Draw(0, 0, 1, 1, 1, true, 0, 1));
        int spread = 0;
        for (int i = 0; i < H * W; i++) {
            assertEquals(out[3 * i], out[3 * i + 1]);
            assertEquals(out[3 * i], out[3 * i + 2]);
            spread = Math.max(spread, Math.abs((image[3 * i] & 0xFF) - (image[3 * i + 2] & 0xFF)));
        }
        assertTrue(spread > 100, "the input was coloured: " + spread);
        int r = 200;
        int g = 50;
        int b = 10;
        byte[] one = Augmentations.apply(new byte[] {(byte) r, (byte) g, (byte) b}, 1, 1,
                new Draw(0, 0, 1, 1, 1, true, 0, 1));
        assertEquals(Math.round(0.299 * r + 0.587 * g + 0.114 * b), one[0] & 0xFF, "luma");
    }

    @Test
    void colourJitterScalesValuesContrastAndSaturation() {
        byte[] image = noise(H, W, 4);
        byte[] darker = Augmentations.apply(image, H, W, new Draw(0, 0, 0.5, 1, 1, false, 0, 1));
        for (int i = 0; i < image.length; i++) {
            assertEquals(Math.round((image[i] & 0xFF) * 0.5f), darker[i] & 0xFF);
        }
        byte[] flatter = Augmentations.apply(image, H, W, new Draw(0, 0, 1, 0.5, 1, false, 0, 1));
        assertEquals(0.5, std(flatter) / std(image), 0.01, "contrast 0.5 halves the spread around the mean");
        byte[] paler = Augmentations.apply(image, H, W, new Draw(0, 0, 1, 1, 0.5, false, 0, 1));
        assertEquals(0.5, channelSpread(paler) / channelSpread(image), 0.03, "saturation 0.5 halves the colour");
    }

    @Test
    void blurLowersACheckerboardsVariance() {
        byte[] board = checkerboard(H, W);
        double before = variance(board);
        byte[] light = Augmentations.apply(board, H, W, new Draw(0, 0, 1, 1, 1, false, 0.5, 1));
        byte[] strong = Augmentations.apply(board, H, W, new Draw(0, 0, 1, 1, 1, false, 1.5, 1));
        assertTrue(variance(light) < 0.8 * before, variance(light) + " against " + before);
        assertTrue(variance(strong) < 0.2 * before, variance(strong) + " against " + before);
        // away from the border, where the repeated edge pixels break the pattern, a wide blur leaves it flat
        assertTrue(variance(interior(strong, H, W, 5)) < 0.001 * before, variance(interior(strong, H, W, 5)) + "");
        assertEquals(mean(board), mean(strong), 1.0, "a blur keeps the mean");
    }

    @Test
    void downscalingRemovesHighFrequenciesAndKeepsLowOnes() {
        byte[] board = checkerboard(H, W);
        byte[] smooth = gradient(H, W);
        Draw half = new Draw(0, 0, 1, 1, 1, false, 0, 0.5);
        assertTrue(variance(Augmentations.apply(board, H, W, half)) < 0.01 * variance(board),
                "the finest pattern is gone at half resolution");
        assertEquals(mean(board), mean(Augmentations.apply(board, H, W, half)), 1.0);
        byte[] smoothOut = Augmentations.apply(smooth, H, W, half);
        for (int y = 2; y < H - 2; y++) {
            for (int x = 2; x < W - 2; x++) {
                assertEquals(pixel(smooth, W, y, x, 0), pixel(smoothOut, W, y, x, 0), 2, "a gradient survives at " + y + "," + x);
            }
        }
        double noiseBefore = neighbourDifference(noise(H, W, 5));
        byte[] quarter = Augmentations.apply(noise(H, W, 5), H, W, new Draw(0, 0, 1, 1, 1, false, 0, 0.25));
        assertTrue(neighbourDifference(quarter) < 0.2 * noiseBefore, neighbourDifference(quarter) + " against " + noiseBefore);
    }

    @Test
    void drawsFollowTheirProbabilitiesAndRangesFromTheSeedAndPositionAlone() {
        AugmentConfig config = new AugmentConfig(2, 0.3, 0.2, 0.4, 0.25, 0.5, 2.0, 0.1, 0.3);
        Augmentations a = new Augmentations(config, 42);
        int grey = 0;
        int blurred = 0;
        int downscaled = 0;
        int n = 4000;
        for (long p = 0; p < n; p++) {
            Draw d = a.drawAt(p);
            assertEquals(d, new Augmentations(config, 42).drawAt(p), "the same (seed, position), the same draw");
            assertTrue(d.brightness() >= 0.7 && d.brightness() <= 1.3, d.toString());
            assertTrue(d.contrast() >= 0.8 && d.contrast() <= 1.2, d.toString());
            assertTrue(d.saturation() >= 0.6 && d.saturation() <= 1.4, d.toString());
            assertTrue(d.blurSigma() == 0 || d.blurSigma() >= 0.5 && d.blurSigma() <= 2.0, d.toString());
            assertTrue(d.scale() == 1 || d.scale() >= 0.3 && d.scale() < 1, d.toString());
            grey += d.grey() ? 1 : 0;
            blurred += d.blurSigma() > 0 ? 1 : 0;
            downscaled += d.scale() < 1 ? 1 : 0;
        }
        assertEquals(0.25, grey / (double) n, 0.03);
        assertEquals(0.5, blurred / (double) n, 0.03);
        assertEquals(0.1, downscaled / (double) n, 0.03);
        Augmentations other = new Augmentations(config, 43);
        int same = 0;
        for (long p = 0; p < 100; p++) {
            same += a.drawAt(p).equals(other.drawAt(p)) ? 1 : 0;
        }
        assertEquals(0, same, "another seed draws otherwise");
    }

    @Test
    void turningOneAugmentationOnLeavesTheOthersDrawsAsTheyWere() {
        AugmentConfig greyOnly = new AugmentConfig(0, 0, 0, 0, 0.5, 0, 1.5, 0, 0.5);
        AugmentConfig greyAndShift = new AugmentConfig(3, 0, 0, 0, 0.5, 0, 1.5, 0, 0.5);
        for (long p = 0; p < 100; p++) {
            assertEquals(new Augmentations(greyOnly, 9).drawAt(p).grey(), new Augmentations(greyAndShift, 9).drawAt(p).grey());
        }
    }

    @Test
    void nothingOnLeavesTheImageAlone() {
        byte[] image = noise(H, W, 6);
        Augmentations none = new Augmentations(AugmentConfig.NONE, 3);
        assertFalse(none.any());
        for (long p = 0; p < 20; p++) {
            assertTrue(none.drawAt(p).isIdentity());
            assertSame(image, none.apply(image, H, W, p));
        }
        byte[] copy = image.clone();
        Augmentations.apply(image, H, W, new Draw(2, 1, 1.2, 0.8, 0.7, true, 1.0, 0.5));
        assertArrayEquals(copy, image, "the decoded bytes are not written to");
        assertNotEquals(AugmentConfig.NONE, new AugmentConfig(1, 0, 0, 0, 0, 0, 1.5, 0, 0.5));
    }

    private static AugmentConfig config(int shift, double brightness, double contrast, double saturation, double greyscale,
            double blur, double downscale) {
        return new AugmentConfig(shift, brightness, contrast, saturation, greyscale, blur, 1.5, downscale, 0.5);
    }

    static byte[] noise(int h, int w, long seed) {
        byte[] out = new byte[h * w * 3];
        new Random(seed).nextBytes(out);
        return out;
    }

    private static byte[] checkerboard(int h, int w) {
        byte[] out = new byte[h * w * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                byte v = (byte) ((x + y) % 2 == 0 ? 220 : 30);
                out[3 * (y * w + x)] = v;
                out[3 * (y * w + x) + 1] = v;
                out[3 * (y * w + x) + 2] = v;
            }
        }
        return out;
    }

    private static byte[] gradient(int h, int w) {
        byte[] out = new byte[h * w * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    out[3 * (y * w + x) + c] = (byte) (40 + 4 * x + 3 * y);
                }
            }
        }
        return out;
    }

    private static byte[] interior(byte[] rgb, int h, int w, int margin) {
        int ih = h - 2 * margin;
        int iw = w - 2 * margin;
        byte[] out = new byte[ih * iw * 3];
        for (int y = 0; y < ih; y++) {
            System.arraycopy(rgb, 3 * ((y + margin) * w + margin), out, 3 * y * iw, 3 * iw);
        }
        return out;
    }

    private static int pixel(byte[] rgb, int w, int y, int x, int c) {
        return rgb[3 * (y * w + x) + c] & 0xFF;
    }

    private static double mean(byte[] rgb) {
        double sum = 0;
        for (byte b : rgb) {
            sum += b & 0xFF;
        }
        return sum / rgb.length;
    }

    private static double variance(byte[] rgb) {
        double m = mean(rgb);
        double sum = 0;
        for (byte b : rgb) {
            sum += ((b & 0xFF) - m) * ((b & 0xFF) - m);
        }
        return sum / rgb.length;
    }

    /** The spread of luma around its mean (what contrast scales). */
    private static double std(byte[] rgb) {
        double[] luma = new double[rgb.length / 3];
        double m = 0;
        for (int i = 0; i < luma.length; i++) {
            luma[i] = 0.299 * (rgb[3 * i] & 0xFF) + 0.587 * (rgb[3 * i + 1] & 0xFF) + 0.114 * (rgb[3 * i + 2] & 0xFF);
            m += luma[i] / luma.length;
        }
        double sum = 0;
        for (double l : luma) {
            sum += (l - m) * (l - m);
        }
        return Math.sqrt(sum / luma.length);
    }

    /** The mean distance of the channels from each pixel's luma (what saturation scales). */
    private static double channelSpread(byte[] rgb) {
        double sum = 0;
        for (int i = 0; i < rgb.length; i += 3) {
            double l = 0.299 * (rgb[i] & 0xFF) + 0.587 * (rgb[i + 1] & 0xFF) + 0.114 * (rgb[i + 2] & 0xFF);
            for (int c = 0; c < 3; c++) {
                sum += Math.abs((rgb[i + c] & 0xFF) - l);
            }
        }
        return sum / rgb.length;
    }

    private static double neighbourDifference(byte[] rgb) {
        double sum = 0;
        for (int i = 3; i < rgb.length; i++) {
            sum += Math.abs((rgb[i] & 0xFF) - (rgb[i - 3] & 0xFF));
        }
        return sum / rgb.length;
    }
}
