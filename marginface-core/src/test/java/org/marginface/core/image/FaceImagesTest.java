package org.marginface.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.marginface.core.image.FaceImages.Format;

class FaceImagesTest {

    @Test
    void outputNamesKeepAnExtensionOfTheirFormatAndReplaceOthers() {
        assertEquals("a/b.jpg", Format.JPG.fileName("a/b.jpg"));
        assertEquals("a/b.JPEG", Format.JPG.fileName("a/b.JPEG"));
        assertEquals("a/b.jpg", Format.JPG.fileName("a/b.png"));
        assertEquals("a/b.png", Format.PNG.fileName("a/b.jpg"));
        assertEquals("a.d/b.png", Format.PNG.fileName("a.d/b"));
        assertEquals("a/.hidden.png", Format.PNG.fileName("a/.hidden"));
        assertEquals(Format.JPG, Format.fromName("JPEG"));
        assertThrows(IllegalArgumentException.class, () -> Format.fromName("tiff"));
    }

    @Test
    void aShorterFileReplacesALongerOneCompletely(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("x.jpg");
        Files.write(file, new byte[200_000]);
        FaceImages.writeJpeg(new BufferedImage(8, 8, BufferedImage.TYPE_3BYTE_BGR), file, 95);
        assertTrue(Files.size(file) < 10_000);
        assertEquals(8, FaceImages.read(file).getWidth());
    }

    @Test
    void aFileThatIsNoImageIsAnIoError(@TempDir Path tmp) throws IOException {
        Path file = Files.writeString(tmp.resolve("x.jpg"), "not a picture");
        var e = assertThrows(IOException.class, () -> FaceImages.read(file));
        assertTrue(e.getMessage().contains("x.jpg"), e.getMessage());
    }
}
