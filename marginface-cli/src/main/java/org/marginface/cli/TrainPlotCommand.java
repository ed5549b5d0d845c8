package org.marginface.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.marginface.train.run.CurvesPlot;
import org.marginface.train.run.MetricsLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code marginface train-plot RUN}: redraws a run's loss and accuracy curves as a PNG. */
@Command(name = "train-plot", mixinStandardHelpOptions = true,
        description = "Draw a run's loss and training-accuracy curves from its metrics.jsonl as a PNG.")
final class TrainPlotCommand implements Callable<Integer> {

    @Parameters(paramLabel = "RUN", description = "a run directory")
    Path run;

    @Option(names = "--out", paramLabel = "PNG", description = "where to write the plot (default: RUN/curves.png)")
    Path out;

    @Option(names = "--title", description = "the plot's title (default: the run directory's name)")
    String title;

    @Override
    public Integer call() throws Exception {
        Path metrics = run.resolve(MetricsLog.FILE_NAME);
        if (!Files.isRegularFile(metrics)) {
            throw new IllegalArgumentException(run + " is not a run directory (" + MetricsLog.FILE_NAME + " is missing)");
        }
        Path png = out != null ? out : run.resolve(CurvesPlot.FILE_NAME);
        CurvesPlot.write(metrics, png, title != null ? title : run.getFileName().toString());
        System.out.println("wrote " + png);
        return 0;
    }
}
