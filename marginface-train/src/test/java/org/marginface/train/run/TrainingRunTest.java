package org.marginface.train.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
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
        TrainingRun.Summary summary = TrainingRun.start(config(data, "data.maxBadFraction=0.05"), run, TrainingRun.Options.quiet());

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
    void tooManyBadFilesStopTheRunBeforeTheFirstStepLeavingOutAsItWas() throws Exception {
        Path data = smallDataset(6);
        List<String> bad = addBadFiles(data);
        Path run = tmp.resolve("run");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TrainingRun.start(config(data, "data.maxBadFraction=0.01"), run, TrainingRun.Options.quiet()));
        assertTrue(e.getMessage().startsWith("3 of "), e.getMessage());
        assertTrue(e.getMessage().contains("data.maxBadFraction = 0.01"), e.getMessage());
        for (String name : bad) {
            assertTrue(e.getMessage().contains(name), "the message names the bad files: " + e.getMessage());
        }
        // issue 17 item 9: a failed start leaves --out as it was, so the corrected command works
        assertFalse(Files.exists(run), "the run directory the failed start created is gone");
        Files.createDirectories(run);
        assertThrows(IllegalStateException.class,
                () -> TrainingRun.start(config(data, "data.maxBadFraction=0.01"), run, TrainingRun.Options.quiet()));
        try (Stream<Path> left = Files.list(run)) {
            assertEquals(List.of(), left.toList(), "an empty --out stays empty");
        }
        TrainingRun.Summary summary = TrainingRun.start(config(data, "data.maxBadFraction=0.05",
                "schedule.iterations=2"), run, TrainingRun.Options.quiet());
        assertEquals(2, summary.iterations());
    }

    @Test
    void aBatchThatCannotFitIsRefusedBeforeAnythingIsRead() throws Exception {
        Path run = tmp.resolve("run");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingRun.start(config(tmp.resolve("no-data-needed"), "batch.size=100000"), run,
                        TrainingRun.Options.quiet()));
        assertTrue(e.getMessage().startsWith("batch.size: 100000 images"), e.getMessage());
        assertFalse(Files.exists(run));
    }

    @Test
    void aNonFiniteLossStopsTheRunNamingTheIterationAndKeepsTheLastCheckpoint() throws Exception {
        Path data = smallDataset(3);
        Path run = tmp.resolve("run");
        // a plain softmax head has unbounded logits; a learning rate of 1e6 from iteration 2 on makes them overflow
        ConfigLoader.Loaded loaded = config(data, "head={type: softmax}", "schedule.iterations=40",
                "schedule.steps=[2]", "schedule.gamma=1e7", "checkpoint.every=1", "checkpoint.keep=1");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TrainingRun.start(loaded, run, TrainingRun.Options.quiet()));
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
                () -> TrainingRun.start(config(data), run, TrainingRun.Options.quiet()));
        assertTrue(e.getMessage().contains("--resume"), e.getMessage());
    }

    @Test
    void resumingAfterTheHeadWasEditedInConfigYamlIsRefused() throws Exception {
        Path data = smallDataset(3);
        Path run = tmp.resolve("run");
        ConfigLoader.Loaded loaded = config(data, "head={type: amsoftmax, m: 0}", "schedule.iterations=2");
        TrainingRun.start(loaded, run, TrainingRun.Options.quiet());
        // make it look stopped at its checkpoint, then change the margin the way a hand edit would
        deleteTree(run.resolve(TrainingRun.MODEL_DIR));
        Path yaml = run.resolve(TrainingRun.CONFIG_FILE);
        String text = Files.readString(yaml).replace("iterations: 2", "iterations: 4");
        Files.writeString(yaml, text);
        // unchanged head: resuming works
        TrainingRun.resume(run, TrainingRun.Options.quiet());
        deleteTree(run.resolve(TrainingRun.MODEL_DIR));
        Files.writeString(yaml, Files.readString(yaml).replace("iterations: 4", "iterations: 6")
                .replace("m: 0.0", "m: 0.35").replace("m: 0\n", "m: 0.35\n"));
        assertTrue(Files.readString(yaml).contains("m: 0.35"), Files.readString(yaml));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TrainingRun.resume(run, TrainingRun.Options.quiet()));
        assertTrue(e.getMessage().contains("head.m 0") && e.getMessage().contains("-> 0.35"), e.getMessage());
    }

    /** Starts a 2-iteration run (checkpoint at 2) and removes its model, as if it had stopped at its checkpoint. */
    private Path stoppedRun(Path data, String... overrides) throws Exception {
        Path run = tmp.resolve("run");
        List<String> all = new java.util.ArrayList<>(List.of("schedule.iterations=2"));
        all.addAll(List.of(overrides));
        TrainingRun.start(config(data, all.toArray(String[]::new)), run, TrainingRun.Options.quiet());
        deleteTree(run.resolve(TrainingRun.MODEL_DIR));
        return run;
    }

    /** The digest of every regular file under {@code dir} by relative path, but the lock's own record of its holder. */
    private static java.util.Map<String, String> contents(Path dir) throws Exception {
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(p -> Files.isRegularFile(p) && !p.endsWith("run.lock")).toList()) {
                out.put(dir.relativize(p).toString(), java.util.HexFormat.of().formatHex(
                        java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
            }
        }
        return out;
    }

    // issue 17 item 2
    @Test
    void aSecondWriterIsRefusedNamingTheHolder() throws Exception {
        Path run = stoppedRun(smallDataset(3));
        var before = contents(run);
        try (java.nio.channels.FileChannel held = java.nio.channels.FileChannel.open(run.resolve("run.lock"),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE)) {
            held.truncate(0);
            held.write(java.nio.ByteBuffer.wrap("pid 4242 on elsewhere, since 2026-01-01T00:00:00Z\n".getBytes()));
            try (var lock = held.lock()) {
                IllegalStateException e = assertThrows(IllegalStateException.class,
                        () -> TrainingRun.resume(run, TrainingRun.Options.quiet()));
                assertTrue(e.getMessage().contains("pid 4242 on elsewhere, since 2026-01-01T00:00:00Z"), e.getMessage());
            }
            assertEquals(before, contents(run), "the refused writer changed nothing");
            assertTrue(Files.readString(run.resolve("run.lock")).startsWith("pid 4242 on elsewhere"));
        }
        // once the holder is gone, the run resumes (and takes the lock itself)
        assertEquals(2, TrainingRun.resume(run, TrainingRun.Options.quiet()).iterations());
        assertTrue(Files.readString(run.resolve("run.lock")).contains("pid " + ProcessHandle.current().pid()));
    }

    // issue 17 items 3 and 4
    @Test
    void resumeRefusesConfigChangesNamingEachAndARefusalChangesNothing() throws Exception {
        Path data = smallDataset(3);
        Path run = stoppedRun(data);
        Path yaml = run.resolve(TrainingRun.CONFIG_FILE);
        String original = Files.readString(yaml);
        Files.writeString(yaml, original.replace("lr: 0.1\n", "lr: 0.14\n").replace("seed: 1\n", "seed: 2\n")
                .replace("mirror: true", "mirror: false"));
        // a new identity folder would shift every label by one
        Path newcomer = Files.createDirectories(data.resolve("0000-newcomer"));
        try (Stream<Path> images = Files.list(data.resolve(Files.list(data).sorted().skip(1).findFirst().orElseThrow()
                .getFileName()))) {
            Path image = images.sorted().findFirst().orElseThrow();
            Files.copy(image, newcomer.resolve(image.getFileName()));
        }
        var before = contents(run);
        java.util.concurrent.atomic.AtomicBoolean opened = new java.util.concurrent.atomic.AtomicBoolean();
        TrainingRun.Options watched = TrainingRun.Options.quiet().withEvaluator(config -> {
            opened.set(true);
            return null;
        });
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> TrainingRun.resume(run, watched));
        assertFalse(opened.get(), "a refused resume opens no evaluation");
        assertTrue(e.getMessage().contains("optimizer.lr 0.1 -> 0.14"), e.getMessage());
        assertTrue(e.getMessage().contains("seed 1 -> 2"), e.getMessage());
        assertTrue(e.getMessage().contains("data.mirror true -> false"), e.getMessage());
        assertEquals(before, contents(run), "labels.tsv, bad-files.txt and the rest are untouched");

        // the config restored, the changed data is refused, again changing nothing
        Files.writeString(yaml, original);
        before = contents(run);
        e = assertThrows(IllegalStateException.class, () -> TrainingRun.resume(run, TrainingRun.Options.quiet()));
        assertTrue(e.getMessage().contains("training data changed"), e.getMessage());
        assertEquals(before, contents(run));
        deleteTree(newcomer);

        // extending a multistep run and watching another .bin set are allowed, and logged
        assertTrue(original.contains("bins: []"), original);
        Files.writeString(yaml, original.replace("iterations: 2", "iterations: 4")
                .replace("bins: []", "bins: [/sets/agedb_30.bin]"));
        assertEquals(4, TrainingRun.resume(run, watched).iterations());
        assertTrue(opened.get(), "the resumed run opened its evaluation");
        String log = Files.readString(run.resolve("train.log"));
        assertTrue(log.contains("schedule.iterations 2 -> 4 (may change on resume)"), log);
        assertTrue(log.contains("evaluation.bins [] -> [\"/sets/agedb_30.bin\"] (may change on resume)"), log);

        // a finished run: --resume changes nothing, and shrinking below the checkpoint is refused
        before = contents(run);
        IllegalArgumentException finished = assertThrows(IllegalArgumentException.class,
                () -> TrainingRun.resume(run, TrainingRun.Options.quiet()));
        assertTrue(finished.getMessage().contains("already finished at iteration 4"), finished.getMessage());
        assertEquals(before, contents(run));
        deleteTree(run.resolve(TrainingRun.MODEL_DIR));
        Files.writeString(yaml, original.replace("iterations: 2", "iterations: 3")
                .replace("bins: []", "bins: [/sets/agedb_30.bin]"));
        e = assertThrows(IllegalStateException.class, () -> TrainingRun.resume(run, TrainingRun.Options.quiet()));
        assertTrue(e.getMessage().contains("schedule.iterations 4 -> 3 (the checkpoint is already at iteration 4)"),
                e.getMessage());
    }

    // review item 1: a run written before a key existed resumes; the key takes its default on both sides
    @Test
    void aRunWhoseStoredConfigLacksANewerKeyResumes() throws Exception {
        Path run = stoppedRun(smallDataset(3));
        Path manifest = run.resolve(TrainingRun.CHECKPOINTS).resolve("iter-00000002/model/manifest.json");
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) ModelDirectory.JSON.readTree(manifest.toFile());
        var training = (com.fasterxml.jackson.databind.node.ObjectNode) tree.get("training");
        // as an older marginface wrote them: no data.augment section, no evaluation.bins
        ((com.fasterxml.jackson.databind.node.ObjectNode) training.get("data")).remove("augment");
        ((com.fasterxml.jackson.databind.node.ObjectNode) training.get("evaluation")).remove("bins");
        ModelDirectory.JSON.writeValue(manifest.toFile(), tree);
        Path yaml = run.resolve(TrainingRun.CONFIG_FILE);
        Files.writeString(yaml, ConfigLoader.toYaml(training).replace("iterations: 2", "iterations: 4"));
        TrainingRun.Summary summary = TrainingRun.resume(run, TrainingRun.Options.quiet());
        assertEquals(4, summary.iterations());
        String log = Files.readString(run.resolve("train.log"));
        assertFalse(log.contains("augment"), "defaults are no change: " + log);
    }

    // review item 12: before its first checkpoint, a run resumes only with the config it started with
    @Test
    void resumeWithoutACheckpointRefusesConfigChanges() throws Exception {
        Path run = stoppedRun(smallDataset(3));
        deleteTree(run.resolve(TrainingRun.CHECKPOINTS));
        Path yaml = run.resolve(TrainingRun.CONFIG_FILE);
        String original = Files.readString(yaml);
        Files.writeString(yaml, original.replace("lr: 0.1\n", "lr: 0.14\n"));
        var before = contents(run);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TrainingRun.resume(run, TrainingRun.Options.quiet()));
        assertTrue(e.getMessage().contains("optimizer.lr 0.1 -> 0.14") && e.getMessage().contains("since the run started"),
                e.getMessage());
        assertEquals(before, contents(run), "the refusal changed nothing");
        Files.writeString(yaml, original);
        assertEquals(2, TrainingRun.resume(run, TrainingRun.Options.quiet()).iterations());
    }

    // review item 4: a start that fails before its first checkpoint leaves --out as it found it
    @Test
    void aStartThatFailsBeforeItsFirstCheckpointLeavesOutAsItWas() throws Exception {
        Path data = smallDataset(3);
        Path run = tmp.resolve("run");
        TrainingRun.Options noEvaluation = TrainingRun.Options.quiet().withEvaluator(config -> {
            throw new IOException("evaluation.lfw: no such set");
        });
        IOException e = assertThrows(IOException.class, () -> TrainingRun.start(config(data), run, noEvaluation));
        assertTrue(e.getMessage().contains("evaluation.lfw"), e.getMessage());
        assertFalse(Files.exists(run), "the run directory the failed start created is gone");
        // a failed step (a diverging loss) before the first checkpoint: an existing empty --out stays empty
        Files.createDirectories(run);
        ConfigLoader.Loaded diverging = config(data, "head={type: softmax}", "schedule.iterations=40",
                "schedule.steps=[2]", "schedule.gamma=1e7", "checkpoint.every=1000");
        IllegalStateException diverged = assertThrows(IllegalStateException.class,
                () -> TrainingRun.start(diverging, run, TrainingRun.Options.quiet()));
        assertTrue(diverged.getMessage().contains("the loss is"), diverged.getMessage());
        try (Stream<Path> left = Files.list(run)) {
            assertEquals(List.of(), left.toList(), "run.lock, config.yaml, train.log and the rest are gone");
        }
        assertEquals(2, TrainingRun.start(config(data, "schedule.iterations=2"), run, TrainingRun.Options.quiet())
                .iterations(), "the corrected command runs in the same --out");
    }

    // issue 17 items 6 and 9
    @Test
    void resumeFallsBackToTheNewestWholeCheckpointAndCleansAKilledModelWrite() throws Exception {
        Path run = stoppedRun(smallDataset(3), "schedule.iterations=4");
        Path checkpoints = run.resolve(TrainingRun.CHECKPOINTS);
        Path newest = checkpoints.resolve("iter-00000004");
        Path params = newest.resolve("model/backbone.params");
        byte[] bytes = Files.readAllBytes(params);
        Files.write(params, Arrays.copyOf(bytes, bytes.length / 2));
        IOException load = assertThrows(IOException.class, () -> ModelDirectory.load(newest.resolve("model")));
        assertTrue(load.getMessage().contains(params.toString()) && load.getMessage().contains("truncated"),
                load.getMessage());
        // a kill during the final model write leaves its staging directory
        Files.createDirectories(run.resolve(".model.tmp-123")).resolve("backbone.params").toFile().createNewFile();

        TrainingRun.Summary summary = TrainingRun.resume(run, TrainingRun.Options.quiet());
        assertEquals(4, summary.iterations());
        String log = Files.readString(run.resolve("train.log"));
        assertTrue(log.contains("iter-00000004: " + params) && log.contains("newest whole one, iter-00000002"), log);
        assertFalse(Files.exists(run.resolve(".model.tmp-123")), "resume removes the killed write's leftovers");
        assertTrue(Files.isDirectory(checkpoints.resolve("iter-00000004.damaged")));
        Checkpoints.verify(newest);

        // every checkpoint damaged: the error names each file and what is wrong
        deleteTree(run.resolve(TrainingRun.MODEL_DIR));
        Files.write(newest.resolve("state.json"), new byte[0]);
        Path optimizer = checkpoints.resolve("iter-00000002/optimizer.params");
        Files.write(optimizer, new byte[0]);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TrainingRun.resume(run, TrainingRun.Options.quiet()));
        assertTrue(e.getMessage().contains(newest.resolve("state.json") + " (0 bytes)"), e.getMessage());
        assertTrue(e.getMessage().contains(optimizer + " is empty"), e.getMessage());
    }

    // issue 17 item 8: a full disk names the path and what survived
    @Test
    void aFailedWriteNamesTheFileAndTheCheckpointThatSurvived() throws Exception {
        Path run = stoppedRun(smallDataset(3));
        Path log = run.resolve("train.log");
        Files.delete(log);
        Files.createSymbolicLink(log, Path.of("/dev/full"));
        IOException e = assertThrows(IOException.class, () -> TrainingRun.resume(run, TrainingRun.Options.quiet()));
        assertTrue(e.getMessage().contains("writing " + log) && e.getMessage().contains("No space left on device"),
                e.getMessage());
        assertTrue(e.getMessage().contains("iter-00000002 (iteration 2) is whole"), e.getMessage());
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
