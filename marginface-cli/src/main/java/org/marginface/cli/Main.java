package org.marginface.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code marginface} command. Each verb is a thin subcommand that delegates to a module. */
@Command(
        name = "marginface",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Train, evaluate and serve face recognition models with margin losses (AM-Softmax and friends).",
        subcommands = {
            InitCommand.class,
            EmbedCommand.class,
            DetectCommand.class,
            SummaryCommand.class,
            BenchCommand.class,
            BenchHeadCommand.class,
            ServeCommand.class,
            ServeBenchCommand.class,
            AlignCommand.class,
            EvalCommand.class,
            ImportCommand.class,
            ExportCommand.class,
            TrainCommand.class,
            TrainBenchCommand.class,
            TrainPlotCommand.class,
            ReportCommand.class,
            SummarizeCommand.class,
            org.marginface.spark.SparkCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (for tests). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            // user errors (bad files, fields, values) get one clear line; bugs keep their stack trace
            if (e instanceof java.io.IOException || e instanceof IllegalArgumentException
                    || e instanceof IllegalStateException || e instanceof java.io.UncheckedIOException) {
                commandLine.getErr().println("error: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
