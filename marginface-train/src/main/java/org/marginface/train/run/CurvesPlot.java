package org.marginface.train.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Draws a run's training curves from {@code metrics.jsonl} as a PNG: loss, training accuracy and
 * (for runs that logged it) the mean feature norm against the iteration, each step faint and a moving
 * average bold, with the learning-rate drops marked. The norm gets its own panel because the heads
 * that use it as their scale fail by its collapse, which the loss alone does not show. Plain Java2D,
 * so that plotting needs nothing beyond the JDK.
 */
public final class CurvesPlot {

    public static final String FILE_NAME = "curves.png";

    private static final int PANEL_WIDTH = 560;
    private static final int HEIGHT = 380;
    private static final int MARGIN_LEFT = 60;
    private static final int MARGIN_RIGHT = 20;
    private static final int MARGIN_TOP = 36;
    private static final int MARGIN_BOTTOM = 44;
    private static final Color FAINT = new Color(120, 160, 220);
    private static final Color BOLD = new Color(20, 60, 160);

    private CurvesPlot() {}

    /** Reads {@code metrics} and writes the plot to {@code png}. */
    public static void write(Path metrics, Path png, String title) throws IOException {
        List<double[]> points = new ArrayList<>();
        List<Double> lrDrops = new ArrayList<>();
        double previousLr = Double.NaN;
        boolean norms = true;
        for (JsonNode line : MetricsLog.read(metrics)) {
            if (!line.has("loss")) {
                continue;
            }
            double iteration = line.get("iteration").asDouble();
            double lr = line.path("lr").asDouble();
            if (lr < previousLr) {
                lrDrops.add(iteration);
            }
            previousLr = lr;
            norms &= line.has("featureNorm");
            points.add(new double[] {iteration, line.get("loss").asDouble(), line.path("accuracy").asDouble(),
                line.path("featureNorm").asDouble(Double.NaN)});
        }
        if (points.isEmpty()) {
            throw new IOException(metrics + " holds no training iterations to plot");
        }
        BufferedImage image = new BufferedImage((norms ? 3 : 2) * PANEL_WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            panel(g, 0, points, 1, "loss — " + title, lrDrops, false);
            panel(g, PANEL_WIDTH, points, 2, "training accuracy (no margin)", lrDrops, true);
            if (norms) {
                panel(g, 2 * PANEL_WIDTH, points, 3, "mean feature norm ||f||", lrDrops, false);
            }
        } finally {
            g.dispose();
        }
        ImageIO.write(image, "png", png.toFile());
    }

    private static void panel(Graphics2D g, int x0, List<double[]> points, int column, String title,
            List<Double> lrDrops, boolean unitRange) {
        double xMax = points.get(points.size() - 1)[0];
        double xMin = Math.min(points.get(0)[0], 0);
        double yMin = Double.MAX_VALUE;
        double yMax = -Double.MAX_VALUE;
        for (double[] p : points) {
            yMin = Math.min(yMin, p[column]);
            yMax = Math.max(yMax, p[column]);
        }
        if (unitRange) {
            yMin = 0;
            yMax = Math.max(yMax, 0.05);
        }
        if (yMax - yMin < 1e-9) {
            yMax = yMin + 1;
        }
        int left = x0 + MARGIN_LEFT;
        int right = x0 + PANEL_WIDTH - MARGIN_RIGHT;
        int top = MARGIN_TOP;
        int bottom = HEIGHT - MARGIN_BOTTOM;
        Scale sx = new Scale(xMin, xMax, left, right);
        Scale sy = new Scale(yMin, yMax, bottom, top);

        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(new Color(225, 225, 225));
        for (int i = 0; i <= 5; i++) {
            int y = (int) sy.map(yMin + (yMax - yMin) * i / 5);
            g.drawLine(left, y, right, y);
        }
        g.setColor(new Color(200, 120, 60));
        g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 4f}, 0f));
        for (double drop : lrDrops) {
            int x = (int) sx.map(drop);
            g.drawLine(x, top, x, bottom);
        }
        g.setStroke(new BasicStroke(1f));
        g.setColor(Color.DARK_GRAY);
        g.drawRect(left, top, right - left, bottom - top);
        for (int i = 0; i <= 5; i++) {
            double v = yMin + (yMax - yMin) * i / 5;
            int y = (int) sy.map(v);
            g.drawString(String.format(Locale.ROOT, unitRange ? "%.2f" : "%.1f", v), x0 + 8, y + 4);
            double it = xMin + (xMax - xMin) * i / 5;
            int x = (int) sx.map(it);
            g.drawString(String.format(Locale.ROOT, "%.0f", it), x - 12, bottom + 16);
        }
        g.drawString("iteration (dashed: learning-rate drops)", left + 120, bottom + 34);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.drawString(title, left, top - 12);

        g.setColor(FAINT);
        g.draw(line(points, column, sx, sy, 1));
        g.setColor(BOLD);
        g.setStroke(new BasicStroke(2.2f));
        g.draw(line(points, column, sx, sy, Math.max(5, points.size() / 40)));
        g.setStroke(new BasicStroke(1f));
    }

    /** The curve through a trailing moving average of {@code window} points (1: the raw values). */
    private static Path2D line(List<double[]> points, int column, Scale sx, Scale sy, int window) {
        Path2D path = new Path2D.Double();
        double sum = 0;
        for (int i = 0; i < points.size(); i++) {
            sum += points.get(i)[column];
            if (i >= window) {
                sum -= points.get(i - window)[column];
            }
            double mean = sum / Math.min(i + 1, window);
            double x = sx.map(points.get(i)[0]);
            double y = sy.map(mean);
            if (i == 0) {
                path.moveTo(x, y);
            } else {
                path.lineTo(x, y);
            }
        }
        return path;
    }

    private record Scale(double from, double to, double pixelFrom, double pixelTo) {
        double map(double v) {
            return pixelFrom + (v - from) / (to - from) * (pixelTo - pixelFrom);
        }
    }
}
