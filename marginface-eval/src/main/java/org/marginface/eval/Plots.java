package org.marginface.eval;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.Histogram;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The evaluation's PNG plots. */
public final class Plots {

    private static final int WIDTH = 800;
    private static final int HEIGHT = 600;

    private Plots() {}

    /**
     * ROC curves, true accept rate against false accept rate, one per entry. On a log FAR axis the
     * corners at FAR 0 cannot be drawn and are left out.
     */
    public static void roc(Map<String, Roc> curves, boolean logFar, Path png) throws IOException {
        XYChart chart = chart("ROC", "false accept rate" + (logFar ? " (log)" : ""), "true accept rate");
        chart.getStyler().setXAxisLogarithmic(logFar);
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        curves.forEach((name, roc) -> {
            List<Double> far = new ArrayList<>();
            List<Double> tar = new ArrayList<>();
            for (RocPoint point : roc.points()) {
                if (!logFar || point.far() > 0) {
                    far.add(point.far());
                    tar.add(point.tar());
                }
            }
            line(chart, String.format(Locale.ROOT, "%s (AUC %.4f, EER %.4f)", name, roc.auc(), roc.eer()), far, tar);
        });
        save(chart, png);
    }

    /** Cumulative match characteristic to the last rank, one curve per number of distractors. */
    public static void cmc(IdentificationResult result, Path png) throws IOException {
        XYChart chart = chart("CMC", "rank", "identification rate");
        for (IdentificationLevel level : result.levels()) {
            List<Double> ranks = new ArrayList<>();
            for (int r = 1; r <= level.cmc().size(); r++) {
                ranks.add((double) r);
            }
            line(chart, String.format(Locale.ROOT, "%,d distractors", level.distractors()), ranks, level.cmc())
                    .setMarker(SeriesMarkers.CIRCLE);
        }
        save(chart, png);
    }

    /** Rank-1 identification and TAR at each FAR against the number of distractors (log). */
    public static void identificationVsDistractors(IdentificationResult result, Path png) throws IOException {
        XYChart chart = chart("Identification and verification", "distractors (log)", "rate");
        chart.getStyler().setXAxisLogarithmic(true);
        List<Double> counts = result.levels().stream().map(l -> (double) l.distractors()).toList();
        line(chart, "rank-1 identification", counts,
                result.levels().stream().map(IdentificationLevel::rank1).toList()).setMarker(SeriesMarkers.CIRCLE);
        int operatingPoints = result.levels().get(0).tarAtFar().size();
        for (int i = 0; i < operatingPoints; i++) {
            int at = i;
            line(chart, "TAR at FAR " + result.levels().get(0).tarAtFar().get(i).far(), counts,
                    result.levels().stream().map(l -> l.tarAtFar().get(at).tar()).toList())
                    .setMarker(SeriesMarkers.DIAMOND);
        }
        save(chart, png);
    }

    /** Mean un-normalised feature norm (left axis) and LFW accuracy (right axis) by degradation level. */
    public static void normVsDegradation(NormStudyResult study, Path png) throws IOException {
        XYChart chart = chart("Feature norm and accuracy under " + study.degradation().label(),
                study.degradation().levelMeaning(), "mean feature norm");
        List<Double> levels = study.levels().stream().map(NormStudyLevel::level).toList();
        line(chart, "mean feature norm", levels, study.levels().stream().map(NormStudyLevel::meanNorm).toList())
                .setMarker(SeriesMarkers.CIRCLE);
        XYSeries accuracy = line(chart, "LFW accuracy (" + study.protocol().label() + ")", levels,
                study.levels().stream().map(NormStudyLevel::accuracy).toList());
        accuracy.setMarker(SeriesMarkers.DIAMOND);
        accuracy.setYAxisGroup(1);
        chart.setYAxisGroupTitle(1, "LFW accuracy");
        save(chart, png);
    }

    /** Histograms of feature norms, one outline per entry, over shared bins. */
    public static void normHistogram(Map<String, ? extends Collection<Double>> norms, int bins, Path png)
            throws IOException {
        double min = norms.values().stream().flatMap(Collection::stream).mapToDouble(Double::doubleValue).min()
                .orElseThrow(() -> new IllegalArgumentException("no norms to plot"));
        double max = norms.values().stream().flatMap(Collection::stream).mapToDouble(Double::doubleValue).max()
                .orElseThrow();
        if (max == min) {
            max = min + 1;
        }
        XYChart chart = chart("Feature norms", "feature norm", "images");
        for (Map.Entry<String, ? extends Collection<Double>> entry : norms.entrySet()) {
            // a mutable copy: XChart asks the list whether it contains null, which List.of() refuses
            Histogram histogram = new Histogram(new ArrayList<>(entry.getValue()), bins, min, max);
            line(chart, entry.getKey(), histogram.getxAxisData(), histogram.getyAxisData());
        }
        save(chart, png);
    }

    private static XYChart chart(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        chart.getStyler().setMarkerSize(6);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        return chart;
    }

    private static XYSeries line(XYChart chart, String name, List<? extends Number> x, List<? extends Number> y) {
        XYSeries series = chart.addSeries(name, x, y);
        series.setMarker(SeriesMarkers.NONE);
        return series;
    }

    private static void save(XYChart chart, Path png) throws IOException {
        EvalFiles.createParent(png);
        try (OutputStream out = Files.newOutputStream(png)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }
}
