package org.marginface.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.marginface.core.testing.TestData;
import org.marginface.train.data.Dataset;

/** {@code pack rec}, {@code pack bin}, {@code eval bin} and {@code evaluation.bins} end to end on real images. */
class PackCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** The first {@code perFold} matched and mismatched pairs of each fold of LFW's pairs.txt. */
    private Path smallPairs(Path lfw, int perFold) throws Exception {
        List<String> lines = Files.readAllLines(lfw.resolve("pairs.txt"));
        List<String> out = new ArrayList<>(List.of("10 " + perFold));
        for (int f = 0; f < 10; f++) {
            int start = 1 + f * 600;
            out.addAll(lines.subList(start, start + perFold));
            out.addAll(lines.subList(start + 300, start + 300 + perFold));
        }
        Path file = tmp.resolve("pairs-small.txt");
        Files.write(file, out);
        return file;
    }

    @Test
    void evalBinOnLfwPackedIntoABinEqualsEvalLfwUnderInsightfacesProtocolFoldForFold() throws Exception {
        Path lfw = TestData.require("lfw");
        Path pairs = smallPairs(lfw, 3);
        Path model = tmp.resolve("model");
        Path cache = tmp.resolve("cache");
        assertEquals(0, Main.run("init", "--backbone", "sphereface4", "--embedding", "64", "--seed", "2", "--out",
                model.toString()));
        Path lfwJson = tmp.resolve("lfw.json");
        assertEquals(0, Main.run("eval", "lfw", "--model", model.toString(), "--lfw", lfw.toString(), "--pairs",
                pairs.toString(), "--protocol", "insightface", "--cache", cache.toString(), "--out", lfwJson.toString()));
        Path bin = tmp.resolve("lfw-small.bin");
        assertEquals(0, Main.run("pack", "bin", "--lfw", lfw.toString(), "--pairs", pairs.toString(), "--out",
                bin.toString()));
        Path binJson = tmp.resolve("bin.json");
        assertEquals(0, Main.run("eval", "bin", "--model", model.toString(), "--bin", bin.toString(), "--cache",
                tmp.resolve("cache-2").toString(), "--out", binJson.toString()));
        JsonNode direct = JSON.readTree(lfwJson.toFile());
        JsonNode packed = JSON.readTree(binJson.toFile()).path("sets").path("lfw-small").path("result");
        assertEquals(60, packed.path("pairs").asInt());
        assertEquals(10, packed.path("folds").size());
        assertEquals(direct.path("folds"), packed.path("folds"));
        assertEquals(direct.path("accuracy"), packed.path("accuracy"));
        assertEquals(direct.path("val_at_far"), packed.path("val_at_far"));
        assertEquals(direct.path("auc"), packed.path("auc"));
    }

    @Test
    void packRecHoldsTheTreeAndTrainingEvaluatesBinSetsIntoMetrics() throws Exception {
        Path source = TestData.require("celeba/celeba-112x96");
        Path tree = tmp.resolve("tree");
        try (Stream<Path> s = Files.list(source)) {
            for (Path folder : s.filter(Files::isDirectory).sorted().limit(3).toList()) {
                Path target = Files.createDirectories(tree.resolve(folder.getFileName().toString()));
                try (Stream<Path> images = Files.list(folder)) {
                    for (Path image : images.toList()) {
                        Files.copy(image, target.resolve(image.getFileName()));
                    }
                }
            }
        }
        Path rec = tmp.resolve("train.rec");
        assertEquals(0, Main.run("pack", "rec", "--images", tree.toString(), "--out", rec.toString()));
        assertTrue(Files.isRegularFile(tmp.resolve("train.idx")));
        assertEquals(Dataset.fromFolders(tree).size(), Dataset.fromRecordIo(rec).size());

        Path lfw = TestData.require("lfw");
        Path bin = tmp.resolve("lfw_small.bin");
        assertEquals(0, Main.run("pack", "bin", "--lfw", lfw.toString(), "--pairs", smallPairs(lfw, 1).toString(),
                "--out", bin.toString()));
        Path config = tmp.resolve("c.yaml");
        Files.writeString(config, """
                name: rec
                data: {format: rec, root: %s, workers: 1, prefetch: 2}
                backbone: {name: sphereface4, embeddingSize: 64}
                schedule: {iterations: 2, steps: []}
                batch: {size: 8}
                checkpoint: {every: 2, keep: 1}
                evaluation: {every: 2, lfw: "", bins: [%s]}
                """.formatted(rec, bin));
        Path run = tmp.resolve("run");
        assertEquals(0, Main.run("train", "--config", config.toString(), "--out", run.toString()));
        JsonNode evaluation = null;
        for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
            JsonNode node = JSON.readTree(line);
            if (node.has("evaluation")) {
                evaluation = node.get("evaluation");
            }
        }
        assertTrue(evaluation != null && evaluation.has("lfw_small_accuracy") && evaluation.has("lfw_small_std")
                && evaluation.has("lfw_small_val_at_far_1e-3"), String.valueOf(evaluation));
        double accuracy = evaluation.get("lfw_small_accuracy").asDouble();
        assertTrue(accuracy >= 0 && accuracy <= 1, "accuracy " + accuracy);
    }

    @Test
    void aBrokenBinStopsTrainingBeforeItStartsNamingTheKey() throws Exception {
        Path bin = tmp.resolve("broken.bin");
        Files.writeString(bin, "not a pickle");
        Path config = tmp.resolve("c.yaml");
        Files.writeString(config, "evaluation: {every: 2, lfw: \"\", bins: [" + bin + "]}\n");
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream original = System.err;
        System.setErr(new java.io.PrintStream(err, true));
        try {
            assertEquals(2, Main.run("train", "--config", config.toString(), "--out", tmp.resolve("run").toString()));
        } finally {
            System.setErr(original);
        }
        String message = err.toString();
        assertTrue(message.contains("evaluation.bins[0]") && message.contains("broken.bin"), message);
        assertTrue(!Files.exists(tmp.resolve("run")), "nothing written");
    }
}
