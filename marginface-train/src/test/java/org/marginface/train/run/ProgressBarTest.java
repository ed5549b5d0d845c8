package org.marginface.train.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    @Test
    void showsIterationLossAccuracyRateThroughputAndEta() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, 100);
        for (int i = 1; i <= 100; i++) {
            bar.update(i, 5.25, 0.5, 0.01, 2.0, 32);
        }
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(50, lines.length, "into a file: a line every 2% of the run");
        assertEquals("50/100 [============>           ] loss 5.2500 acc 0.500 lr 0.010 16.0 img/s ETA 1:40", lines[24]);
        assertTrue(lines[49].startsWith("100/100 [========================]") && lines[49].endsWith("ETA 0:00"), lines[49]);
    }

    @Test
    void formatsLongDurationsWithHours() {
        assertEquals("1:01:01", ProgressBar.duration(3661));
        assertEquals("0:59", ProgressBar.duration(59));
    }
}
