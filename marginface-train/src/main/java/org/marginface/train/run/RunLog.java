package org.marginface.train.run;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The run directory's {@code train.log}, whose lines also go to the application log. */
final class RunLog implements AutoCloseable {

    static final String FILE_NAME = "train.log";
    private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);

    private final Path file;
    private final BufferedWriter out;

    RunLog(Path runDir) throws IOException {
        file = runDir.resolve(FILE_NAME);
        out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    void info(String message) {
        LOG.info(message);
        append("INFO", message);
    }

    void warn(String message) {
        LOG.warn(message);
        append("WARN", message);
    }

    /** Logs an error; a failure to write train.log (a full disk, say) does not hide the error itself. */
    void errorIfPossible(String message) {
        LOG.error(message);
        try {
            append("ERROR", message);
        } catch (UncheckedIOException e) {
            LOG.warn("{} could not be written: {}", FILE_NAME, e.getCause().getMessage());
        }
    }

    private void append(String level, String message) {
        try {
            out.write(Instant.now().truncatedTo(ChronoUnit.SECONDS) + " " + level + " " + message);
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException("writing " + file + ": " + e.getMessage(), e));
        }
    }

    @Override
    public void close() throws IOException {
        try {
            out.close();
        } catch (IOException e) {
            // the lines were flushed as they were written; what is left to flush failed already and was reported
        }
    }
}
