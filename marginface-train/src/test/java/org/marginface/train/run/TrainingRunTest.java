package org.marginface.train.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.marginface.core.model.ModelDirectory;
import org.marginface.core.testing.TestData;
import org.marginface.train.config.ConfigLoader;
import org.marginface.train.data.DatasetScan;
import org.marginface.train.data.LabelMap;

/** Real-data runs on a small copy of a few CelebA identities, with a tiny backbone. */
class TrainingRunTest {

    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @TempDir
    Path tmp;

    /** Copies the first {@code identities} identity folders of the CelebA subset into {@code tmp/data}. */
    private Path smallDataset(int identities) throws IOException {
        Path source = TestData.require("celeba/celeba-112x96");
        Path copy = tmp.resolve("data");
        List<Path> folders;
        try (Stream<Path> s = Files.list(source)) {
            folders = s.filter(Files::isDirectory).sorted().limit(identities).toList();
        }
        for (Path folder : folders) {
            Path target = Files.createDirectories(copy.resolve(folder.getFileName().toString()));
            try (Stream<Path> images = Files.list(folder)) {
                for (Path image : images.toList()) {
                    Files.copy(image, target.resolve(image.getFileName()));
                }
            }
        }
        return copy;
    }

    private ConfigLoader.Loaded config(Path data, String... overrides) throws IOException {
        Path file = tmp.resolve("tiny.yaml");
        Files.writeString(file, """
                name: tiny
                data: {root: %s, workers: 1, prefetch: 2}
                backbone: {name: sphereface4, embeddingSize: 64}
                schedule: {iterations: 4, steps: []}
                batch: {size: 8}
                checkpoint: {every: 2, keep: 2}
                """.formatted(data));
        return new ConfigLoader().load(file, List.of(overrides));
    }

    /** Adds a truncated JPEG, an empty file and a text file named .jpg; returns their names. */
    private static List<String> addBadFiles(Path data) throws IOException {
        Path first;
        try (Stream<Path> s = Files.list(data)) {
            first = s.sorted().findFirst().orElseThrow();
        }
        Path someImage;
        try (Stream<Path> s = Files.list(first)) {
            someImage = s.sorted().findFirst().orElseThrow();
        }
        byte[] jpeg = Files.readAllBytes(someImage);
        Files.write(first.resolve("truncated.jpg"), Arrays.copyOf(jpeg, jpeg.length * 2 / 3));
        Files.createFile(first.resolve("empty.jpg"));
        Files.writeString(first.resolve("notes.jpg"), "not an image\n");
        String id = first.getFileName().toString();
        return List.of(id + "/empty.jpg", id + "/notes.jpg", id + "/truncated.jpg");
    }

    @Test
    void skipsAndListsExactlyTheBadFiles() throws Exception {
        Path data = smallDataset(6);
        List<String> bad = addBadFiles(data);
        Path run = tmp.resolve("run");
        TrainingRun.Summary summary = TrainingRun.start(config(data, "data.maxBadFraction=0.05"), run, null, QUIET, false);

        List<String> listed = Files.readAllLines(run.resolve(DatasetScan.BAD_FILES)).stream()
                .map(line -> line.substring(0, line.indexOf('\t'))).toList();
        assertEquals(bad, listed);
        assertEquals(3, summary.badFiles());
        assertEquals(4, MetricsLog.read(run.resolve(MetricsLog.FILE_NAME)).size());
        assertEquals(7, Files.readAllLines(run.resolve(LabelMap.FILE_NAME)).size(), "a header and six identities");
        assertTrue(Files.isRegularFile(run.resolve(TrainingRun.CONFIG_FILE)));
        assertTrue(Files.isRegularFile(run.resolve("train.log")));
        assertEquals(List.of("iter-00000002", "iter-00000004"), Checkpoints.list(run.resolve(TrainingRun.CHECKPOINTS))
                .stream().map(p -> p.getFileName().toString()).toList());
        var manifest = ModelDirectory.readManifest(run.resolve(TrainingRun.MODEL_DIR));
        assertEquals(6, manifest.numClasses());
        assertEquals("tiny", manifest.training().path("name").asText());
        assertEquals(64, manifest.dataFingerprint().length());
    }

    @Test
    void tooManyBadFilesStopTheRunBeforeTheFirstStep() throws Exception {
        Path data = smallDataset(6);
        addBadFiles(data);
        Path run = tmp.resolve("run");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TrainingRun.start(config(data, "data.maxBadFraction=0.01"), run, null, QUIET, false));
        assertTrue(e.getMessage().startsWith("3 of "), e.getMessage());
        assertTrue(e.getMessage().contains("data.maxBadFraction = 0.01"), e.getMessage());
        assertFalse(Files.exists(run.resolve(MetricsLog.FILE_NAME)), "no step ran");
        assertFalse(Files.exists(run.resolve(TrainingRun.CHECKPOINTS)));
        assertEquals(3, Files.readAllLines(run.resolve(DatasetScan.BAD_FILES)).size(), "the bad files are listed anyway");
        assertTrue(Files.readString(run.resolve("train.log")).contains("data.maxBadFraction"));
    }

    @Test
    void aNonFiniteLossStopsTheRunNamingTheIterationAndKeepsTheLastCheckpoint() throws Exception {
        Path data = smallDataset(3);
        Path run = tmp.resolve("run");
        // a plain softmax head has unbounded logits; a learning rate of 1e6 from iteration 2 on makes them overflow
        ConfigLoader.Loaded loaded = config(data, "head={type: softmax}", "schedule.iterations=40",
                "schedule.steps=[2]", "schedule.gamma=1e7", "checkpoint.every=1", "checkpoint.keep=1");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TrainingRun.start(loaded, run, null, QUIET, false));
        List<JsonNode> metrics = MetricsLog.read(run.resolve(MetricsLog.FILE_NAME));
        long failed = metrics.size() + 1;
        assertTrue(e.getMessage().contains("at iteration " + failed), e.getMessage());
        List<Path> kept = Checkpoints.list(run.resolve(TrainingRun.CHECKPOINTS));
        assertEquals(List.of(String.format("iter-%08d", failed - 1)),
                kept.stream().map(p -> p.getFileName().toString()).toList());
        assertTrue(e.getMessage().contains(kept.get(0).toString()), e.getMessage());
        assertFalse(Files.exists(run.resolve(TrainingRun.MODEL_DIR)), "no final model from a diverged run");
    }

    @Test
    void aRunDirectoryIsNotOverwritten() throws Exception {
        Path run = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(run.resolve("something"), "x");
        Path data = tmp.resolve("unused");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingRun.start(config(data), run, null, QUIET, false));
        assertTrue(e.getMessage().contains("--resume"), e.getMessage());
    }

    @Test
    void resumingAfterTheHeadWasEditedInConfigYamlIsRefused() throws Exception {
        Path data = smallDataset(3);
        Path run = tmp.resolve("run");
        ConfigLoader.Loaded loaded = config(data, "head={type: amsoftmax, m: 0}", "schedule.iterations=2");
        TrainingRun.start(loaded, run, null, QUIET, false);
        // make it look stopped at its checkpoint, then change the margin the way a hand edit would
        deleteTree(run.resolve(TrainingRun.MODEL_DIR));
        Path yaml = run.resolve(TrainingRun.CONFIG_FILE);
        String text = Files.readString(yaml).replace("iterations: 2", "iterations: 4");
        Files.writeString(yaml, text);
        // unchanged head: resuming works
        TrainingRun.resume(run, null, QUIET, false);
        deleteTree(run.resolve(TrainingRun.MODEL_DIR));
        Files.writeString(yaml, Files.readString(yaml).replace("iterations: 4", "iterations: 6")
                .replace("m: 0.0", "m: 0.35").replace("m: 0\n", "m: 0.35\n"));
        assertTrue(Files.readString(yaml).contains("m: 0.35"), Files.readString(yaml));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TrainingRun.resume(run, null, QUIET, false));
        assertTrue(e.getMessage().contains("no longer matches") && e.getMessage().contains("m=0.35"), e.getMessage());
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
