package org.marginface.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.marginface.core.testing.TestData;

/**
 * The acceptance tests of checkpoints: a training process killed with SIGKILL, or stopped with
 * SIGTERM, part-way and resumed writes the same per-iteration losses as an uninterrupted run of the
 * same config (run once, shared by both).
 */
class TrainResumeTest {

    private static final int ITERATIONS = 40;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What a JVM ends with when SIGTERM shuts it down (128 + 15), after its shutdown hooks. */
    private static final int SIGTERM_EXIT = 143;

    @TempDir
    static Path tmp;

    private static Path config;
    private static Path whole;

    @BeforeAll
    static void uninterruptedRun() throws Exception {
        Path list = TestData.require("celeba/celeba-112x96-list.txt");
        Path subset = tmp.resolve("list.txt");
        Files.write(subset, Files.readAllLines(list).subList(0, 300));
        config = tmp.resolve("resume.yaml");
        // a small net on 300 images (10 identities); a learning-rate step and a margin ramp that both
        // cross the resume point, so that the resumed run must pick up the schedules where they were
        Files.writeString(config, """
                name: resume-test
                seed: 42
                data: {root: %s, list: %s, workers: 2, prefetch: 3}
                backbone: {name: sphereface4, embeddingSize: 64}
                head: {type: amsoftmax, s: 30, m: 0.35, marginRampIterations: 30}
                optimizer: {lr: 0.01}
                schedule: {iterations: %d, steps: [25], warmupIterations: 5}
                batch: {size: 8, microBatches: 2}
                checkpoint: {every: 10, keep: 2}
                """.formatted(list.getParent().resolve("celeba-112x96"), subset, ITERATIONS));

        whole = tmp.resolve("whole");
        assertEquals(0, runToEnd(child("train", "--config", config.toString(), "--out", whole.toString()), "whole"));
    }

    @Test
    void aKilledAndResumedRunMatchesAnUninterruptedOne() throws Exception {
        Path killed = tmp.resolve("killed");
        Path metrics = killed.resolve("metrics.jsonl");
        Process victim = null;
        try (MetricsWatch watch = new MetricsWatch(killed)) {
            victim = child("train", "--config", config.toString(), "--out", killed.toString()).start();
            // kill a few steps after the first checkpoint (iteration 10 is written before line 11), so that the
            // resumed run must also drop those steps' lines
            watch.awaitLines(13, victim);
        } finally {
            if (victim != null) {
                victim.destroyForcibly();
                victim.waitFor(1, TimeUnit.MINUTES);
            }
        }
        int linesAtKill = lines(metrics);
        assertTrue(linesAtKill >= 13 && linesAtKill < ITERATIONS, "killed part-way, after " + linesAtKill + " steps");
        assertFalse(Files.exists(killed.resolve("model")), "the killed run did not finish");

        assertEquals(0, runToEnd(child("train", "--resume", killed.toString()), "resumed"));
        assertSameAsUninterrupted(metrics);
        assertTrue(Files.isRegularFile(killed.resolve("model/manifest.json")));
        assertTrue(Files.readString(killed.resolve("train.log")).contains("resuming run"));
    }

    @Test
    void aRunStoppedWithSigtermCheckpointsItsLastStepExitsCleanlyAndResumes() throws Exception {
        Path stopped = tmp.resolve("stopped");
        // a stop wait far beyond any step, so that however loaded the machine, the stop is the clean one tested here
        ProcessBuilder builder = child("train", "--config", config.toString(), "--out", stopped.toString(),
                "--stop-wait", "3600");
        Path output = builder.redirectOutput().file().toPath();
        Path metrics = stopped.resolve("metrics.jsonl");
        int exit;
        Process victim = null;
        try (MetricsWatch watch = new MetricsWatch(stopped)) {
            victim = builder.start();
            // past the first checkpoint (10) and off the checkpoint grid, so that the stop must write its own
            watch.awaitLines(13, victim);
            victim.destroy(); // SIGTERM
            assertTrue(victim.waitFor(30, TimeUnit.MINUTES), "the stopped run exits");
            exit = victim.exitValue();
        } finally {
            if (victim != null) {
                victim.destroyForcibly();
            }
        }
        long pid = victim.pid();
        String log = Files.readString(output);
        assertEquals(SIGTERM_EXIT, exit, log);
        for (String crash : List.of("hs_err", "SIGSEGV", "SIGABRT", "A fatal error", "terminate called", "core dumped")) {
            assertFalse(log.contains(crash), "no native crash (" + crash + "):\n" + log);
        }
        try (var files = Files.list(Path.of(""))) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith("hs_err_pid" + pid)),
                    "no JVM crash report");
        }
        Matcher said = Pattern.compile("stopped at iteration (\\d+); resume with marginface train --resume "
                + Pattern.quote(stopped.toString())).matcher(Files.readString(stopped.resolve("train.log")));
        assertTrue(said.find(), log);
        int at = Integer.parseInt(said.group(1));
        assertTrue(at >= 13 && at < ITERATIONS, "stopped part-way, at " + at);
        assertEquals(at, lines(metrics), "the step under way when SIGTERM came was finished and logged, no other");
        try (var checkpoints = Files.list(stopped.resolve("checkpoints"))) {
            assertEquals(String.format("iter-%08d", at), checkpoints.map(c -> c.getFileName().toString()).sorted()
                    .reduce((a, b) -> b).orElseThrow(), "the newest checkpoint is the iteration it stopped at");
        }
        assertFalse(Files.exists(stopped.resolve("model")), "the stopped run did not finish");

        assertEquals(0, runToEnd(child("train", "--resume", stopped.toString()), "resumed after SIGTERM"));
        assertSameAsUninterrupted(metrics);
        assertTrue(Files.isRegularFile(stopped.resolve("model/manifest.json")));
    }

    private static void assertSameAsUninterrupted(Path metrics) throws IOException {
        List<JsonNode> expected = read(whole.resolve("metrics.jsonl"));
        List<JsonNode> actual = read(metrics);
        assertEquals(ITERATIONS, expected.size());
        assertEquals(ITERATIONS, actual.size(), "one line per iteration, none repeated");
        for (int i = 0; i < ITERATIONS; i++) {
            JsonNode e = expected.get(i);
            JsonNode a = actual.get(i);
            assertEquals(i + 1, a.get("iteration").asInt());
            double le = e.get("loss").asDouble();
            double la = a.get("loss").asDouble();
            assertEquals(le, la, 1e-5 * Math.abs(le), "loss at iteration " + (i + 1));
            assertEquals(e.get("lr").asDouble(), a.get("lr").asDouble(), 0, "lr at iteration " + (i + 1));
            assertEquals(e.get("margin").asDouble(), a.get("margin").asDouble(), 0, "margin at iteration " + (i + 1));
        }
    }

    /** A child JVM running the marginface command with the test's class path and two libtorch threads. */
    private static ProcessBuilder child(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=2",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("DJL_OFFLINE", "true");
        builder.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        builder.redirectErrorStream(true);
        builder.redirectOutput(tmp.resolve("child-" + System.nanoTime() + ".log").toFile());
        return builder;
    }

    private static int runToEnd(ProcessBuilder builder, String what) throws Exception {
        Process p = builder.start();
        try {
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                throw new AssertionError(what + ": the training process did not finish");
            }
            int code = p.exitValue();
            if (code != 0) {
                throw new AssertionError(what + ": exit code " + code + "\n" + Files.readString(builder.redirectOutput().file().toPath()));
            }
            return code;
        } finally {
            p.destroyForcibly();
        }
    }

    /**
     * Waits for a run's metrics.jsonl to grow, on the file system's change events rather than by
     * sleeping: the run directory is made (empty, as --out allows) and watched before the run starts,
     * so that no write goes unseen however slowly the test or the run is scheduled.
     */
    private static final class MetricsWatch implements AutoCloseable {

        private final Path metrics;
        private final WatchService watcher;

        MetricsWatch(Path runDir) throws IOException {
            Files.createDirectories(runDir);
            metrics = runDir.resolve("metrics.jsonl");
            watcher = runDir.getFileSystem().newWatchService();
            runDir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
        }

        /** Returns once the log holds {@code count} lines, or fails if {@code run} ends first. */
        void awaitLines(int count, Process run) throws IOException, InterruptedException {
            while (lines(metrics) < count) {
                if (!run.isAlive()) {
                    throw new AssertionError("the run ended after " + lines(metrics) + " lines, before " + count);
                }
                // a change in the run directory, or at the latest a second later to notice a run that died
                WatchKey key = watcher.poll(1, TimeUnit.SECONDS);
                if (key != null) {
                    key.pollEvents();
                    key.reset();
                }
            }
        }

        @Override
        public void close() throws IOException {
            watcher.close();
        }
    }

    private static int lines(Path file) throws IOException {
        return Files.exists(file) ? (int) Files.readAllLines(file).stream().filter(l -> l.endsWith("}")).count() : 0;
    }

    private static List<JsonNode> read(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            out.add(JSON.readTree(line));
        }
        return out;
    }
}
