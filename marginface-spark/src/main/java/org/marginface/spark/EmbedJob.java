package org.marginface.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.marginface.core.embed.FlipFusion;

/**
 * Embeds an image set into Parquet ({@link EmbeddingTable}): the driver lists the images, the
 * executors embed consecutive runs of them in {@code mapPartitions}, each with its JVM's one copy of
 * the model, a batch per network call.
 *
 * @param images     a directory tree or a list file; every executor must see the same paths
 * @param model      a model directory, also at the same path on every executor
 * @param out        the Parquet directory to write (replaced if it exists)
 * @param fusion     how each image's and its mirror's embeddings combine
 * @param batch      images per network call
 * @param partitions how many runs to cut the images into (tasks; more than the cores balance load)
 */
public record EmbedJob(Path images, Path model, String out, FlipFusion fusion, int batch, int partitions) {

    /** What a run did. */
    public record Result(int images, int partitions, double seconds) {

        public double imagesPerSecond() {
            return images / seconds;
        }
    }

    public EmbedJob {
        if (batch < 1 || partitions < 1) {
            throw new IllegalArgumentException("batch and partitions must be positive, got " + batch + " and " + partitions);
        }
    }

    public Result run(SparkSession spark) throws IOException {
        long start = System.nanoTime();
        List<ImageRef> refs = ImageListing.of(images);
        List<List<ImageRef>> runs = ImageListing.partitions(refs, partitions, batch);
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        // one run per slice: parallelize gives slice i the elements [i*n/s, (i+1)*n/s), one each here
        JavaRDD<Row> rows = context.parallelize(runs, runs.size())
                .mapPartitions(new PartitionEmbedding(model.toAbsolutePath().normalize().toString(), fusion, batch));
        spark.createDataFrame(rows, EmbeddingTable.SCHEMA).write().mode(SaveMode.Overwrite).parquet(out);
        return new Result(refs.size(), runs.size(), (System.nanoTime() - start) / 1e9);
    }
}
