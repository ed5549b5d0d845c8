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
import org.marginface.spark.Cosine;
import org.marginface.spark.EmbeddingTable;
import org.marginface.spark.SparkSessions;

/**
 * The Spark jobs through the launcher in local mode over all of LFW, against the single-machine
 * commands: {@code marginface spark embed} must write the features {@code marginface embed} writes
 * for the same model, and {@code marginface spark identify} must find the rank-1 that identification
 * on one machine finds over those features.
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
        SingleMachineRank1 expected = SingleMachineRank1.of(paths, single);
        // LFW: 1,680 identities with two or more images (9,164), 4,069 with one
        assertEquals(1_680, result.get("probeIdentities").asInt());
        assertEquals(9_164, result.get("probeImages").asInt());
        assertEquals(4_069, result.get("distractors").asLong());
        assertEquals(expected.queries(), result.get("queries").asLong());
        System.out.printf("rank-1: distributed %.6f, single machine %.6f%n", result.get("rank1").asDouble(),
                expected.rank1());
        assertEquals(expected.rank1(), result.get("rank1").asDouble());
        assertEquals(10, result.get("cmc").size());
    }

    private int runs;

    private void run(String... args) throws Exception {
        Launcher.Run run = Launcher.run(tmp.resolve("run-" + ++runs + ".log"), args);
        assertEquals(0, run.exitCode(), run.output());
    }

    /**
     * Rank-1 of the identification protocol computed plainly on one machine: a query hits when no
     * distractor scores strictly above its gallery image.
     */
    private record SingleMachineRank1(long queries, double rank1) {

        static SingleMachineRank1 of(List<String> paths, float[][] rows) {
            Map<String, List<float[]>> byIdentity = new TreeMap<>();
            for (int i = 0; i < rows.length; i++) {
                float[] unit = rows[i].clone();
                Cosine.unitInPlace(unit, 0, unit.length, paths.get(i));
                byIdentity.computeIfAbsent(Path.of(paths.get(i)).getParent().toString(), id -> new ArrayList<>()).add(unit);
            }
            List<float[]> distractors = new ArrayList<>();
            byIdentity.values().stream().filter(images -> images.size() == 1).forEach(distractors::addAll);
            long queries = 0;
            long hits = 0;
            for (List<float[]> images : byIdentity.values()) {
                if (images.size() < 2) {
                    continue;
                }
                for (float[] query : images) {
                    float bestDistractor = Float.NEGATIVE_INFINITY;
                    for (float[] d : distractors) {
                        bestDistractor = Math.max(bestDistractor, Cosine.dot(query, 0, d, 0, d.length));
                    }
                    for (float[] gallery : images) {
                        if (gallery != query) {
                            queries++;
                            hits += bestDistractor <= Cosine.dot(query, 0, gallery, 0, query.length) ? 1 : 0;
                        }
                    }
                }
            }
            return new SingleMachineRank1(queries, hits / (double) queries);
        }
    }
}
