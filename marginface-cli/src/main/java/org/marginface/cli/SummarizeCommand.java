package org.marginface.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.marginface.eval.report.RunContents;
import org.marginface.eval.report.RunReader;
import org.marginface.eval.report.RunTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code marginface summarize}: several runs' evaluations as a table and comparison plots. */
@Command(name = "summarize", mixinStandardHelpOptions = true,
        description = {"Several runs' headline numbers in one table: <out>.md, <out>.csv and <out>.json, one row per",
            "run plus per-config means over seeds with their range; and, for runs with a norms study,",
            "<out>-norms.png (mean feature norm relative to clean images) and <out>-degraded-accuracy.png.",
            "Reads what 'marginface eval <kind> --out RUN/eval/<kind>.json' wrote; missing numbers stay empty.",
            "  marginface summarize --runs runs/study/* --out docs/study/table"})
final class SummarizeCommand implements Callable<Integer> {

    @Option(names = "--runs", required = true, arity = "1..*", paramLabel = "RUN", description = "run directories")
    List<Path> runs;

    @Option(names = "--degraded-level", paramLabel = "L", defaultValue = "0.25",
            description = "the level of RUN/eval/norms.json shown as 'low quality' (default: ${DEFAULT-VALUE})")
    double degradedLevel;

    @Option(names = "--baseline", paramLabel = "RUN",
            description = "a run's directory name: compare every other run with it pair by pair on LFW (McNemar)")
    String baseline;

    @Option(names = "--out", required = true, paramLabel = "PREFIX", description = "path prefix of the files written")
    Path out;

    @Override
    public Integer call() throws Exception {
        List<RunContents> contents = new ArrayList<>();
        for (Path run : runs) {
            contents.add(RunReader.read(run));
        }
        for (Path written : RunTable.write(contents, degradedLevel, baseline, out)) {
            System.out.println("wrote " + written);
        }
        return 0;
    }
}
