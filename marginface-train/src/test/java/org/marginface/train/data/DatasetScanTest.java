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

    // review item 14: a list file's entries get the folder scan's link checks
    @Test
    void symlinkLoopsAndLinksToTheRootInAListFileAreListedNotImages() throws Exception {
        png("amy/1.png", 112, 96);
        png("bob/1.png", 112, 96);
        Files.createSymbolicLink(dir.resolve("amy/loop.png"), dir.resolve("amy/loop.png"));
        Files.createSymbolicLink(dir.resolve("bob/root.png"), dir);
        Files.createDirectories(dir.resolve("cid"));
        Files.createSymbolicLink(dir.resolve("cid/up.png"), dir.getParent());
        Path list = dir.resolve("list.txt");
        Files.writeString(list, "amy/1.png 0\namy/loop.png 0\nbob/1.png 1\nbob/root.png 1\ncid/up.png 2\n");
        Dataset dataset = Dataset.fromList(list, dir);
        assertEquals(List.of("amy", "bob"), dataset.labels().identities(), "cid, all of whose entries are links, is no class");
        DatasetScan.Result result = DatasetScan.scan(dataset,
                new TrainingImages(ModelInput.defaultFor(BackboneSpec.sphereface(4)), false), 1);
        Map<String, String> bad = badByName(result);
        assertEquals(List.of("amy/loop.png", "bob/root.png", "cid/up.png"), bad.keySet().stream().sorted().toList());
        assertTrue(bad.get("amy/loop.png").contains("symbolic link"), bad.toString());
        assertTrue(bad.get("bob/root.png").contains("data root"), bad.toString());
        assertTrue(bad.get("cid/up.png").contains("data root or above"), bad.toString());
        assertEquals(2, result.readable().size());
        assertEquals(5, result.scanned());
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

    // review items 5 and 13: every wrong-size file is skipped and listed, and named when they stop the run
    @Test
    void withoutResizingEveryWrongSizeFileIsListedAndNamed() throws Exception {
        png("amy/1.png", 112, 96);
        png("amy/2.png", 112, 112);
        png("bob/1.png", 250, 250);
        png("cid/1.png", 100, 96);
        png("cid/2.png", 112, 96);
        DatasetScan.Result result = DatasetScan.scan(Dataset.fromFolders(dir),
                new TrainingImages(ModelInput.defaultFor(BackboneSpec.sphereface(4)), false), 2);
        Map<String, String> bad = badByName(result);
        assertEquals(List.of("amy/2.png", "bob/1.png", "cid/1.png"), bad.keySet().stream().sorted().toList());
        assertEquals(3, result.wrongSize());
        assertTrue(bad.get("amy/2.png").startsWith("112x112 (height x width), not the backbone's input 112x96"),
                bad.toString());
        assertEquals(List.of("amy", "cid"), result.readable().labels().identities());
        Path list = dir.resolve("bad-files.txt");
        result.writeBadFiles(list);
        assertEquals(3, Files.readAllLines(list).size(), "bad-files.txt lists all three");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> result.requireAtMost(0.01));
        assertTrue(e.getMessage().startsWith("3 of 5 images"), e.getMessage());
        for (String name : List.of("amy/2.png (112x112", "bob/1.png (250x250", "cid/1.png (100x96")) {
            assertTrue(e.getMessage().contains(name), e.getMessage());
        }
        assertTrue(e.getMessage().contains("3 of them are of the wrong size") && e.getMessage().contains("data.crop"),
                e.getMessage());
        assertFalse(e.getMessage().contains("amy/1.png"), e.getMessage());
    }

    @Test
    void anImageSmallerThanTheCropIsAWrongSizeFileListedNotACrash() throws Exception {
        png("amy/1.png", 112, 112);
        png("amy/2.png", 100, 100);
        png("bob/1.png", 112, 112);
        TrainingImages cropping = new TrainingImages(ModelInput.defaultFor(BackboneSpec.sphereface(4)), false, 112, 96);
        WrongSizeException e = assertThrows(WrongSizeException.class, () -> cropping.decodeRgb(dir.resolve("amy/2.png")));
        assertTrue(e.getMessage().contains("amy/2.png") && e.getMessage().contains("smaller than data.crop 112x96"),
                e.getMessage());
        DatasetScan.Result result = DatasetScan.scan(Dataset.fromFolders(dir), cropping, 1);
        assertEquals(Map.of("amy/2.png", "100x100 (height x width), smaller than data.crop 112x96"), badByName(result));
        assertEquals(1, result.wrongSize());
        assertEquals(2, result.readable().size());
    }
}
