package org.marginface.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.marginface.core.backbone.BackboneSpec;
import org.marginface.core.embed.BatchEmbedding;
import org.marginface.core.embed.Embedder;
import org.marginface.core.embed.FlipFusion;
import org.marginface.core.embed.Vectors;
import org.marginface.core.image.ImageSet;
import org.marginface.core.model.FaceModel;
import org.marginface.core.model.ModelDirectory;
import org.marginface.core.testing.TestData;

/**
 * Both jobs in local mode on the first 320 LFW images (a few dozen identities, some with many
 * images): the embedding job against the single-machine embedder, the distributed identification
 * against counting every distractor on the driver. The whole of LFW through the launcher is
 * marginface-cli's SparkLfwIT.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SparkJobsTest {

    private static final int IMAGES = 320;
    private static final int BATCH = 32;

    @TempDir
    static Path tmp;

    private SparkSession spark;
    private Path model;
    private Path list;
    private String parquet;
    private EmbedJob.Result embedded;

    @BeforeAll
    void embedWithSpark() throws IOException {
        Path lfw = TestData.require("lfw/lfw-112x96");
        List<String> lines;
        try (Stream<Path> files = Files.walk(lfw)) {
            lines = files.filter(p -> p.toString().endsWith(".jpg")).map(p -> lfw.relativize(p).toString()).sorted()
                    .limit(IMAGES).map(rel -> lfw.resolve(rel).toAbsolutePath().toString()).toList();
        }
        list = tmp.resolve("images.txt");
        Files.write(list, lines);
        model = tmp.resolve("model");
        try (FaceModel created = FaceModel.create(BackboneSpec.parse("sphereface4", 112, 96, 64), null, 0, 5)) {
            ModelDirectory.save(created, model);
        }
        spark = SparkSessions.open("marginface-test", "local[2]");
        parquet = tmp.resolve("embeddings.parquet").toString();
        embedded = new EmbedJob(list, model, parquet, FlipFusion.SUM, BATCH, 3).run(spark);
    }

    @AfterAll
    void stopSpark() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void sparkEmbeddingsEqualTheSingleMachineOnes() throws IOException {
        assertEquals(IMAGES, embedded.images());
        assertEquals(3, embedded.partitions());
        Map<String, float[]> expected = new HashMap<>();
        Map<String, Double> expectedNorms = new HashMap<>();
        try (FaceModel loaded = ModelDirectory.load(model); Embedder embedder = loaded.embedder(FlipFusion.SUM)) {
            BatchEmbedding.run(embedder, ImageSet.of(list), BATCH, (index, entry, raw) -> {
                expected.put(entry.name(), Vectors.l2Normalize(raw));
                expectedNorms.put(entry.name(), Vectors.norm(raw));
            }, (done, total) -> { });
        }
        List<Row> rows = EmbeddingTable.read(spark, parquet).collectAsList();
        assertEquals(IMAGES, rows.size());
        double maxDiff = 0;
        for (Row row : rows) {
            String path = row.getString(0);
            float[] want = expected.get(path);
            float[] got = EmbeddingTable.embedding(row);
            assertEquals(64, got.length, path);
            for (int i = 0; i < got.length; i++) {
                maxDiff = Math.max(maxDiff, Math.abs(got[i] - want[i]));
            }
            assertEquals(expectedNorms.get(path), row.getDouble(3), 1e-5 * expectedNorms.get(path), path);
            assertEquals(Path.of(path).getParent().getFileName().toString(), row.getString(1));
        }
        assertEquals(expected.keySet(), rows.stream().map(r -> r.getString(0)).collect(java.util.stream.Collectors.toSet()));
        assertTrue(maxDiff <= 1e-5, "max abs difference " + maxDiff);
    }

    @Test
    void distributedIdentificationCountsLikeTheDriverAlone() {
        IdentifyJob.Result result = new IdentifyJob(parquet, List.of(), 10, 4).run(spark);
        assertEquals(4, result.partitions());

        Map<String, List<float[]>> byIdentity = new TreeMap<>();
        for (Row row : EmbeddingTable.read(spark, parquet).orderBy(EmbeddingTable.PATH).collectAsList()) {
            byIdentity.computeIfAbsent(row.getString(1), id -> new ArrayList<>()).add(unit(EmbeddingTable.embedding(row)));
        }
        List<float[]> distractors = new ArrayList<>();
        byIdentity.values().stream().filter(images -> images.size() == 1).forEach(distractors::addAll);
        long queries = 0;
        long hits = 0;
        int probeImages = 0;
        int probeIdentities = 0;
        for (List<float[]> images : byIdentity.values()) {
            if (images.size() < 2) {
                continue;
            }
            probeIdentities++;
            probeImages += images.size();
            for (float[] query : images) {
                for (float[] gallery : images) {
                    if (query == gallery) {
                        continue;
                    }
                    queries++;
                    float genuine = Vectors.dot(query, 0, gallery, 0, query.length);
                    boolean beaten = distractors.stream().anyMatch(d -> Vectors.dot(query, 0, d, 0, d.length) > genuine);
                    hits += beaten ? 0 : 1;
                }
            }
        }
        assertEquals(probeIdentities, result.probeIdentities());
        assertEquals(probeImages, result.probeImages());
        assertEquals(distractors.size(), result.distractors());
        assertEquals(queries, result.queries());
        assertEquals(hits / (double) queries, result.rank1());
        assertEquals(10, result.cmc().size());
        assertTrue(probeIdentities >= 5 && !distractors.isEmpty(), "the subset has probes and distractors");
    }

    private static float[] unit(float[] v) {
        float[] u = v.clone();
        Vectors.unitInPlace(u, 0, u.length, "row");
        return u;
    }
}
