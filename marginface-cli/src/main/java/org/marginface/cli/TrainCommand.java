package org.marginface.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.marginface.core.evaluation.Evaluator;
import org.marginface.eval.training.TrainingEvaluators;
import org.marginface.train.config.ConfigLoader;
import org.marginface.train.config.ExperimentConfig;
import org.marginface.train.run.StopRequest;
import org.marginface.train.run.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code marginface train}: runs an experiment config into a run directory, or resumes one. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a model from an experiment config (YAML) into a run directory, or resume a stopped run.",
            "  marginface train --config configs/quickstart.yaml --out runs/quick [--set optimizer.lr=0.05 ...]",
            "  marginface train --resume runs/quick"})
final class TrainCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "the experiment config")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "override a config key, e.g. --set optimizer.lr=0.05 (repeatable)")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--out", paramLabel = "RUN", description = "the new run directory")
    Path out;

    @Option(names = "--resume", paramLabel = "RUN", description = "continue the run in RUN from its newest checkpoint")
    Path resume;

    @Option(names = "--stop-wait", paramLabel = "SECONDS", defaultValue = "120",
            description = "on SIGTERM or Ctrl-C, how long to wait for the current step to finish and its checkpoint"
                    + " to be written before exiting anyway (default: ${DEFAULT-VALUE})")
    long stopWaitSeconds;

    @Override
    public Integer call() throws Exception {
        boolean terminal = System.console() != null;
        StopRequest stop = new StopRequest();
        TrainingRun.Summary summary;
        // SIGTERM or Ctrl-C: stop between steps, checkpoint, and only then let the JVM exit (exiting while
        // libtorch runs a step crashes it)
        try (AutoCloseable hook = stop.installShutdownHook(Duration.ofSeconds(stopWaitSeconds))) {
            summary = train(stop, terminal);
        }
        if (summary.stopped()) {
            System.out.printf(Locale.ROOT, "stopped at iteration %d; resume with marginface train --resume %s%n",
                    summary.iterations(), resume != null ? resume : out);
            return 0;
        }
        System.out.printf(Locale.ROOT, "trained %d iterations: loss %.4f, training accuracy %.4f, %d unreadable files "
                + "skipped; model in %s%n", summary.iterations(), summary.loss(), summary.accuracy(), summary.badFiles(),
                summary.model());
        return 0;
    }

    private TrainingRun.Summary train(StopRequest stop, boolean terminal) throws Exception {
        // the evaluation is opened by the run once its checks pass, so that a refused run opens no data set
        TrainingRun.Options options = TrainingRun.Options.quiet().withProgress(System.err, terminal).withStop(stop)
                .withEvaluator(TrainCommand::evaluator);
        if (resume != null) {
            if (config != null || out != null || !overrides.isEmpty()) {
                throw new IllegalArgumentException("--resume takes the run's own config.yaml: do not combine it with "
                        + "--config, --out or --set (a changed config would not continue the same run)");
            }
            return TrainingRun.resume(resume, options);
        }
        if (config == null || out == null) {
            throw new IllegalArgumentException("give --config FILE and --out RUN (or --resume RUN)");
        }
        return TrainingRun.start(new ConfigLoader().load(config, overrides), out, options);
    }

    /** The evaluation during training a config asks for (LFW, .bin sets), or null for none. */
    static Evaluator evaluator(ExperimentConfig config) throws java.io.IOException {
        if (config.evaluation().every() == 0) {
            return null;
        }
        return TrainingEvaluators.of(config.evaluation().lfw(), config.evaluation().bins());
    }
}
