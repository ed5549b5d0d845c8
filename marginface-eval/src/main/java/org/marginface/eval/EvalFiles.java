package org.marginface.eval;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes evaluation results: summaries as JSON (snake_case keys), LFW per-pair scores as CSV. */
public final class EvalFiles {

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private EvalFiles() {}

    /** A file beside a result JSON: {@code out/lfw.json} with {@code -roc.png} is {@code out/lfw-roc.png}. */
    public static Path sibling(Path json, String suffix) {
        String name = json.getFileName().toString();
        String stem = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
        return json.resolveSibling(stem + suffix);
    }

    /** The mapper that writes and reads the result records. */
    public static ObjectMapper json() {
        return JSON;
    }

    /**
     * Writes through a temporary file and a rename, so that a result file that exists is whole: scripts
     * that skip evaluations whose JSON is there (scripts/study.sh) may then trust it.
     */
    public static void writeJson(Object result, Path file) throws IOException {
        createParent(file);
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        JSON.writeValue(partial.toFile(), result);
        try {
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    public static <T> T readJson(Path file, Class<T> type) throws IOException {
        return JSON.readValue(file.toFile(), type);
    }

    /**
     * One row per pair in pairs.txt order: {@code line,first,second,same,fold,<score name>,correct},
     * images relative to the pairs' image root, the score as held out with its fold.
     */
    public static void writePairScores(LfwEvaluation evaluation, LfwPairs pairs, Path csv) throws IOException {
        createParent(csv);
        try (BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            out.write("line,first,second,same,fold," + evaluation.result().scoreName() + ",correct\n");
            for (PairScore s : evaluation.pairScores()) {
                LfwPair p = s.pair();
                out.write(p.line() + "," + pairs.relative(p.first()) + "," + pairs.relative(p.second())
                        + "," + p.same() + "," + p.fold() + "," + s.score() + "," + s.correct() + "\n");
            }
        }
    }

    static void createParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }
}
