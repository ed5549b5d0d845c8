package org.marginface.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.marginface.core.backbone.BackboneSpec;
import org.marginface.core.model.ModelInput;
import org.marginface.core.pack.InsightfacePack;
import org.marginface.core.pack.RecordIoException;
import org.marginface.core.pack.RecordIoWriter;
import org.marginface.core.testing.TestData;

class RecordIoDatasetTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final ModelInput INPUT = ModelInput.defaultFor(BackboneSpec.sphereface(20));

    @TempDir
    Path tmp;

    /** Packs a folder tree with our writer, in the folder source's order and labels. */
    static Path pack(Path tree, Path rec) throws IOException {
        Dataset folders = Dataset.fromFolders(tree);
        List<Sample> samples = folders.samples();
        InsightfacePack.write(rec, samples.stream().mapToInt(Sample::label).toArray(),
                i -> Files.readAllBytes(samples.get(i).file()));
        return rec;
    }

    @Test
    void aPackOfTheCelebaSubsetHoldsEveryImageAndLabelInTheFolderSourcesOrder() throws IOException {
        Path tree = TestData.require("celeba/celeba-112x96");
        Dataset folders = Dataset.fromFolders(tree);
        Dataset packed = Dataset.fromRecordIo(pack(tree, tmp.resolve("celeba.rec")));
        assertEquals(folders.size(), packed.size());
        assertEquals(folders.labels().imageCounts(), packed.labels().imageCounts());
        assertEquals(folders.labels().numClasses(), packed.labels().numClasses());
        for (int i = 0; i < folders.size(); i++) {
            Sample f = folders.samples().get(i);
            Sample p = packed.samples().get(i);
            assertEquals(f.label(), p.label(), "label of " + f.name());
            assertArrayEquals(folders.read(f), packed.read(p), "bytes of " + f.name() + " vs " + p.name());
        }
    }

    /** Runs the test resource that writes a pack as MXNet's recordio.py and dmlc-core's writer do. */
    private Path mxnetPack(List<String> labelledImages) throws Exception {
        assumeTrue(Files.isExecutable(PYTHON), "needs " + PYTHON + " to write a pack as MXNet does");
        Path script = Path.of(getClass().getResource("/packs/mxnet_recordio.py").toURI());
        Path rec = tmp.resolve("mx.rec");
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), script.toString(), rec.toString()));
        command.addAll(labelledImages);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), new String(p.getInputStream().readAllBytes()));
        return rec;
    }

    private List<Path> someImages(int identities, int perIdentity) throws IOException {
        Path tree = TestData.require("celeba/celeba-112x96");
        List<Path> images = new ArrayList<>();
        try (Stream<Path> ids = Files.list(tree)) {
            for (Path id : ids.sorted().limit(identities).toList()) {
                try (Stream<Path> files = Files.list(id)) {
                    images.addAll(files.sorted().limit(perIdentity).toList());
                }
            }
        }
        return images;
    }

    @Test
    void readsAPackWrittenAsMxnetWritesThemIncludingARecordSplitIntoParts() throws Exception {
        List<Path> images = someImages(3, 2);
        // labels 7, 7, 20, 20, 41, 41: renumbered 0, 0, 1, 1, 2, 2 and named by their value
        int[] source = {7, 7, 20, 20, 41, 41};
        List<String> args = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            args.add(source[i] + ":" + images.get(i));
        }
        Path rec = mxnetPack(args);
        Dataset d = Dataset.fromRecordIo(rec);
        assertEquals(6, d.size());
        assertEquals(List.of("7", "20", "41"), d.labels().identities());
        for (int i = 0; i < 6; i++) {
            Sample s = d.samples().get(i);
            assertEquals(i / 2, s.label());
            assertEquals("mx.rec#" + (i + 1), s.name());
            // record 1 was split at the magic in its id and id2 fields: the joined payload is intact
            assertArrayEquals(Files.readAllBytes(images.get(i)), d.read(s), "record " + (i + 1));
        }
        DatasetScan.Result scan = DatasetScan.scan(d, new TrainingImages(INPUT, false), 2);
        assertEquals(List.of(), scan.bad());
    }

    @Test
    void ourWriterWritesTheBytesMxnetsWriterDoesIncludingSplitRecords() throws Exception {
        List<Path> images = someImages(2, 2);
        Path mx = mxnetPack(List.of("0:" + images.get(0), "0:" + images.get(1), "1:" + images.get(2), "1:" + images.get(3)));
        Path ours = tmp.resolve("ours.rec");
        long magic = 0xced7230aL;
        try (RecordIoWriter w = new RecordIoWriter(ours, RecordIoWriter.indexOf(ours))) {
            w.write(0, new org.marginface.core.pack.ImageRecord(new float[] {5, 7}, 0, 0, new byte[0]).pack());
            for (int i = 0; i < 4; i++) {
                w.write(i + 1, new org.marginface.core.pack.ImageRecord(new float[] {i / 2}, i == 0 ? magic : i + 1,
                        i == 0 ? magic : 0, Files.readAllBytes(images.get(i))).pack());
            }
            w.write(5, new org.marginface.core.pack.ImageRecord(new float[] {1, 3}, 5, 0, new byte[0]).pack());
            w.write(6, new org.marginface.core.pack.ImageRecord(new float[] {3, 5}, 6, 0, new byte[0]).pack());
        }
        assertArrayEquals(Files.readAllBytes(mx), Files.readAllBytes(ours));
        assertEquals(Files.readString(RecordIoWriter.indexOf(mx)), Files.readString(RecordIoWriter.indexOf(ours)));
    }

    @Test
    void aCorruptImageRecordIsSkippedAndListedLikeABadFile() throws Exception {
        List<Path> images = someImages(2, 2);
        Path broken = tmp.resolve("broken.jpg");
        byte[] jpeg = Files.readAllBytes(images.get(3));
        Files.write(broken, Arrays.copyOf(jpeg, jpeg.length / 2));
        Path rec = mxnetPack(List.of("0:" + images.get(0), "0:" + images.get(1), "1:" + images.get(2), "1:" + broken));
        Dataset d = Dataset.fromRecordIo(rec);
        DatasetScan.Result scan = DatasetScan.scan(d, new TrainingImages(INPUT, false), 1);
        assertEquals(1, scan.bad().size(), scan.bad().toString());
        assertEquals("mx.rec#4", scan.bad().get(0).name());
        assertEquals(3, scan.readable().size());
    }

    @Test
    void centreCropTakesTheMiddleColumns() throws Exception {
        // a 112x112 image whose columns 8..103 are the 112x96 face: the crop gives the face back exactly (PNG)
        var face = javax.imageio.ImageIO.read(someImages(1, 1).get(0).toFile());
        var wide = new java.awt.image.BufferedImage(112, 112, java.awt.image.BufferedImage.TYPE_3BYTE_BGR);
        wide.getGraphics().drawImage(face, 8, 0, null);
        Path png = tmp.resolve("wide.png");
        javax.imageio.ImageIO.write(wide, "png", png.toFile());
        byte[] cropped = new TrainingImages(INPUT, false, 112, 96).decodeRgb(png);
        Path facePng = tmp.resolve("face.png");
        javax.imageio.ImageIO.write(face, "png", facePng.toFile());
        assertArrayEquals(new TrainingImages(INPUT, false).decodeRgb(facePng), cropped);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TrainingImages(INPUT, false).decodeRgb(png));
        assertTrue(e.getMessage().contains("112x112") && e.getMessage().contains("data.crop"), e.getMessage());
    }

    /** A .rec sample is its record: a relabelled sample must still read its own record, not record -1. */
    @Test
    void withoutKeepsEveryRecordIndexWhileRelabelling() throws Exception {
        Dataset packed = Dataset.fromRecordIo(ourPack());
        List<Sample> firstIdentity = packed.samples().stream().filter(s -> s.label() == 0).toList();
        Dataset rest = packed.without(firstIdentity.stream().map(Sample::name).toList());
        assertEquals(packed.size() - firstIdentity.size(), rest.size());
        assertEquals(1, rest.labels().numClasses());
        for (Sample s : rest.samples()) {
            assertEquals(0, s.label(), "relabelled into the one class left: " + s.name());
            Sample before = packed.samples().stream().filter(o -> o.name().equals(s.name())).findFirst().orElseThrow();
            assertEquals(before.record(), s.record(), s.name());
            assertTrue(s.record() >= 0, s.name());
            assertArrayEquals(packed.read(before), rest.read(s), "the bytes of " + s.name());
        }
        Sample record = new Sample(Path.of("x.rec"), "x.rec#7", 3, 7);
        assertEquals(new Sample(Path.of("x.rec"), "x.rec#7", 1, 7), record.withLabel(1));
    }

    private Path ourPack() throws IOException {
        List<Path> images = someImages(2, 2);
        Path tree = tmp.resolve("tree");
        for (Path image : images) {
            Path target = Files.createDirectories(tree.resolve(image.getParent().getFileName().toString()));
            Files.copy(image, target.resolve(image.getFileName()));
        }
        return pack(tree, tmp.resolve("ours.rec"));
    }

    @Test
    void aTruncatedRecIsAnErrorNamingTheRecord() throws Exception {
        Path rec = ourPack();
        long size = Files.size(rec);
        // cut inside the last image record (the identity records after it are 32 bytes each)
        try (FileChannel c = FileChannel.open(rec, StandardOpenOption.WRITE)) {
            c.truncate(size - 2 * 40 - 100);
        }
        IOException e = assertThrows(IOException.class, () -> Dataset.fromRecordIo(rec));
        assertTrue(e.getMessage().contains("ours.idx") || e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void aWrongMagicIsAnErrorNamingTheRecordAndOffset() throws Exception {
        Path rec = ourPack();
        String secondOffset = Files.readAllLines(RecordIoWriter.indexOf(rec)).get(2).split("\t")[1];
        try (FileChannel c = FileChannel.open(rec, StandardOpenOption.WRITE)) {
            c.write(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3, 4}), Long.parseLong(secondOffset));
        }
        RecordIoException e = assertThrows(RecordIoException.class, () -> Dataset.fromRecordIo(rec));
        assertTrue(e.getMessage().contains("record 2") && e.getMessage().contains("magic"), e.getMessage());
    }

    @Test
    void anIndexOffsetPastTheEndIsAnErrorNamingTheIdxLine() throws Exception {
        Path rec = ourPack();
        Path idx = RecordIoWriter.indexOf(rec);
        List<String> lines = new ArrayList<>(Files.readAllLines(idx));
        lines.set(3, "3\t" + (Files.size(rec) + 64));
        Files.write(idx, lines);
        RecordIoException e = assertThrows(RecordIoException.class, () -> Dataset.fromRecordIo(rec));
        assertTrue(e.getMessage().contains("ours.idx line 4") && e.getMessage().contains("past the end"), e.getMessage());
    }
}
