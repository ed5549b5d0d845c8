package org.marginface.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.marginface.core.embed.NpyReader;
import org.marginface.core.testing.TestData;
import org.marginface.eval.FeatureRows;
import org.marginface.eval.Identification;
import org.marginface.eval.IdentificationLevel;
import org.marginface.eval.IdentificationOptions;
import org.marginface.eval.IdentificationResult;
import org.marginface.eval.ProbeIdentity;
import org.marginface.spark.EmbeddingTable;
import org.marginface.spark.SparkSessions;

/**
 * The Spark jobs through the launcher in local mode over all of LFW, against the single-machine
 * commands: {@code marginface spark embed} must write the features {@code marginface embed} writes
 * for the same model, and {@code marginface spark identify} must find the rank-1 and CMC that
 * marginface-eval's single-machine identification finds over those features.
 */
class SparkLfwIT {

    @TempDir
    Path tmp;

    @Test
    void sparkJobsAgreeWithTheSingleMachineOnAllOfLfw() throws Exception {
        Path lfw = TestData.require("lfw/lfw-112x96");
        Path model = tmp.resolve("model");
        // sphereface4 with a 64-d embedding: the whole pipeline at a small fraction of sphereface20's cost
        run("init", "--backbone", "sphereface4", "--embedding", "64", "--seed", "11", "--out", model.toString());
        Path npy = tmp.resolve("lfw.npy");
        run("embed", "--model", model.toString(), "--images", lfw.toString(), "--out", npy.toString());
        Path parquet = tmp.resolve("lfw.parquet");
        run("spark", "embed", "--master", "local[2]", "--partitions", "8", "--model", model.toString(),
                "--images", lfw.toString(), "--out", parquet.toString());
        Path report = tmp.resolve("identify.json");
        run("spark", "identify", "--master", "local[2]", "--partitions", "4", "--embeddings", parquet.toString(),
                "--out", report.toString());

        float[][] single = NpyReader.read(npy);
        List<String> paths = Files.readAllLines(Path.of(npy + ".paths"));
        assertEquals(13_233, single.length);
        Map<String, float[]> sparkRows = new HashMap<>();
        SparkSession spark = SparkSessions.open("marginface-it", "local[1]");
        try {
            for (Row row : EmbeddingTable.read(spark, parquet.toString()).collectAsList()) {
                sparkRows.put(row.getString(0), EmbeddingTable.embedding(row));
                assertEquals(Path.of(row.getString(0)).getParent().toString(), row.getString(1));
            }
        } finally {
            spark.stop();
        }
        assertEquals(13_233, sparkRows.size());
        double maxDiff = 0;
        int identical = 0;
        for (int i = 0; i < single.length; i++) {
            float[] distributed = sparkRows.get(paths.get(i));
            for (int d = 0; d < single[i].length; d++) {
                maxDiff = Math.max(maxDiff, Math.abs(single[i][d] - distributed[d]));
            }
            identical += Arrays.equals(single[i], distributed) ? 1 : 0;
        }
        System.out.printf("spark embed vs embed: max abs difference %.3g, %d of %d rows bit-identical%n",
                maxDiff, identical, single.length);
        assertTrue(maxDiff <= 1e-5, "max abs difference " + maxDiff);

        JsonNode result = new ObjectMapper().readTree(report.toFile());
        IdentificationLevel expected = singleMachineIdentification(paths, single);
        // LFW: 1,680 identities with two or more images (9,164), 4,069 with one
        assertEquals(1_680, result.get("probeIdentities").asInt());
        assertEquals(9_164, result.get("probeImages").asInt());
        assertEquals(4_069, result.get("distractors").asLong());
        assertEquals(expected.distractors(), result.get("distractors").asLong());
        System.out.printf("rank-1: distributed %.6f, single machine (marginface-eval) %.6f%n",
                result.get("rank1").asDouble(), expected.rank1());
        assertEquals(expected.rank1(), result.get("rank1").asDouble());
        List<Double> cmc = new ArrayList<>();
        result.get("cmc").forEach(value -> cmc.add(value.asDouble()));
        assertEquals(expected.cmc(), cmc);
    }

    /**
     * marginface-eval's identification over {@code marginface embed}'s features, with LFW split as
     * the Spark job splits it: identities (folders) of two or more images are probes, the rest
     * distractors.
     */
    private static IdentificationLevel singleMachineIdentification(List<String> paths, float[][] rows) {
        Map<String, List<float[]>> byIdentity = new TreeMap<>();
        for (int i = 0; i < rows.length; i++) {
            byIdentity.computeIfAbsent(Path.of(paths.get(i)).getParent().toString(), id -> new ArrayList<>()).add(rows[i]);
        }
        List<ProbeIdentity> probes = new ArrayList<>();
        List<float[]> distractors = new ArrayList<>();
        byIdentity.forEach((identity, images) -> {
            if (images.size() >= 2) {
                probes.add(new ProbeIdentity(identity, images));
            } else {
                distractors.addAll(images);
            }
        });
        IdentificationResult result = Identification.evaluate(probes, FeatureRows.of(distractors),
                IdentificationOptions.defaults().withDistractorCounts(List.of(distractors.size())));
        assertEquals(1, result.levels().size());
        return result.levels().get(0);
    }

    private int runs;

    private void run(String... args) throws Exception {
        Launcher.Run run = Launcher.run(tmp.resolve("run-" + ++runs + ".log"), args);
        assertEquals(0, run.exitCode(), run.output());
    }
}
