package org.marginface.train.data;

import org.marginface.core.backbone.BackboneSpec;
import org.marginface.core.model.ModelInput;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 17 item 10: what the scan before training does with odd files and folders. */
class DatasetScanTest {

    @TempDir
    Path dir;

    private Path png(String name, int height, int width) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR), "png", file.toFile());
        return file;
    }

    private static Map<String, String> badByName(DatasetScan.Result result) {
        return result.bad().stream().collect(Collectors.toMap(DatasetScan.BadFile::name, DatasetScan.BadFile::reason));
    }

    @Test
    void symlinkLoopsAndLinksToTheRootAreListedNotIdentities() throws Exception {
        png("amy/1.png", 112, 96);
        png("bob/1.png", 112, 96);
        png("stray.png", 112, 96);
        Files.createSymbolicLink(dir.resolve("loop"), dir.resolve("loop"));
        Files.createSymbolicLink(dir.resolve("amy/2.png"), dir.resolve("amy/2.png"));
        Files.createSymbolicLink(dir.resolve("self"), dir);
        DatasetScan.Result result = DatasetScan.scan(Dataset.fromFolders(dir), new TrainingImages(ModelInput.defaultFor(BackboneSpec.sphereface(4)), false), 1);
        assertEquals(List.of("amy", "bob"), result.readable().labels().identities());
        Map<String, String> bad = badByName(result);
        assertEquals(List.of("amy/2.png", "loop", "self"), bad.keySet().stream().sorted().toList());
        assertTrue(bad.get("loop").contains("symbolic link"), bad.toString());
        assertTrue(bad.get("self").contains("data root"), bad.toString());
    }

    @Test
    void anIdentityWhoseFilesAreAllBadIsNoClass() throws Exception {
        png("amy/1.png", 112, 96);
        Files.createDirectories(dir.resolve("bob"));
        Files.createFile(dir.resolve("bob/empty.jpg"));
        png("cid/1.png", 112, 96);
        DatasetScan.Result result = DatasetScan.scan(Dataset.fromFolders(dir), new TrainingImages(ModelInput.defaultFor(BackboneSpec.sphereface(4)), false), 1);
        assertEquals(List.of("amy", "cid"), result.readable().labels().identities());
        assertEquals(List.of(0, 1), result.readable().samples().stream().map(Sample::label).toList());
        assertEquals(List.of("bob"), result.emptied());
    }

    @Test
    void resizingSkipsImagesFarFromTheInputShapeAndListsThem() throws Exception {
        png("amy/ok.png", 112, 112);
        png("amy/tiny.png", 1, 1);
        png("amy/banner.png", 300, 4000);
        png("bob/ok.png", 250, 250);
        DatasetScan.Result result = DatasetScan.scan(Dataset.fromFolders(dir), new TrainingImages(ModelInput.defaultFor(BackboneSpec.sphereface(4)), true), 1);
        Map<String, String> bad = badByName(result);
        assertEquals(List.of("amy/banner.png", "amy/tiny.png"), bad.keySet().stream().sorted().toList());
        assertTrue(bad.get("amy/tiny.png").contains("too small"), bad.toString());
        assertTrue(bad.get("amy/banner.png").contains("aspect"), bad.toString());
        assertEquals(2, result.readable().size());
    }

    @Test
    void withoutResizingEveryWrongSizeFileIsNamed() throws Exception {
        png("amy/1.png", 112, 96);
        png("amy/2.png", 112, 112);
        png("bob/1.png", 250, 250);
        png("cid/1.png", 100, 96);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DatasetScan.scan(Dataset.fromFolders(dir), new TrainingImages(ModelInput.defaultFor(BackboneSpec.sphereface(4)), false), 2));
        assertTrue(e.getMessage().startsWith("3 images are not 112x96"), e.getMessage());
        for (String name : List.of("amy/2.png (112x112)", "bob/1.png (250x250)", "cid/1.png (100x96)")) {
            assertTrue(e.getMessage().contains(name), e.getMessage());
        }
        assertFalse(e.getMessage().contains("amy/1.png"), e.getMessage());
    }
}
