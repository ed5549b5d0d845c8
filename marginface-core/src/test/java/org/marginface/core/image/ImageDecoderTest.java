package org.marginface.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageDecoderTest {

    @TempDir
    Path dir;

    /** A JPEG of random pixels, so that every row carries data and a cut loses some. */
    private Path noiseJpeg(String name, int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Random random = new Random(7);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        Path file = dir.resolve(name);
        FaceImages.writeJpeg(image, file, 90);
        return file;
    }

    @Test
    void aTruncatedJpegIsRefusedByFaceImagesReadNotFilledWithGrey() throws IOException {
        Path whole = noiseJpeg("whole.jpg", 96, 112);
        byte[] bytes = Files.readAllBytes(whole);
        Path half = Files.write(dir.resolve("half.jpg"), Arrays.copyOf(bytes, bytes.length / 2));
        // ImageIO itself decodes it: the refusal is our policy, not the codec's
        assertEquals(96, ImageIO.read(half.toFile()).getWidth());

        BadImageException e = assertThrows(BadImageException.class, () -> FaceImages.read(half));
        assertEquals(BadImageException.Kind.CORRUPT, e.kind());
        assertTrue(e.getMessage().startsWith(half.toString()) && e.getMessage().contains("truncated"), e.getMessage());
        assertEquals(96, FaceImages.read(whole).getWidth());
    }

    @Test
    void emptyMissingAndNonImageFilesAreRefusedNamingTheFile() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.jpg"));
        Path text = Files.writeString(dir.resolve("text.jpg"), "not an image");
        Path gif = dir.resolve("x.gif");
        ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "gif", gif.toFile());
        assertEquals(BadImageException.Kind.EMPTY, assertThrows(BadImageException.class, () -> FaceImages.read(empty)).kind());
        assertEquals(BadImageException.Kind.NOT_AN_IMAGE,
                assertThrows(BadImageException.class, () -> FaceImages.read(text)).kind());
        assertEquals(BadImageException.Kind.UNSUPPORTED,
                assertThrows(BadImageException.class, () -> FaceImages.read(gif)).kind());
        BadImageException missing = assertThrows(BadImageException.class, () -> FaceImages.read(dir.resolve("none.png")));
        assertTrue(missing.getMessage().contains("none.png"), missing.getMessage());
    }

    @Test
    void thePixelBudgetIsCheckedFromTheHeaderBeforeDecoding() throws IOException {
        // a PNG header declaring 30,000 x 30,000 pixels over a few bytes of data: decoding would take gigabytes
        BufferedImage small = new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(small, "png", out);
        byte[] png = out.toByteArray();
        // IHDR width and height live at bytes 16-23; the CRC is not checked before the size is read
        byte[] big = png.clone();
        for (int i : new int[] {16, 20}) {
            big[i] = 0;
            big[i + 1] = 0;
            big[i + 2] = (byte) (30_000 >> 8);
            big[i + 3] = (byte) (30_000 & 0xff);
        }
        BadImageException e = assertThrows(BadImageException.class,
                () -> new ImageDecoder(10_000_000, 0).decode(big, "upload"));
        assertEquals(BadImageException.Kind.TOO_LARGE, e.kind());
        assertTrue(e.getMessage().startsWith("upload: image declares 30000x30000"), e.getMessage());
        assertEquals(1, new ImageDecoder(1, 0).decode(png, "upload").getWidth());
    }

    @Test
    void aLargeImageIsDecodedSubsampledToTheLongestSide() throws IOException {
        Path photo = noiseJpeg("photo.jpg", 1000, 600);
        BufferedImage image = ImageDecoder.DEFAULT.withMaxSide(400).read(photo);
        assertEquals(334, image.getWidth()); // every 3rd column of 1000
        assertEquals(200, image.getHeight());
        assertEquals(1000, ImageDecoder.DEFAULT.withMaxSide(1000).read(photo).getWidth());
        assertEquals(1000, ImageDecoder.DEFAULT.read(photo).getWidth());
    }

    @Test
    void theSizeComesFromTheHeaderUnderTheSameChecksAsDecoding() throws IOException {
        byte[] whole = Files.readAllBytes(noiseJpeg("size.jpg", 96, 112));
        assertEquals(new ImageDecoder.Size(96, 112), ImageDecoder.DEFAULT.size(whole, "upload"));
        // the header is at the start: a cut in the pixels leaves the size readable
        assertEquals(new ImageDecoder.Size(96, 112), ImageDecoder.DEFAULT.size(Arrays.copyOf(whole, whole.length / 2), "upload"));
        BadImageException large = assertThrows(BadImageException.class,
                () -> ImageDecoder.DEFAULT.withMaxPixels(96 * 112 - 1).size(whole, "upload"));
        assertEquals(BadImageException.Kind.TOO_LARGE, large.kind());
        BadImageException text = assertThrows(BadImageException.class,
                () -> ImageDecoder.DEFAULT.size("not an image".getBytes(), "upload"));
        assertEquals(BadImageException.Kind.NOT_AN_IMAGE, text.kind());
        assertTrue(text.getMessage().startsWith("upload: "), text.getMessage());
    }

    @Test
    void aJpegInMemoryOfAnImageWithAlphaDecodesToItsColours() throws IOException {
        BufferedImage argb = new BufferedImage(32, 24, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 24; y++) {
            for (int x = 0; x < 32; x++) {
                argb.setRGB(x, y, 0xff000000 | (x < 16 ? 0xc03020 : 0x2040c0));
            }
        }
        BufferedImage back = ImageDecoder.DEFAULT.decode(FaceImages.jpeg(argb, 95), "crop");
        assertEquals(32, back.getWidth());
        int left = back.getRGB(4, 12);
        assertTrue(Math.abs(((left >> 16) & 0xff) - 0xc0) < 12 && Math.abs((left & 0xff) - 0x20) < 12,
                Integer.toHexString(left));
    }
}
