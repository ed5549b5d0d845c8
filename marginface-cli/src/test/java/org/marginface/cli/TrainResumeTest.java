package org.marginface.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.marginface.core.testing.TestData;

/**
 * The acceptance test of checkpoints: a training process killed with SIGKILL part-way and resumed
 * writes the same per-iteration losses as an uninterrupted run of the same config.
 */
class TrainResumeTest {

    private static final int ITERATIONS = 40;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void aKilledAndResumedRunMatchesAnUninterruptedOne() throws Exception {
        Path list = TestData.require("celeba/celeba-112x96-list.txt");
        Path subset = tmp.resolve("list.txt");
        Files.write(subset, Files.readAllLines(list).subList(0, 300));
        Path config = tmp.resolve("resume.yaml");
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

        Path whole = tmp.resolve("whole");
        assertEquals(0, runToEnd(child("train", "--config", config.toString(), "--out", whole.toString()), "whole"));

        Path killed = tmp.resolve("killed");
        Process victim = child("train", "--config", config.toString(), "--out", killed.toString()).start();
        Path metrics = killed.resolve("metrics.jsonl");
        Path firstCheckpoint = killed.resolve("checkpoints/iter-00000010");
        try {
            // kill a few steps after the first checkpoint, so that the resumed run must also drop those steps' lines
            while (victim.isAlive() && !(Files.isDirectory(firstCheckpoint) && lines(metrics) >= 13)) {
                Thread.sleep(20);
            }
        } finally {
            victim.destroyForcibly();
            victim.waitFor(1, TimeUnit.MINUTES);
        }
        int linesAtKill = lines(metrics);
        assertTrue(linesAtKill >= 13 && linesAtKill < ITERATIONS, "killed part-way, after " + linesAtKill + " steps");
        assertFalse(Files.exists(killed.resolve("model")), "the killed run did not finish");

        assertEquals(0, runToEnd(child("train", "--resume", killed.toString()), "resumed"));

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
        assertTrue(Files.isRegularFile(killed.resolve("model/manifest.json")));
        assertTrue(Files.readString(killed.resolve("train.log")).contains("resuming run"));
    }

    /** A child JVM running the marginface command with the test's class path and two libtorch threads. */
    private ProcessBuilder child(String... args) {
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
