package org.marginface.eval.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.marginface.eval.FoldResult;
import org.marginface.eval.IdentificationLevel;
import org.marginface.eval.IdentificationResult;
import org.marginface.eval.NormStudyLevel;
import org.marginface.eval.NormStudyResult;
import org.marginface.eval.OperatingPoint;
import org.marginface.eval.VerificationResult;

/** One run as a self-contained HTML page: config, training curves and whatever evaluations it has. */
public final class RunReport {

    private RunReport() {}

    public static String html(RunContents run) throws IOException {
        StringBuilder body = new StringBuilder();
        body.append("<h1>marginface run ").append(Html.escape(run.name())).append("</h1>\n");
        body.append("<p class=\"meta\">run directory <code>").append(Html.escape(run.directory().toString()))
                .append("</code></p>\n");
        body.append(summary(run));
        body.append(curves(run));
        body.append(lfw(run));
        body.append(identification(run));
        body.append(norms(run));
        body.append("<h2>Config</h2>\n");
        body.append(run.configYaml().map(yaml -> "<pre>" + Html.escape(yaml) + "</pre>\n")
                .orElse(Html.missing("no <code>" + RunLayout.CONFIG + "</code> in the run directory")));
        return Html.page("marginface run " + run.name(), body.toString());
    }

    private static String summary(RunContents run) throws IOException {
        StringBuilder out = new StringBuilder("<h2>Training</h2>\n");
        Optional<TrainingPoint> last = run.last();
        out.append("<table>\n");
        row(out, "backbone", run.backbone());
        row(out, "head", run.head());
        long planned = run.plannedIterations();
        row(out, "iterations", last.map(p -> String.format(Locale.ROOT, "%,d", p.iteration())).orElse("none yet")
                + (planned > 0 ? String.format(Locale.ROOT, " of %,d", planned) : ""));
        if (last.isPresent()) {
            TrainingPoint p = last.get();
            row(out, "last iteration's loss", Html.number(p.loss(), 4));
            row(out, "last iteration's training accuracy", Html.percent(p.accuracy()));
            row(out, "last iteration's learning rate", Html.compact(p.lr()));
            row(out, "images/s: last iteration, median of the run",
                    Html.number(p.imagesPerSecond(), 2) + ", " + Html.number(median(run.training()), 2));
        }
        out.append("</table>\n");
        if (!run.evaluations().isEmpty()) {
            out.append("<h3>Evaluations during training</h3>\n<table>\n<tr><th>iteration</th><th class=\"text\">results</th></tr>\n");
            for (TrainingEvaluation e : run.evaluations()) {
                StringBuilder values = new StringBuilder();
                e.values().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(v -> values
                        .append(values.length() == 0 ? "" : ", ").append(v.getKey()).append(' ')
                        .append(Html.number(v.getValue(), 4)));
                out.append("<tr><td>").append(e.iteration()).append("</td><td class=\"text\">")
                        .append(Html.escape(values.toString())).append("</td></tr>\n");
            }
            out.append("</table>\n");
            if (run.evaluations().stream().anyMatch(e -> e.values().keySet().stream().anyMatch(k -> k.endsWith("_accuracy")))) {
                out.append("<div class=\"plots\">\n").append(Html.image(TrainingCharts.evaluations(run.evaluations()),
                        "verification accuracy during training")).append("\n</div>\n");
            }
        }
        return out.toString();
    }

    private static double median(List<TrainingPoint> points) {
        double[] rates = points.stream().mapToDouble(TrainingPoint::imagesPerSecond).filter(Double::isFinite)
                .sorted().toArray();
        if (rates.length == 0) {
            return Double.NaN;
        }
        return rates.length % 2 == 1 ? rates[rates.length / 2]
                : (rates[rates.length / 2 - 1] + rates[rates.length / 2]) / 2;
    }

    private static String curves(RunContents run) throws IOException {
        StringBuilder out = new StringBuilder("<h2>Training curves</h2>\n");
        if (run.training().isEmpty()) {
            return out.append(Html.missing("no training iterations in <code>" + RunLayout.METRICS + "</code> yet"))
                    .toString();
        }
        out.append("<div class=\"plots\">\n");
        out.append(Html.image(TrainingCharts.single("Loss", "loss", run.training(), TrainingPoint::loss),
                "training loss")).append('\n');
        out.append(Html.image(TrainingCharts.single("Training accuracy", "accuracy", run.training(),
                TrainingPoint::accuracy), "training accuracy")).append('\n');
        if (run.training().stream().anyMatch(p -> p.lr() > 0)) {
            out.append(Html.image(TrainingCharts.learningRate(run.training()), "learning rate")).append('\n');
        }
        if (run.training().stream().anyMatch(p -> Double.isFinite(p.featureNorm()))) {
            out.append(Html.image(TrainingCharts.single("Mean feature norm", "||f||", run.training(),
                    TrainingPoint::featureNorm), "mean feature norm")).append('\n');
        }
        return out.append("</div>\n").toString();
    }

    private static String lfw(RunContents run) throws IOException {
        StringBuilder out = new StringBuilder("<h2>LFW verification</h2>\n");
        if (run.lfw().isEmpty()) {
            return out.append(notYet(run, "LFW evaluation", "lfw", RunLayout.LFW)).toString();
        }
        LfwFile lfw = run.lfw().get();
        out.append(evaluatedModel(lfw.model()));
        out.append("<table>\n<tr><th class=\"text\">protocol</th><th>pairs</th><th>accuracy ± std</th><th>AUC</th>"
                + "<th>EER</th><th>TAR@FAR=1e-3</th><th>TAR@FAR=1e-2</th><th>VAL@FAR=1e-3</th></tr>\n");
        lfw.results().forEach((protocol, r) -> out.append("<tr><td class=\"text\">").append(Html.escape(protocol))
                .append("</td><td>").append(r.pairs())
                .append("</td><td>").append(Html.percent(r.accuracy())).append(" ± ").append(Html.percent(r.std()))
                .append("</td><td>").append(Html.number(r.auc(), 4))
                .append("</td><td>").append(Html.percent(r.eer()))
                .append("</td><td>").append(Html.percent(tarAt(r.tarAtFar(), 1e-3)))
                .append("</td><td>").append(Html.percent(tarAt(r.tarAtFar(), 1e-2)))
                .append("</td><td>").append(r.valAtFar() == null ? "–" : Html.percent(r.valAtFar().val()))
                .append("</td></tr>\n"));
        out.append("</table>\n");
        int folds = lfw.results().values().stream().mapToInt(r -> r.folds().size()).max().orElse(0);
        out.append("<h3>Accuracy per held-out fold</h3>\n<table>\n<tr><th class=\"text\">protocol</th>");
        for (int f = 1; f <= folds; f++) {
            out.append("<th>").append(f).append("</th>");
        }
        out.append("</tr>\n");
        lfw.results().forEach((protocol, r) -> {
            out.append("<tr><td class=\"text\">").append(Html.escape(protocol)).append("</td>");
            for (FoldResult fold : r.folds()) {
                out.append("<td>").append(Html.percent(fold.accuracy())).append("</td>");
            }
            out.append("</tr>\n");
        });
        out.append("</table>\n");
        out.append("<div class=\"plots\">").append(plot(run, RunLayout.LFW_ROC, "LFW ROC")).append("</div>\n");
        return out.toString();
    }

    /** The TAR at the operating point for {@code far}, NaN when the result has none. */
    static double tarAt(List<OperatingPoint> points, double far) {
        return points.stream().filter(p -> Math.abs(p.far() - far) <= far * 1e-9).mapToDouble(OperatingPoint::tar)
                .findFirst().orElse(Double.NaN);
    }

    private static String identification(RunContents run) throws IOException {
        StringBuilder out = new StringBuilder("<h2>Identification (MegaFace-style)</h2>\n");
        if (run.identification().isEmpty()) {
            return out.append(notYet(run, "identification evaluation", "identify", RunLayout.IDENTIFY)).toString();
        }
        IdentificationFile file = run.identification().get();
        IdentificationResult r = file.result();
        out.append(evaluatedModel(file.model()));
        out.append(String.format(Locale.ROOT, "<p>%,d probe identities, %,d probe images, %,d queries</p>%n",
                r.probeIdentities(), r.probeImages(), r.queries()));
        List<Double> fars = r.levels().get(0).tarAtFar().stream().map(OperatingPoint::far).toList();
        out.append("<table>\n<tr><th>distractors</th><th>rank-1</th>");
        fars.forEach(far -> out.append("<th>TAR@FAR=").append(Html.escape(String.valueOf(far))).append("</th>"));
        out.append("</tr>\n");
        for (IdentificationLevel level : r.levels()) {
            out.append(String.format(Locale.ROOT, "<tr><td>%,d</td><td>%s</td>", level.distractors(),
                    Html.percent(level.rank1())));
            fars.forEach(far -> out.append("<td>").append(Html.percent(tarAt(level.tarAtFar(), far))).append("</td>"));
            out.append("</tr>\n");
        }
        out.append("</table>\n<div class=\"plots\">").append(plot(run, RunLayout.IDENTIFY_CMC, "CMC"))
                .append(plot(run, RunLayout.IDENTIFY_DISTRACTORS, "identification against distractors"))
                .append("</div>\n");
        return out.toString();
    }

    private static String norms(RunContents run) throws IOException {
        StringBuilder out = new StringBuilder("<h2>Feature norms</h2>\n");
        if (run.norms().isEmpty()) {
            return out.append(notYet(run, "feature-norm study", "norms", RunLayout.NORMS)).toString();
        }
        NormsFile file = run.norms().get();
        NormStudyResult study = file.study();
        out.append(evaluatedModel(file.model()));
        out.append("<p>degradation: ").append(Html.escape(study.degradation().label())).append(" (level = ")
                .append(Html.escape(study.degradation().levelMeaning())).append("); LFW protocol ")
                .append(Html.escape(study.protocol().label())).append("</p>\n");
        out.append("<table>\n<tr><th>level</th><th>mean norm ± std</th><th>LFW accuracy</th></tr>\n");
        for (NormStudyLevel level : study.levels()) {
            out.append("<tr><td>").append(Html.escape(String.valueOf(level.level()))).append("</td><td>")
                    .append(Html.number(level.meanNorm(), 3)).append(" ± ").append(Html.number(level.normStd(), 3))
                    .append("</td><td>").append(Html.percent(level.accuracy())).append("</td></tr>\n");
        }
        out.append("</table>\n<div class=\"plots\">").append(plot(run, RunLayout.NORMS_NORMS, "norms by level"))
                .append(plot(run, RunLayout.NORMS_HISTOGRAM, "histogram of norms")).append("</div>\n");
        return out.toString();
    }

    private static String evaluatedModel(EvaluatedModel model) {
        return "<p class=\"meta\">evaluated model <code>" + Html.escape(model.path()) + "</code>"
                + (model.description().isEmpty() ? "" : ": " + Html.escape(model.description())) + "</p>\n";
    }

    private static String notYet(RunContents run, String what, String command, String file) {
        Path dir = run.directory();
        return Html.missing("no " + what + " yet: run <code>marginface eval " + command + " --model "
                + Html.escape(dir.resolve("model").toString()) + " --lfw $MARGINFACE_DATA/lfw --out "
                + Html.escape(RunLayout.evalFile(dir, file).toString()) + "</code>");
    }

    /** An evaluation plot from the eval directory, embedded; a note when it is absent or not a PNG. */
    static String plot(RunContents run, String name, String alt) throws IOException {
        Path file = RunLayout.evalFile(run.directory(), name);
        if (!Files.exists(file)) {
            return Html.missing("no <code>" + Html.escape(file.toString()) + "</code> (the evaluation draws it)");
        }
        byte[] bytes = Files.readAllBytes(file);
        if (!Html.isPng(bytes)) {
            return Html.missing("<code>" + Html.escape(file.toString()) + "</code> is not a PNG image");
        }
        return Html.image(bytes, alt);
    }

    private static void row(StringBuilder out, String name, String value) {
        out.append("<tr><th class=\"text\">").append(Html.escape(name)).append("</th><td class=\"text\">")
                .append(Html.escape(value)).append("</td></tr>\n");
    }
}
