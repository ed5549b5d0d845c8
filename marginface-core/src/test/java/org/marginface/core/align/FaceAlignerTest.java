package org.marginface.core.align;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FaceAlignerTest {

    private static final AlignmentTemplate NARROW = AlignmentTemplate.SPHEREFACE_112X96;
    private final FaceAligner aligner = new FaceAligner(NARROW);

    @Test
    void theTemplateItselfIsCopiedPixelForPixel() {
        BufferedImage image = noise(96, 112, 1);
        BufferedImage out = aligner.align(image, NARROW.landmarks());
        assertEquals(BufferedImage.TYPE_3BYTE_BGR, out.getType());
        assertArrayEquals(bytes(image), bytes(out));
    }

    @Test
    void aWholePixelShiftCropsExactly() {
        BufferedImage image = noise(250, 250, 2);
        BufferedImage out = aligner.align(image, NARROW.landmarks().translate(70, 45));
        assertArrayEquals(bytes(copy(image.getSubimage(70, 45, 96, 112))), bytes(out));
    }

    @Test
    void halvingAveragesTwoByTwoBlocksAndTruncates() {
        BufferedImage image = noise(192, 224, 3);
        FaceLandmarks doubled = scaled(NARROW.landmarks(), 2);
        BufferedImage out = aligner.align(image, doubled);
        // crop pixel (c, r) has its centre at (c + 0.5, r + 0.5), i.e. at (2c + 1, 2r + 1) in the image:
        // the corner shared by pixels 2c, 2c + 1 and rows 2r, 2r + 1
        for (int r = 0; r < 112; r++) {
            for (int c = 0; c < 96; c++) {
                int[] expected = new int[3];
                for (int ch = 0; ch < 3; ch++) {
                    int sum = channel(image, 2 * c, 2 * r, ch) + channel(image, 2 * c + 1, 2 * r, ch)
                            + channel(image, 2 * c, 2 * r + 1, ch) + channel(image, 2 * c + 1, 2 * r + 1, ch);
                    expected[ch] = sum / 4;
                }
                for (int ch = 0; ch < 3; ch++) {
                    assertEquals(expected[ch], channel(out, c, r, ch), "pixel " + c + "," + r + " channel " + ch);
                }
            }
        }
    }

    @Test
    void aHalfTurnOfTheImageIsUndone() {
        BufferedImage image = noise(96, 112, 4);
        BufferedImage turned = new BufferedImage(96, 112, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 112; y++) {
            for (int x = 0; x < 96; x++) {
                turned.setRGB(95 - x, 111 - y, image.getRGB(x, y));
            }
        }
        // a point's coordinates turn about the image centre (48, 56)
        FaceLandmarks l = NARROW.landmarks();
        FaceLandmarks turnedLandmarks = new FaceLandmarks(turn(l.leftEye()), turn(l.rightEye()), turn(l.nose()),
                turn(l.leftMouth()), turn(l.rightMouth()));
        assertArrayEquals(bytes(image), bytes(aligner.align(turned, turnedLandmarks)));
    }

    @Test
    void whatFallsOutsideTheImageIsBlackWithAHardEdge() {
        BufferedImage white = new BufferedImage(96, 112, BufferedImage.TYPE_3BYTE_BGR);
        java.util.Arrays.fill(bytes(white), (byte) 255);
        // the face 48 px further left than the template wants: the crop's left half lies outside the image
        BufferedImage out = aligner.align(white, NARROW.landmarks().translate(-48, 0));
        for (int r = 0; r < 112; r++) {
            for (int c = 0; c < 96; c++) {
                assertEquals(c < 48 ? 0 : 0xffffff, out.getRGB(c, r) & 0xffffff, "pixel " + c + "," + r);
            }
        }
    }

    @Test
    void greyAndIntRgbImagesAlignLikeTheirBgrCopies() {
        BufferedImage bgr = noise(150, 160, 5);
        BufferedImage rgb = new BufferedImage(150, 160, BufferedImage.TYPE_INT_RGB);
        rgb.getGraphics().drawImage(bgr, 0, 0, null);
        FaceLandmarks landmarks = FaceLandmarks.of(50, 60, 95, 58, 72, 85, 55, 110, 92, 109);
        assertArrayEquals(bytes(aligner.align(bgr, landmarks)), bytes(aligner.align(rgb, landmarks)));

        BufferedImage grey = new BufferedImage(150, 160, BufferedImage.TYPE_BYTE_GRAY);
        java.util.Arrays.fill(((DataBufferByte) grey.getRaster().getDataBuffer()).getData(), (byte) 100);
        BufferedImage out = aligner.align(grey, landmarks);
        // the stored grey level, not a gamma-converted one
        assertEquals(0x646464, out.getRGB(48, 56) & 0xffffff);
    }

    @Test
    void theSquareTemplateGivesASquareCropWithTheSameFaceInTheMiddle() {
        BufferedImage image = noise(250, 250, 6);
        FaceLandmarks landmarks = FaceLandmarks.of(100, 110, 146, 112, 124, 136, 104, 160, 142, 161);
        BufferedImage narrow = aligner.align(image, landmarks);
        BufferedImage square = new FaceAligner(AlignmentTemplate.SQUARE_112X112).align(image, landmarks);
        assertEquals(112, square.getWidth());
        assertEquals(112, square.getHeight());
        assertArrayEquals(bytes(narrow), bytes(copy(square.getSubimage(8, 0, 96, 112))));
    }

    private static FaceLandmarks scaled(FaceLandmarks l, double s) {
        double[] xy = new double[10];
        int i = 0;
        for (Point p : l.points()) {
            xy[i++] = p.x() * s;
            xy[i++] = p.y() * s;
        }
        return FaceLandmarks.of(xy);
    }

    private static Point turn(Point p) {
        return new Point(96 - p.x(), 112 - p.y());
    }

    private static BufferedImage noise(int w, int h, long seed) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        new Random(seed).nextBytes(bytes(image));
        return image;
    }

    private static BufferedImage copy(BufferedImage image) {
        BufferedImage copy = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        copy.getGraphics().drawImage(image, 0, 0, null);
        return copy;
    }

    private static int channel(BufferedImage image, int x, int y, int ch) {
        return (image.getRGB(x, y) >> (8 * ch)) & 0xff;
    }

    private static byte[] bytes(BufferedImage image) {
        return ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    }
}
