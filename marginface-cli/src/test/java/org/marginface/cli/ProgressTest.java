package org.marginface.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aLineGivesCountShareRateAndTimeLeft() {
        Progress progress = new Progress("images", 807, new PrintWriter(new StringWriter()), false, () -> 0);
        assertEquals("400/807 images  49% 100.0/s ETA 0:04", progress.line(400, 4 * SECOND));
        assertEquals("807/807 images 100% 201.8/s in 0:04", progress.line(807, 4 * SECOND));
        assertEquals("0/807 images   0% 0.0/s", progress.line(0, 0));
    }

    @Test
    void clockTimeHasHoursOnlyWhenNeeded() {
        assertEquals("0:07", Progress.clockTime(7));
        assertEquals("12:00", Progress.clockTime(720));
        assertEquals("2:00:05", Progress.clockTime(7205));
    }

    @Test
    void inALogALineIsPrintedEveryHalfMinuteAndNothingAtTheEnd() {
        AtomicLong now = new AtomicLong();
        StringWriter text = new StringWriter();
        Progress progress = new Progress("rows", 100, new PrintWriter(text), false, now::get);
        for (int i = 0; i < 100; i++) {
            now.addAndGet(SECOND);
            progress.advance();
        }
        progress.finish();
        String[] lines = text.toString().split("\\R");
        assertEquals(3, lines.length, text.toString());
        assertEquals("30/100 rows  30% 1.0/s ETA 1:10", lines[0]);
    }

    @Test
    void onATerminalTheLineIsRedrawnInPlaceAndEndedOnce() {
        AtomicLong now = new AtomicLong();
        StringWriter text = new StringWriter();
        Progress progress = new Progress("rows", 3, new PrintWriter(text), true, now::get);
        for (int i = 0; i < 3; i++) {
            now.addAndGet(SECOND);
            progress.advance();
        }
        progress.finish();
        String shown = text.toString();
        assertEquals(4, shown.chars().filter(c -> c == '\r').count(), shown);
        assertEquals(1, shown.chars().filter(c -> c == '\n').count(), shown);
        assertTrue(shown.endsWith("3/3 rows 100% 1.0/s in 0:03\u001b[K" + System.lineSeparator()), shown);
    }
}
