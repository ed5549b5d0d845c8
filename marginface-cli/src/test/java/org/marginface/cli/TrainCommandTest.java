package org.marginface.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Command-line errors of {@code train}: one line naming what is wrong, exit code 2, nothing trained. */
class TrainCommandTest {

    @TempDir
    Path tmp;

    private String runExpectingError(String... args) {
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertEquals(2, Main.run(args));
        } finally {
            System.setErr(original);
        }
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void configErrorsNameTheKey() throws Exception {
        Path config = tmp.resolve("c.yaml");
        Files.writeString(config, "optimizer: {lr: 0.1}\n");
        Path out = tmp.resolve("run");
        String message = runExpectingError("train", "--config", config.toString(), "--set", "optimizer.momentun=0.5",
                "--out", out.toString());
        assertTrue(message.contains("error: ") && message.contains("'optimizer.momentun'"), message);
        message = runExpectingError("train", "--config", config.toString(), "--set", "batch.size=many",
                "--out", out.toString());
        assertTrue(message.contains("'batch.size'"), message);
        assertFalse(Files.exists(out), "nothing was written");
    }

    @Test
    void resumeRefusesAChangedConfigAndNeedsARunDirectory() {
        String message = runExpectingError("train", "--resume", tmp.toString(), "--set", "optimizer.lr=1");
        assertTrue(message.startsWith("error: --resume takes the run's own config.yaml: do not combine it with "
                + "--config, --out or --set"), message);
        message = runExpectingError("train", "--resume", tmp.resolve("nothing").toString());
        assertTrue(message.contains("not a run directory"), message);
    }

    /** Issue 17 item 8: an --out that cannot be made says why, not just the path. */
    @Test
    void anOutThatCannotBeCreatedIsExplained() throws Exception {
        Path config = tmp.resolve("c.yaml");
        Files.writeString(config, "optimizer: {lr: 0.1}\n");
        String message = runExpectingError("train", "--config", config.toString(), "--out", "/proc/x");
        // one line, with the reason the file system gave in words
        assertTrue(message.matches("error: --out /proc/x: cannot create the run directory there \\([a-z][^()]*[a-z]\\)\\R"),
                message);
        assertFalse(message.contains("Exception"), message);
    }
}
