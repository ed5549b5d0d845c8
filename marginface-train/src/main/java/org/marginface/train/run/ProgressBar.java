package org.marginface.train.run;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The training progress line: iteration, loss, accuracy, learning rate, images/s and ETA. On a
 * terminal it redraws in place a few times a second; into a file it writes a line every 2% of the run.
 */
final class ProgressBar {

    private static final int WIDTH = 24;
    private static final long REDRAW_NANOS = 250_000_000L;

    private final PrintStream out;
    private final boolean terminal;
    private final long total;
    private final long lineEvery;
    private long lastDraw;
    private double smoothedSeconds = -1;

    ProgressBar(PrintStream out, boolean terminal, long total) {
        this.out = out;
        this.terminal = terminal;
        this.total = total;
        this.lineEvery = Math.max(1, total / 50);
    }

    /** Records one finished step ({@code iteration} is the count of completed steps). */
    void update(long iteration, double loss, double accuracy, double lr, double stepSeconds, int batchSize) {
        // an exponential average keeps the ETA steady through the noise of a shared machine
        smoothedSeconds = smoothedSeconds < 0 ? stepSeconds : 0.95 * smoothedSeconds + 0.05 * stepSeconds;
        boolean last = iteration == total;
        long now = System.nanoTime();
        if (terminal) {
            if (!last && now - lastDraw < REDRAW_NANOS) {
                return;
            }
            lastDraw = now;
            out.print("\r" + render(iteration, loss, accuracy, lr, batchSize) + (last ? "\n" : ""));
        } else if (last || iteration % lineEvery == 0) {
            out.println(render(iteration, loss, accuracy, lr, batchSize));
        }
        out.flush();
    }

    String render(long iteration, double loss, double accuracy, double lr, int batchSize) {
        int filled = (int) (WIDTH * iteration / Math.max(1, total));
        String bar = "=".repeat(filled) + (filled < WIDTH ? ">" + " ".repeat(WIDTH - filled - 1) : "");
        long etaSeconds = Math.round(smoothedSeconds * (total - iteration));
        return String.format(Locale.ROOT, "%d/%d [%s] loss %.4f acc %.3f lr %.2g %.1f img/s ETA %s",
                iteration, total, bar, loss, accuracy, lr, batchSize / smoothedSeconds, duration(etaSeconds));
    }

    static String duration(long seconds) {
        return seconds >= 3600
                ? String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }
}
