package org.marginface.spark;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.marginface.eval.ProbeRows;

/**
 * The identification protocol of marginface-eval (MegaFace challenge 1 style), distributed, over
 * embeddings in Parquet ({@link EmbeddingTable}).
 *
 * <p>Probes are the identities with two or more images; the images of single-image identities, and
 * every row of the optional extra distractor tables, are the distractors. For each probe identity,
 * each of its images in turn joins the distractors as the gallery image and every other image of the
 * identity is a query; the query is a hit at rank r when fewer than r distractors score strictly
 * above the gallery image (a tie does not push it down). Scores are cosines in float.
 *
 * <p>The probes are collected on the driver and broadcast; the distractors stay partitioned, each
 * partition keeps every probe's {@code ranks} best distractor scores, and the partitions' lists are
 * merged in a tree. Nothing is quadratic in the distractors, and no probes x distractors matrix is
 * ever held.
 *
 * @param embeddings           the Parquet table of probes and their single-image distractors
 * @param distractorTables     further Parquet tables whose rows are all distractors (identities
 *                             disjoint from the probes'), may be empty
 * @param ranks                the last rank of the CMC curve
 * @param distractorPartitions how many partitions to spread the distractors over; 0 keeps the
 *                             partitions the tables were read in
 */
public record IdentifyJob(String embeddings, List<String> distractorTables, int ranks, int distractorPartitions) {

    /** The outcome. {@code cmc.get(r - 1)} is the fraction of queries identified within rank r. */
    public record Result(int probeIdentities, int probeImages, long distractors, long queries, int partitions,
            double rank1, List<Double> cmc, double seconds) {

        public Result {
            cmc = List.copyOf(cmc);
        }
    }

    private static final String IMAGES = "images";

    public IdentifyJob {
        distractorTables = List.copyOf(distractorTables);
        if (ranks < 1 || distractorPartitions < 0) {
            throw new IllegalArgumentException("ranks must be positive and partitions not negative");
        }
    }

    public Result run(SparkSession spark) {
        long start = System.nanoTime();
        Dataset<Row> table = EmbeddingTable.read(spark, embeddings);
        Dataset<Row> sized = table.join(table.groupBy(EmbeddingTable.IDENTITY).count().withColumnRenamed("count", IMAGES),
                EmbeddingTable.IDENTITY);

        List<ProbeImages.Image> probeImages = new ArrayList<>();
        for (Row row : sized.filter(col(IMAGES).geq(2))
                .orderBy(EmbeddingTable.IDENTITY, EmbeddingTable.PATH).collectAsList()) {
            probeImages.add(new ProbeImages.Image(row.getString(row.fieldIndex(EmbeddingTable.IDENTITY)),
                    EmbeddingTable.embedding(row)));
        }
        ProbeRows probes = ProbeImages.rows(probeImages);

        Dataset<Row> distractors = sized.filter(col(IMAGES).equalTo(1)).select(EmbeddingTable.EMBEDDING);
        for (String extra : distractorTables) {
            distractors = distractors.union(EmbeddingTable.read(spark, extra).select(EmbeddingTable.EMBEDDING));
        }
        if (distractorPartitions > 0) {
            distractors = distractors.repartition(distractorPartitions);
        }

        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<ProbeRows> shared = context.broadcast(probes);
        JavaRDD<DistractorScores> perPartition = distractors.javaRDD().mapPartitions(new PartitionScoring(shared, ranks));
        int partitions = perPartition.getNumPartitions();
        if (partitions == 0) {
            throw new IllegalArgumentException("no distractors: no identity of " + embeddings + " has a single image");
        }
        DistractorScores merged = perPartition.treeReduce(DistractorScores::merge);
        shared.destroy();
        if (merged.distractors == 0) {
            throw new IllegalArgumentException("no distractors: no identity of " + embeddings + " has a single image");
        }
        List<Double> cmc = merged.cmc(probes);
        return new Result(probes.identities(), probes.count(), merged.distractors, probes.queries(), partitions,
                cmc.get(0), cmc, (System.nanoTime() - start) / 1e9);
    }
}
