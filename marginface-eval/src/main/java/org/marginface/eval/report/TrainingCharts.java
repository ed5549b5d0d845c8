package org.marginface.eval.report;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Training curves from {@code metrics.jsonl} as PNG bytes, for embedding in a report. */
final class TrainingCharts {

    private static final int WIDTH = 800;
    private static final int HEIGHT = 480;
    private static final java.awt.Color FAINT = new java.awt.Color(150, 185, 230);
    private static final java.awt.Color BOLD = new java.awt.Color(20, 60, 160);

    private TrainingCharts() {}

    /**
     * One measure of one run: every step faint, and a moving average bold when there are enough
     * steps for single batches to be noise.
     */
    static byte[] single(String title, String yTitle, List<TrainingPoint> points, ToDoubleFunction<TrainingPoint> measure)
            throws IOException {
        XYChart chart = chart(title, yTitle);
        Series raw = series(points, measure);
        chart.getStyler().setYAxisDecimalPattern("0.####");
        if (raw.x.isEmpty()) {
            throw new IllegalArgumentException("no finite " + yTitle + " to plot");
        }
        XYSeries steps = chart.addSeries("each iteration", raw.x, raw.y);
        steps.setMarker(SeriesMarkers.NONE);
        int window = window(raw.x.size());
        if (window > 1) {
            steps.setLineColor(FAINT);
            XYSeries mean = chart.addSeries("mean of " + window + " iterations", raw.x, movingAverage(raw.y, window));
            mean.setMarker(SeriesMarkers.NONE);
            mean.setLineColor(BOLD);
        } else {
            steps.setLineColor(BOLD);
        }
        return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    }

    /**
     * The learning rate on a log axis, where each multistep drop is a step of the same height and
     * a warm-up from a tenth of the rate is visible; a rate of 0 (the end of a cosine) is left out.
     */
    static byte[] learningRate(List<TrainingPoint> points) throws IOException {
        XYChart chart = chart("Learning rate", "learning rate (log)");
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendVisible(false);
        Series raw = series(points, p -> p.lr() > 0 ? p.lr() : Double.NaN);
        if (raw.x.isEmpty()) {
            throw new IllegalArgumentException("no positive learning rate to plot");
        }
        XYSeries lr = chart.addSeries("learning rate", raw.x, raw.y);
        lr.setMarker(SeriesMarkers.NONE);
        lr.setLineColor(BOLD);
        return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    }

    /**
     * One measure of several runs overlaid, each as its moving average so the runs stay apart; the map's
     * keys, unique as XChart requires, name the curves.
     */
    static byte[] overlaid(String title, String yTitle, Map<String, List<TrainingPoint>> runs,
            ToDoubleFunction<TrainingPoint> measure) throws IOException {
        XYChart chart = chart(title, yTitle);
        for (Map.Entry<String, List<TrainingPoint>> run : runs.entrySet()) {
            Series raw = series(run.getValue(), measure);
            if (raw.x.isEmpty()) {
                continue;
            }
            chart.addSeries(run.getKey(), raw.x, movingAverage(raw.y, window(raw.x.size())))
                    .setMarker(SeriesMarkers.NONE);
        }
        if (chart.getSeriesMap().isEmpty()) {
            throw new IllegalArgumentException("no run has a finite " + yTitle + " to plot");
        }
        return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    }

    /**
     * The verification accuracies measured during training ({@code lfw_accuracy},
     * {@code cfp_fp_accuracy}, … of {@code metrics.jsonl}'s evaluation lines), one curve per set.
     *
     * @throws IllegalArgumentException when no evaluation has an accuracy
     */
    static byte[] evaluations(List<TrainingEvaluation> evaluations) throws IOException {
        XYChart chart = chart("Verification accuracy during training", "accuracy");
        chart.getStyler().setYAxisDecimalPattern("0.###");
        java.util.SortedMap<String, Series> curves = new java.util.TreeMap<>();
        for (TrainingEvaluation e : evaluations) {
            for (Map.Entry<String, Double> v : e.values().entrySet()) {
                if (v.getKey().endsWith("_accuracy") && v.getValue() != null && Double.isFinite(v.getValue())) {
                    Series s = curves.computeIfAbsent(v.getKey().substring(0, v.getKey().length() - "_accuracy".length()),
                            k -> new Series(new ArrayList<>(), new ArrayList<>()));
                    s.x().add((double) e.iteration());
                    s.y().add(v.getValue());
                }
            }
        }
        if (curves.isEmpty()) {
            throw new IllegalArgumentException("no evaluation during training has an accuracy to plot");
        }
        curves.forEach((name, s) -> chart.addSeries(name, s.x(), s.y()).setMarker(SeriesMarkers.CIRCLE));
        return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    }

    /** About 2% of the run, so the smoothing looks alike for short and long runs. */
    static int window(int points) {
        return Math.max(1, points / 50);
    }

    private static XYChart chart(String title, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("iteration").yAxisTitle(yTitle).build();
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
        return chart;
    }

    private record Series(List<Double> x, List<Double> y) {}

    private static Series series(List<TrainingPoint> points, ToDoubleFunction<TrainingPoint> measure) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (TrainingPoint p : points) {
            double value = measure.applyAsDouble(p);
            if (Double.isFinite(value)) {
                x.add((double) p.iteration());
                y.add(value);
            }
        }
        return new Series(x, y);
    }

    /** Trailing mean over up to {@code window} values, so the curve starts at the first step. */
    static List<Double> movingAverage(List<Double> values, int window) {
        List<Double> out = new ArrayList<>(values.size());
        double sum = 0;
        for (int i = 0; i < values.size(); i++) {
            sum += values.get(i);
            if (i >= window) {
                sum -= values.get(i - window);
            }
            out.add(sum / Math.min(i + 1, window));
        }
        return out;
    }
}
