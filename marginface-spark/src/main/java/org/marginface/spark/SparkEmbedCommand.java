package org.marginface.spark;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.marginface.core.embed.FlipFusion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "embed", mixinStandardHelpOptions = true,
        description = {"Embed aligned face images (a directory tree or a list file) into Parquet.",
            "Columns: path, identity (the image's folder), embedding (L2-normalised floats), norm (of the raw feature)."})
final class SparkEmbedCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "model directory (at the same path on every executor)")
    Path model;

    @Option(names = "--images", required = true,
            description = "a directory (walked recursively) or a list file (.txt/.lst), at the same path on every executor")
    Path images;

    @Option(names = "--out", required = true, description = "Parquet directory to write (replaced)")
    String out;

    @Option(names = "--flip", defaultValue = "sum", description = "sum, concat or none (default: ${DEFAULT-VALUE})")
    String flip;

    @Option(names = "--batch", defaultValue = "32", description = "images per network call (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--partitions", description = "tasks to cut the images into (default: 4 per core of the cluster)")
    Integer partitions;

    @Option(names = "--master", description = "Spark master (default: spark-submit's, else local[*])")
    String master;

    @Override
    public Integer call() throws Exception {
        FlipFusion fusion = FlipFusion.parse(flip);
        SparkSession spark = SparkSessions.open("marginface-embed", master);
        try {
            int tasks = partitions != null ? partitions : 4 * spark.sparkContext().defaultParallelism();
            EmbedJob.Result result = new EmbedJob(images, model, out, fusion, batch, tasks).run(spark);
            System.out.printf(Locale.ROOT, "wrote %d embeddings to %s in %d partitions: %.1f s, %.1f images/s%n",
                    result.images(), out, result.partitions(), result.seconds(), result.imagesPerSecond());
        } finally {
            spark.stop();
        }
        return 0;
    }
}
