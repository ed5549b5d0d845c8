package org.marginface.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A progress line on stderr: count, rate and time left. On a terminal it is redrawn in place a few
 * times a second; otherwise (a log file, a CI job) a full line is printed every half minute so
 * logs stay short. Thread-safe: workers call {@link #advance()} as they finish items.
 */
final class Progress {

    private static final long LIVE_INTERVAL = 250_000_000L;
    private static final long LOG_INTERVAL = 30_000_000_000L;

    private final String unit;
    private final long total;
    private final PrintWriter err;
    private final boolean live;
    private final LongSupplier clock;
    private final long start;
    private final AtomicLong done = new AtomicLong();
    private volatile long lastPrint;
    private boolean printed;

    Progress(String unit, long total, PrintWriter err, boolean live, LongSupplier nanoClock) {
        this.unit = unit;
        this.total = total;
        this.err = err;
        this.live = live;
        this.clock = nanoClock;
        this.start = nanoClock.getAsLong();
        this.lastPrint = start;
    }

    /** A progress line that is redrawn in place when stderr is a terminal. */
    static Progress onStderr(String unit, long total, PrintWriter err) {
        return new Progress(unit, total, err, System.console() != null, System::nanoTime);
    }

    /** One more item done. */
    void advance() {
        long count = done.incrementAndGet();
        long now = clock.getAsLong();
        if (now - lastPrint >= (live ? LIVE_INTERVAL : LOG_INTERVAL)) {
            synchronized (this) {
                if (now - lastPrint >= (live ? LIVE_INTERVAL : LOG_INTERVAL)) {
                    lastPrint = now;
                    print(line(count, now - start));
                }
            }
        }
    }

    /** Ends the progress line; on a terminal with the final count. */
    synchronized void finish() {
        if (live) {
            print(line(done.get(), clock.getAsLong() - start));
        }
        if (live && printed) {
            err.println();
            err.flush();
        }
    }

    private void print(String line) {
        if (live) {
            err.print("\r" + line + "\u001b[K"); // erase what a longer earlier line left
        } else {
            err.println(line);
        }
        err.flush();
        printed = true;
    }

    /** e.g. {@code 400/807 images  61%  130.2/s  ETA 0:03}. */
    String line(long count, long elapsedNanos) {
        double seconds = elapsedNanos / 1e9;
        double rate = seconds > 0 ? count / seconds : 0;
        StringBuilder s = new StringBuilder();
        s.append(count).append('/').append(total).append(' ').append(unit);
        if (total > 0) {
            s.append(String.format(Locale.ROOT, " %3d%%", 100 * count / total));
        }
        s.append(String.format(Locale.ROOT, " %.1f/s", rate));
        if (rate > 0 && count < total) {
            s.append(" ETA ").append(clockTime(Math.round((total - count) / rate)));
        } else if (count >= total) {
            s.append(" in ").append(clockTime(Math.round(seconds)));
        }
        return s.toString();
    }

    /** Seconds as {@code m:ss}, or {@code h:mm:ss} from an hour on. */
    static String clockTime(long seconds) {
        long h = seconds / 3600;
        long m = seconds / 60 % 60;
        long s = seconds % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s) : String.format(Locale.ROOT, "%d:%02d", m, s);
    }
}
