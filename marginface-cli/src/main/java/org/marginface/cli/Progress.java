package org.marginface.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress line on standard error: count, rate and time left. On a terminal it redraws one line;
 * in a log (no console) it prints a line every ten seconds, so long jobs stay readable in files.
 */
final class Progress {

    private final String label;
    private final PrintStream out;
    private final boolean terminal;
    private final long start = System.nanoTime();
    private long lastPrint;

    Progress(String label) {
        this.label = label;
        this.out = System.err;
        this.terminal = System.console() != null;
    }

    /** Reports {@code done} of {@code total} units (images, iterations) finished. */
    void update(long done, long total, String extra) {
        long now = System.nanoTime();
        boolean finished = done >= total;
        if (!finished && now - lastPrint < (terminal ? 200_000_000L : 10_000_000_000L)) {
            return;
        }
        lastPrint = now;
        double seconds = (now - start) / 1e9;
        double rate = done / Math.max(seconds, 1e-9);
        long eta = rate > 0 ? Math.round((total - done) / rate) : 0;
        String line = String.format(Locale.ROOT, "%s %d/%d (%.0f%%) %.1f/s, %s elapsed, %s left%s",
                label, done, total, 100.0 * done / Math.max(total, 1), rate, clock(Math.round(seconds)), clock(eta),
                extra == null || extra.isEmpty() ? "" : ", " + extra);
        if (terminal) {
            out.print("\r" + line + (finished ? "\n" : ""));
        } else {
            out.println(line);
        }
        out.flush();
    }

    void update(long done, long total) {
        update(done, total, null);
    }

    static String clock(long seconds) {
        return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, (seconds / 60) % 60, seconds % 60);
    }
}
