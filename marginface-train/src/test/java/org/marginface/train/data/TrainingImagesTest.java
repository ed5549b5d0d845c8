package org.marginface.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.marginface.core.backbone.BackboneSpec;
import org.marginface.core.image.BadImageException;
import org.marginface.core.model.ModelInput;
import org.marginface.core.testing.TestData;

class TrainingImagesTest {

    @TempDir
    Path dir;

    private final TrainingImages decoder = new TrainingImages(INPUT, false);
    private static final ModelInput INPUT = ModelInput.defaultFor(BackboneSpec.sphereface(20));

    static Path aCelebaImage() {
        Path root = TestData.require("celeba/celeba-112x96");
        return root.resolve("82/005373.jpg");
    }

    @Test
    void damagedFilesAreBadImagesWithAReason() throws IOException {
        byte[] jpeg = Files.readAllBytes(aCelebaImage());
        Path truncated = dir.resolve("truncated.jpg");
        Files.write(truncated, Arrays.copyOf(jpeg, jpeg.length / 2));
        Path empty = Files.createFile(dir.resolve("empty.jpg"));
        Path text = dir.resolve("text.jpg");
        Files.writeString(text, "this is not an image\n");
        for (Path bad : new Path[] {truncated, empty, text}) {
            BadImageException e = assertThrows(BadImageException.class, () -> decoder.decodeRgb(bad));
            assertTrue(e.getMessage().contains(bad.getFileName().toString()), e.getMessage());
        }
    }

    @Test
    void anImageOfAnotherSizeIsAnErrorNamingTheFileUnlessResizing() throws IOException {
        Path png = png("big.png", 50, 40);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> decoder.decodeRgb(png));
        assertTrue(e.getMessage().contains("big.png") && e.getMessage().contains("40x50"), e.getMessage());
        assertEquals(112 * 96 * 3, new TrainingImages(INPUT, true).decodeRgb(png).length);
    }

    /** A black PNG of width x height whose pixel (x 1, y 0) is RGB (0x10, 0x20, 0x30). */
    private Path png(String name, int width, int height) throws IOException {
        Path png = dir.resolve(name);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        image.setRGB(1, 0, 0x102030);
        ImageIO.write(image, "png", png.toFile());
        return png;
    }

    @Test
    void readsPngAndJpegAsRgb() throws IOException {
        Path png = png("pixel.png", 96, 112);
        byte[] rgb = decoder.decodeRgb(png);
        assertArrayEquals(new byte[] {0x10, 0x20, 0x30}, Arrays.copyOfRange(rgb, 3, 6));

        // the JPEG fast path (BGR raster) must agree with the generic colour-model path
        BufferedImage reference = ImageIO.read(aCelebaImage().toFile());
        byte[] fromJpeg = decoder.decodeRgb(aCelebaImage());
        int argb = reference.getRGB(17, 40);
        int i = 3 * (40 * 96 + 17);
        assertArrayEquals(new byte[] {(byte) (argb >> 16), (byte) (argb >> 8), (byte) argb},
                Arrays.copyOfRange(fromJpeg, i, i + 3));
    }
}
