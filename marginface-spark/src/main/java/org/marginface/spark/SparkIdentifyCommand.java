package org.marginface.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "identify", mixinStandardHelpOptions = true,
        description = {"Identification (MegaFace style) over Parquet embeddings: rank-1 and the CMC curve.",
            "Identities with two or more images are probes (broadcast); single-image identities and the rows of",
            "--distractors tables are distractors (partitioned). A distractor that ties the gallery image does",
            "not push it down."})
final class SparkIdentifyCommand implements Callable<Integer> {

    @Option(names = "--embeddings", required = true, description = "Parquet written by 'spark embed'")
    String embeddings;

    @Option(names = "--distractors", description = "further Parquet tables whose every row is a distractor")
    List<String> distractors = new ArrayList<>();

    @Option(names = "--ranks", defaultValue = "10", description = "last rank of the CMC curve (default: ${DEFAULT-VALUE})")
    int ranks;

    @Option(names = "--partitions", defaultValue = "0",
            description = "distractor partitions (default: as read)")
    int partitions;

    @Option(names = "--out", description = "also write the result as JSON here")
    Path out;

    @Option(names = "--master", description = "Spark master (default: spark-submit's, else local[*])")
    String master;

    @Override
    public Integer call() throws Exception {
        SparkSession spark = SparkSessions.open("marginface-identify", master);
        IdentifyJob.Result result;
        try {
            result = new IdentifyJob(embeddings, distractors, ranks, partitions).run(spark);
        } finally {
            spark.stop();
        }
        System.out.printf(Locale.ROOT, "%d probe identities (%d images), %d distractors in %d partitions, %d queries%n",
                result.probeIdentities(), result.probeImages(), result.distractors(), result.partitions(),
                result.queries());
        System.out.printf(Locale.ROOT, "rank-1 %.6f%n", result.rank1());
        StringBuilder cmc = new StringBuilder("CMC");
        for (double value : result.cmc()) {
            cmc.append(String.format(Locale.ROOT, " %.4f", value));
        }
        System.out.println(cmc);
        if (out != null) {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), result);
            System.out.println("wrote " + out);
        }
        return 0;
    }
}
