package org.marginface.train.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code metrics.jsonl}: one JSON object per line, each with an {@code iteration}. Lines are flushed
 * as they are written, so a killed run keeps every finished step; on resume, the lines after the
 * checkpoint are dropped, since the resumed run writes them again.
 */
public final class MetricsLog implements AutoCloseable {

    public static final String FILE_NAME = "metrics.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final BufferedWriter out;

    private MetricsLog(Path file, BufferedWriter out) {
        this.file = file;
        this.out = out;
    }

    /** Opens the log for appending, first dropping lines of iterations after {@code keepThrough}. */
    public static MetricsLog open(Path file, long keepThrough) throws IOException {
        if (Files.exists(file)) {
            List<String> kept = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (IOException e) {
                    break; // a line cut short by a kill: everything after it is gone too
                }
                if (node.path("iteration").asLong(Long.MAX_VALUE) <= keepThrough) {
                    kept.add(line);
                }
            }
            Files.write(file, kept, StandardCharsets.UTF_8);
        }
        return new MetricsLog(file, Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND));
    }

    public static ObjectNode line(long iteration) {
        return JSON.createObjectNode().put("iteration", iteration);
    }

    public void write(ObjectNode line) throws IOException {
        try {
            out.write(JSON.writeValueAsString(line));
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new IOException("writing " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads all lines of a metrics file (for tests and reports). */
    public static List<JsonNode> read(Path file) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }

    @Override
    public void close() throws IOException {
        try {
            out.close();
        } catch (IOException e) {
            // every line was flushed as it was written; a failure to flush was reported then
        }
    }
}
