package org.marginface.eval.report;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.marginface.eval.IdentificationLevel;
import org.marginface.eval.NormStudyLevel;
import org.marginface.eval.VerificationResult;

/** Several runs side by side: one row per run, and their loss and accuracy curves overlaid. */
public final class CompareReport {

    private CompareReport() {}

    public static String html(List<RunContents> runs) throws IOException {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("nothing to compare: no runs given");
        }
        StringBuilder body = new StringBuilder("<h1>marginface: ").append(runs.size()).append(" runs compared</h1>\n");
        body.append("<table>\n<tr><th class=\"text\">run</th><th class=\"text\">directory</th>"
                + "<th class=\"text\">backbone</th><th class=\"text\">head</th><th>iterations</th><th>final loss</th>"
                + "<th>final training accuracy</th><th>LFW accuracy ± std</th><th>LFW TAR@FAR=1e-3</th>"
                + "<th>rank-1 at most distractors</th><th>clean mean norm</th></tr>\n");
        for (RunContents run : runs) {
            Optional<TrainingPoint> last = run.last();
            Optional<Map.Entry<String, VerificationResult>> lfw = run.lfw().map(CompareReport::headlineProtocol);
            Optional<IdentificationLevel> hardest = run.identification()
                    .map(f -> f.result().levels().get(f.result().levels().size() - 1));
            Optional<NormStudyLevel> clean = run.norms().map(f -> f.study().levels().get(0));
            body.append("<tr>")
                    .append(text(run.name()))
                    .append(text(run.directory().toString()))
                    .append(text(run.backbone()))
                    .append(text(run.head()))
                    .append(cell(last.map(p -> String.format(Locale.ROOT, "%,d", p.iteration())).orElse("–")
                            + (run.plannedIterations() > 0
                                    ? String.format(Locale.ROOT, " / %,d", run.plannedIterations()) : "")))
                    .append(cell(last.map(p -> Html.number(p.loss(), 4)).orElse("–")))
                    .append(cell(last.map(p -> Html.percent(p.accuracy())).orElse("–")))
                    .append(cell(lfw.map(e -> Html.percent(e.getValue().accuracy()) + " ± "
                            + Html.percent(e.getValue().std()) + " (" + e.getKey() + ")").orElse("–")))
                    .append(cell(lfw.map(e -> Html.percent(RunReport.tarAt(e.getValue().tarAtFar(), 1e-3)))
                            .orElse("–")))
                    .append(cell(hardest.map(l -> Html.percent(l.rank1())
                            + String.format(Locale.ROOT, " (%,d)", l.distractors())).orElse("–")))
                    .append(cell(clean.map(l -> Html.number(l.meanNorm(), 3)).orElse("–")))
                    .append("</tr>\n");
        }
        body.append("</table>\n<p class=\"meta\">final = the last iteration in <code>metrics.jsonl</code>; LFW with "
                + "the paper's protocol (sphereface) where the run has it; – = not evaluated (see each run's "
                + "report).</p>\n");
        Map<String, List<TrainingPoint>> curves = curvesByRun(runs);
        body.append("<h2>Training curves</h2>\n");
        if (curves.values().stream().allMatch(List::isEmpty)) {
            body.append(Html.missing("no run has training iterations in <code>metrics.jsonl</code> yet"));
        } else {
            body.append("<p class=\"meta\">each curve is a moving average over 2% of its run's iterations</p>\n");
            body.append("<div class=\"plots\">\n")
                    .append(Html.image(TrainingCharts.overlaid("Loss", "loss", curves, TrainingPoint::loss), "loss"))
                    .append('\n')
                    .append(Html.image(TrainingCharts.overlaid("Training accuracy", "accuracy", curves,
                            TrainingPoint::accuracy), "training accuracy"));
            // the norm is what the heads scaled by it fail through; runs trained before it was logged have none
            if (curves.values().stream().flatMap(List::stream).anyMatch(p -> Double.isFinite(p.featureNorm()))) {
                body.append('\n').append(Html.image(TrainingCharts.overlaid("Mean feature norm", "||f||", curves,
                        TrainingPoint::featureNorm), "mean feature norm"));
            }
            body.append("\n</div>\n");
        }
        return Html.page("marginface: runs compared", body.toString());
    }

    /**
     * Each run's training points under the name its curves carry: the config's name, or, when runs share
     * one (the seeds of a config), the directory's, since one name would keep only the last run's curve.
     */
    static Map<String, List<TrainingPoint>> curvesByRun(List<RunContents> runs) {
        boolean shared = runs.stream().map(RunContents::name).distinct().count() < runs.size();
        Map<String, List<TrainingPoint>> curves = new LinkedHashMap<>();
        for (RunContents run : runs) {
            String base = shared ? run.directory().getFileName().toString() : run.name();
            String name = base;
            for (int n = 2; curves.containsKey(name); n++) {
                name = base + " (" + n + ")";
            }
            curves.put(name, run.training());
        }
        return curves;
    }

    /** The paper's protocol when the file has it, otherwise the file's first. */
    private static Map.Entry<String, VerificationResult> headlineProtocol(LfwFile file) {
        VerificationResult sphereface = file.results().get("sphereface");
        return sphereface != null ? Map.entry("sphereface", sphereface)
                : file.results().entrySet().iterator().next();
    }

    private static String text(String value) {
        return "<td class=\"text\">" + Html.escape(value) + "</td>";
    }

    private static String cell(String value) {
        return "<td>" + Html.escape(value) + "</td>";
    }
}
