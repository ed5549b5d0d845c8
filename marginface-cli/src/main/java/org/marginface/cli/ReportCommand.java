package org.marginface.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.marginface.eval.report.CompareReport;
import org.marginface.eval.report.RunContents;
import org.marginface.eval.report.RunReader;
import org.marginface.eval.report.RunReport;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code marginface report}: a run, or several side by side, as one self-contained HTML page. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"A run as one self-contained HTML page (inline CSS, embedded PNGs, no scripts):",
            "config, training curves, and the evaluations in RUN/eval/: lfw.json, identify.json,",
            "norms.json and their PNGs, as 'marginface eval <kind> --out RUN/eval/<kind>.json'",
            "writes them. A missing evaluation is named with the command that makes it.",
            "--compare: several runs in one table, with their loss and accuracy curves overlaid."})
final class ReportCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "1")
    Runs runs;

    static final class Runs {
        @Option(names = "--run", paramLabel = "RUN", description = "the run directory to report")
        Path run;

        @Option(names = "--compare", paramLabel = "RUN", arity = "2..*", description = "two or more run directories")
        List<Path> compare;
    }

    @Option(names = "--out", required = true, paramLabel = "F.html", description = "the HTML file to write")
    Path out;

    @Override
    public Integer call() throws Exception {
        String html;
        if (runs.run != null) {
            html = RunReport.html(RunReader.read(runs.run));
        } else {
            List<RunContents> contents = new ArrayList<>();
            for (Path run : runs.compare) {
                contents.add(RunReader.read(run));
            }
            html = CompareReport.html(contents);
        }
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(out, html, StandardCharsets.UTF_8);
        System.out.println("wrote " + out);
        return 0;
    }
}
