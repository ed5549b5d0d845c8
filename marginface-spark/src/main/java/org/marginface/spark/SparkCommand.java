package org.marginface.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code marginface spark embed|identify}; also the main class for {@code spark-submit}, where the
 * cluster's master and resources come from spark-submit's own options.
 */
@Command(name = "spark", mixinStandardHelpOptions = true,
        description = {"Spark jobs: embed image sets into Parquet, identify over Parquet embeddings.",
            "Local mode by default; under spark-submit, the cluster spark-submit names."},
        subcommands = {SparkEmbedCommand.class, SparkIdentifyCommand.class})
public final class SparkCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** For spark-submit: {@code spark-submit --class org.marginface.spark.SparkCommand ... embed ...}. */
    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new SparkCommand());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof IOException || e instanceof UncheckedIOException || e instanceof IllegalArgumentException) {
                commandLine.getErr().println("error: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        System.exit(cli.execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
