package org.marginface.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.marginface.train.config.ConfigLoader;
import org.marginface.train.config.DataConfig;
import org.marginface.train.config.ExperimentConfig;
import org.marginface.train.run.InputPipelineBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code marginface train-bench}: the input pipeline's cost, real JPEG batches against in-memory tensors. */
@Command(name = "train-bench", mixinStandardHelpOptions = true,
        description = {"Measure training steps fed by the JPEG input pipeline against the same steps on in-memory",
            "tensors, alternating step by step in one process. Data, backbone and head come from the config.",
            "With --against DATA, the config's data against DATA instead (e.g. a folder tree against its .rec pack)."})
final class TrainBenchCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", required = true, description = "an experiment config")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override a config key (repeatable)")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--batch", defaultValue = "32", description = "batch size (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--rounds", defaultValue = "6", description = "rounds, each reported on its own line (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--steps", defaultValue = "10", description = "steps of each mode per round, alternating one by one (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--warmup", defaultValue = "2", description = "untimed steps of each mode (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--against", paramLabel = "DATA",
            description = "compare the config's data with this data instead of in-memory tensors, step by step: "
                    + "a .rec (e.g. the pack of the config's folder) or an identity-folder tree")
    Path against;

    @Override
    public Integer call() throws Exception {
        ExperimentConfig experiment = new ConfigLoader().load(config, overrides).config();
        System.out.printf(Locale.ROOT, "%s, %s head, batch %d, %d rounds x %d steps per mode, data %s%n",
                experiment.backbone().name(), experiment.head().type(), batch, rounds, steps, experiment.data().root());
        DataConfig other = against == null ? null : experiment.data().withSource(
                against.getFileName().toString().endsWith(".rec") ? DataConfig.REC : DataConfig.IMAGES, against.toString());
        InputPipelineBenchmark.Result r = InputPipelineBenchmark.run(experiment, other, batch, rounds, steps, warmup,
                System.out);
        System.out.printf(Locale.ROOT, "%s %.2f img/s, %s %.2f img/s, ratio %.3f%n",
                other == null ? "pipeline" : against.toString(), r.pipelineImagesPerSecond(),
                other == null ? "in-memory" : experiment.data().root(), r.memoryImagesPerSecond(), r.ratio());
        return 0;
    }
}
