package org.marginface.eval.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.marginface.eval.EvalFiles;
import org.marginface.eval.NormStudyLevel;
import org.marginface.eval.NormStudyResult;
import org.marginface.eval.VerificationResult;

/**
 * Several runs' evaluations as one table (Markdown, CSV and JSON) with the plots that compare them:
 * the machine-readable counterpart of {@link CompareReport}, for a study whose numbers go into a
 * document and must be checkable against the files they came from.
 */
public final class RunTable {

    /** Iterations averaged for the final loss and accuracy: one batch's accuracy is too noisy to quote. */
    public static final int TAIL = 50;

    private RunTable() {}

    /** The row of one run; {@code degradedLevel} picks the norms study's level shown as "low quality". */
    public static RunRow row(RunContents run, double degradedLevel) {
        List<TrainingPoint> training = run.training();
        List<TrainingPoint> tail = training.subList(Math.max(0, training.size() - TAIL), training.size());
        Double loss = tail.isEmpty() ? null : tail.stream().mapToDouble(TrainingPoint::loss).average().orElseThrow();
        Double accuracy = tail.isEmpty() ? null
                : tail.stream().mapToDouble(TrainingPoint::accuracy).average().orElseThrow();
        Optional<VerificationResult> sphereface = run.lfw().map(f -> f.results().get("sphereface"));
        Optional<VerificationResult> insightface = run.lfw().map(f -> f.results().get("insightface"));
        Optional<NormStudyResult> norms = run.norms().map(NormsFile::study);
        Optional<NormStudyLevel> clean = norms.flatMap(RunTable::clean);
        Optional<NormStudyLevel> degraded = norms.flatMap(n -> level(n, degradedLevel));
        var hardest = run.identification().map(f -> f.result().levels().get(f.result().levels().size() - 1));
        Long seed = run.config().path("seed").isIntegralNumber() ? run.config().path("seed").asLong() : null;
        return new RunRow(run.directory().getFileName().toString(), run.name(), run.head(), seed,
                run.last().map(TrainingPoint::iteration).orElse(0L), run.plannedIterations(), loss, accuracy,
                sphereface.map(VerificationResult::accuracy).orElse(null),
                sphereface.map(VerificationResult::std).orElse(null),
                insightface.map(VerificationResult::accuracy).orElse(null),
                sphereface.map(r -> RunReport.tarAt(r.tarAtFar(), 1e-3)).filter(v -> !v.isNaN()).orElse(null),
                hardest.map(l -> l.rank1()).orElse(null), hardest.map(l -> l.distractors()).orElse(null),
                clean.map(NormStudyLevel::meanNorm).orElse(null), degraded.map(NormStudyLevel::meanNorm).orElse(null),
                degraded.map(NormStudyLevel::accuracy).orElse(null));
    }

    /** The study's undegraded level (resolution 1, blur 0, JPEG 100), when it has one. */
    private static Optional<NormStudyLevel> clean(NormStudyResult study) {
        return level(study, study.degradation().defaultLevels().get(0));
    }

    private static Optional<NormStudyLevel> level(NormStudyResult study, double level) {
        return study.levels().stream().filter(l -> Math.abs(l.level() - level) < 1e-9).findFirst();
    }

    /**
     * Writes {@code prefix.md}, {@code .csv}, {@code .json} and the comparison plots beside them; with a
     * {@code baseline} (a run directory's name among {@code runs}), also every other evaluated run
     * compared with it pair by pair on LFW ({@code prefix-paired.json} and a section of the Markdown).
     */
    public static List<Path> write(List<RunContents> runs, double degradedLevel, String baseline, Path prefix)
            throws IOException {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no runs to tabulate");
        }
        List<RunRow> rows = runs.stream().map(r -> row(r, degradedLevel)).toList();
        List<PairedComparison> paired = new ArrayList<>();
        if (baseline != null) {
            RunContents base = runs.stream().filter(r -> r.directory().getFileName().toString().equals(baseline))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("--baseline " + baseline
                            + ": not one of the runs given"));
            for (RunContents run : runs) {
                if (run != base) {
                    PairedComparison.of(run, base).ifPresent(paired::add);
                }
            }
        }
        Path md = sibling(prefix, ".md");
        Path csv = sibling(prefix, ".csv");
        Path json = sibling(prefix, ".json");
        createParent(md);
        Files.writeString(md, markdown(rows, degradedLevel) + paired(paired, baseline), StandardCharsets.UTF_8);
        Files.writeString(csv, csv(rows), StandardCharsets.UTF_8);
        EvalFiles.writeJson(rows, json);
        List<Path> written = new ArrayList<>(List.of(md, csv, json));
        if (baseline != null) {
            Path pairedJson = sibling(prefix, "-paired.json");
            EvalFiles.writeJson(paired, pairedJson);
            written.add(pairedJson);
        }
        Map<String, NormStudyResult> studies = new LinkedHashMap<>();
        runs.forEach(r -> r.norms().ifPresent(n -> studies.put(r.directory().getFileName().toString(), n.study())));
        if (!studies.isEmpty()) {
            Path norms = sibling(prefix, "-norms.png");
            Path accuracy = sibling(prefix, "-degraded-accuracy.png");
            plot(studies, "Feature norm relative to clean images", "mean norm / mean norm of clean images", true, norms);
            plot(studies, "LFW accuracy on degraded images", "LFW accuracy (sphereface protocol)", false, accuracy);
            written.add(norms);
            written.add(accuracy);
        }
        return written;
    }

    private static void createParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }

    private static Path sibling(Path prefix, String suffix) {
        return prefix.resolveSibling(prefix.getFileName() + suffix);
    }

    /** Per-config means over seeds first (with their spread), then every run. */
    static String markdown(List<RunRow> rows, double degradedLevel) {
        String low = "LFW at degradation level " + Html.compact(degradedLevel);
        StringBuilder out = new StringBuilder();
        out.append("| config | head | runs | LFW accuracy | fold std | LFW (insightface) | TAR@FAR=1e-3 | rank-1 | ")
                .append(low).append(" | norm clean → degraded |\n");
        out.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        Map<String, List<RunRow>> byConfig = new LinkedHashMap<>();
        rows.forEach(r -> byConfig.computeIfAbsent(r.config(), k -> new ArrayList<>()).add(r));
        byConfig.forEach((config, group) -> out.append("| ").append(config).append(" | ")
                .append(group.get(0).head()).append(" | ").append(group.size())
                .append(status(group)).append(" | ")
                .append(spread(group, RunRow::lfwAccuracy, true)).append(" | ")
                .append(spread(group, RunRow::lfwStd, true)).append(" | ")
                .append(spread(group, RunRow::lfwInsightface, true)).append(" | ")
                .append(spread(group, RunRow::tarAtFar1e3, true)).append(" | ")
                .append(spread(group, RunRow::rank1, true)).append(" | ")
                .append(spread(group, RunRow::degradedAccuracy, true)).append(" | ")
                .append(spread(group, RunRow::cleanNorm, false)).append(" → ")
                .append(spread(group, RunRow::degradedNorm, false)).append(" |\n"));
        out.append("\nEvery run (final loss and training accuracy: means over the last ").append(TAIL)
                .append(" iterations):\n\n");
        out.append("| run | seed | iterations | final loss | final training accuracy | LFW accuracy ± fold std | "
                + "LFW (insightface) | TAR@FAR=1e-3 | rank-1 | ").append(low).append(" | norm clean → degraded |\n");
        out.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (RunRow r : rows) {
            out.append("| ").append(r.run()).append(" | ").append(r.seed() == null ? "" : r.seed()).append(" | ")
                    .append(String.format(Locale.ROOT, "%,d / %,d", r.iterations(), r.plannedIterations()))
                    .append(" | ").append(number(r.finalLoss(), 3)).append(" | ").append(percent(r.finalAccuracy()))
                    .append(" | ").append(percent(r.lfwAccuracy()))
                    .append(r.lfwStd() == null ? "" : " ± " + percent(r.lfwStd()))
                    .append(" | ").append(percent(r.lfwInsightface())).append(" | ").append(percent(r.tarAtFar1e3()))
                    .append(" | ").append(percent(r.rank1())).append(" | ").append(percent(r.degradedAccuracy()))
                    .append(" | ").append(number(r.cleanNorm(), 2)).append(" → ").append(number(r.degradedNorm(), 2))
                    .append(" |\n");
        }
        return out.toString();
    }

    static String paired(List<PairedComparison> comparisons, String baseline) {
        if (baseline == null) {
            return "";
        }
        StringBuilder out = new StringBuilder("\nPair by pair against ").append(baseline)
                .append(" on the 6,000 LFW pairs (paper's protocol): the pairs only one of the two models gets right, ")
                .append("and McNemar's test of that split (a small p: the difference is not chance in the pairs; ")
                .append("it does not measure seed-to-seed spread):\n\n");
        if (comparisons.isEmpty()) {
            return out.append("(no other run has per-pair scores yet)\n").toString();
        }
        out.append("| run | right only in the run | right only in ").append(baseline)
                .append(" | McNemar χ² | p (exact) |\n| --- | --- | --- | --- | --- |\n");
        for (PairedComparison c : comparisons) {
            out.append("| ").append(c.run()).append(" | ").append(c.onlyRun()).append(" | ").append(c.onlyBaseline())
                    .append(" | ").append(String.format(Locale.ROOT, "%.2f", c.chiSquare())).append(" | ")
                    .append(c.pValue() < 1e-4 ? "< 0.0001" : String.format(Locale.ROOT, "%.4f", c.pValue()))
                    .append(" |\n");
        }
        return out.toString();
    }

    private static String status(List<RunRow> group) {
        long unfinished = group.stream().filter(r -> !r.finished()).count();
        return unfinished == 0 ? "" : " (" + unfinished + " unfinished)";
    }

    /** The mean over the group's runs that have the number, and with several of them their range. */
    private static String spread(List<RunRow> group, Function<RunRow, Double> field, boolean percent) {
        List<Double> values = group.stream().map(field).filter(Objects::nonNull).toList();
        if (values.isEmpty()) {
            return "";
        }
        double mean = values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        String text = percent ? percent(mean) : number(mean, 2);
        if (values.size() > 1) {
            double min = values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
            double max = values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            text += percent ? " (" + percent(min) + "–" + percent(max) + ")"
                    : " (" + number(min, 2) + "–" + number(max, 2) + ")";
        }
        return text;
    }

    static String csv(List<RunRow> rows) {
        StringBuilder out = new StringBuilder("run,config,head,seed,iterations,planned_iterations,final_loss,"
                + "final_accuracy,lfw_accuracy,lfw_std,lfw_insightface,tar_at_far_1e-3,rank1,distractors,clean_norm,"
                + "degraded_norm,degraded_accuracy\n");
        for (RunRow r : rows) {
            out.append(String.join(",", List.of(r.run(), r.config(), quote(r.head()), text(r.seed()),
                    Long.toString(r.iterations()), Long.toString(r.plannedIterations()), text(r.finalLoss()),
                    text(r.finalAccuracy()), text(r.lfwAccuracy()), text(r.lfwStd()), text(r.lfwInsightface()),
                    text(r.tarAtFar1e3()), text(r.rank1()), text(r.distractors()), text(r.cleanNorm()),
                    text(r.degradedNorm()), text(r.degradedAccuracy())))).append('\n');
        }
        return out.toString();
    }

    private static String quote(String value) {
        return "\"" + value.replace("\"", "\"\"") + "\"";
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }

    private static String percent(Double fraction) {
        return fraction == null ? "" : String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
    }

    private static String number(Double value, int decimals) {
        return value == null ? "" : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    private static void plot(Map<String, NormStudyResult> studies, String title, String yTitle, boolean relativeNorm,
            Path png) throws IOException {
        NormStudyResult first = studies.values().iterator().next();
        XYChart chart = new XYChartBuilder().width(900).height(600).title(title)
                .xAxisTitle(first.degradation().levelMeaning()).yAxisTitle(yTitle).build();
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setMarkerSize(6);
        studies.forEach((run, study) -> {
            List<Double> levels = study.levels().stream().map(NormStudyLevel::level).toList();
            double clean = clean(study).map(NormStudyLevel::meanNorm).orElse(Double.NaN);
            List<Double> values = study.levels().stream()
                    .map(l -> relativeNorm ? l.meanNorm() / clean : l.accuracy()).toList();
            if (values.stream().noneMatch(v -> v.isNaN())) {
                XYSeries series = chart.addSeries(run, levels, values);
                series.setMarker(SeriesMarkers.CIRCLE);
            }
        });
        createParent(png);
        try (OutputStream out = Files.newOutputStream(png)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }
}
