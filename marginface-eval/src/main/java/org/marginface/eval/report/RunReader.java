package org.marginface.eval.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.marginface.eval.EvalFiles;
import org.marginface.eval.IdentificationResult;
import org.marginface.eval.NormStudyResult;
import org.marginface.eval.VerificationResult;

/**
 * Reads a run directory for a report. Parts that are absent are left empty (the report says so);
 * parts that are present but unreadable are errors naming the file, since a report that silently
 * drops a broken evaluation would look like one that was never run.
 */
public final class RunReader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunReader() {}

    public static RunContents read(Path run) throws IOException {
        if (!Files.isDirectory(run)) {
            throw new NoSuchFileException(run.toString(), null, "no such run directory");
        }
        Path configFile = run.resolve(RunLayout.CONFIG);
        Path metricsFile = run.resolve(RunLayout.METRICS);
        if (!Files.exists(configFile) && !Files.exists(metricsFile)) {
            throw new IOException(run + " is not a training run: it has neither " + RunLayout.CONFIG
                    + " nor " + RunLayout.METRICS);
        }
        Optional<String> yaml = Optional.empty();
        JsonNode config = MissingNode.getInstance();
        if (Files.exists(configFile)) {
            yaml = Optional.of(Files.readString(configFile, StandardCharsets.UTF_8));
            try {
                JsonNode parsed = YAML.readTree(yaml.get());
                config = parsed == null ? MissingNode.getInstance() : parsed;
            } catch (JsonProcessingException e) {
                throw new IOException(configFile + ": not valid YAML: " + e.getOriginalMessage(), e);
            }
        }
        List<TrainingPoint> training = new ArrayList<>();
        List<TrainingEvaluation> evaluations = new ArrayList<>();
        if (Files.exists(metricsFile)) {
            readMetrics(metricsFile, training, evaluations);
        }
        String name = config.path("name").asText("");
        Path fileName = run.toAbsolutePath().normalize().getFileName();
        if (name.isBlank()) {
            name = fileName == null ? run.toString() : fileName.toString();
        }
        return new RunContents(run, name, yaml, config, training, evaluations,
                readLfw(RunLayout.evalFile(run, RunLayout.LFW)),
                readIdentification(RunLayout.evalFile(run, RunLayout.IDENTIFY)),
                readNorms(RunLayout.evalFile(run, RunLayout.NORMS)));
    }

    private static void readMetrics(Path file, List<TrainingPoint> training, List<TrainingEvaluation> evaluations)
            throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (JsonProcessingException e) {
                if (i == lines.size() - 1) {
                    break; // the last line of a run killed mid-write: the run itself drops it on resume
                }
                throw new IOException(file + " line " + (i + 1) + ": not JSON: " + e.getOriginalMessage(), e);
            }
            if (!node.isObject() || !node.path("iteration").canConvertToLong()) {
                throw new IOException(file + " line " + (i + 1) + ": not a metrics line (no iteration)");
            }
            long iteration = node.get("iteration").asLong();
            JsonNode evaluation = node.path("evaluation");
            if (evaluation.isObject()) {
                Map<String, Double> values = new LinkedHashMap<>();
                evaluation.fields().forEachRemaining(f -> values.put(f.getKey(), number(f.getValue())));
                evaluations.add(new TrainingEvaluation(iteration, values));
            } else if (node.has("loss")) {
                training.add(new TrainingPoint(iteration, number(node.get("loss")), number(node.get("accuracy")),
                        number(node.get("lr")), number(node.get("imagesPerSecond")), number(node.get("featureNorm"))));
            }
        }
    }

    private static double number(JsonNode value) {
        return value != null && value.isNumber() ? value.asDouble() : Double.NaN;
    }

    private static Optional<LfwFile> readLfw(Path file) throws IOException {
        JsonNode root = readEvalJson(file);
        if (root == null) {
            return Optional.empty();
        }
        Map<String, VerificationResult> results = new LinkedHashMap<>();
        // eval lfw writes one protocol's fields at the top level, several under "results"
        if (root.path("results").isObject()) {
            var fields = root.get("results").fields();
            while (fields.hasNext()) {
                var field = fields.next();
                results.put(field.getKey(), convert(file, field.getValue(), VerificationResult.class));
            }
        } else {
            VerificationResult result = convert(file, root, VerificationResult.class);
            results.put(result.protocol() == null ? "?" : result.protocol().label(), result);
        }
        if (results.isEmpty()) {
            throw new IOException(file + ": holds no LFW results");
        }
        return Optional.of(new LfwFile(file, model(root), results));
    }

    private static Optional<IdentificationFile> readIdentification(Path file) throws IOException {
        JsonNode root = readEvalJson(file);
        if (root == null) {
            return Optional.empty();
        }
        IdentificationResult result = convert(file, required(file, root, "result"), IdentificationResult.class);
        if (result.levels().isEmpty()) {
            throw new IOException(file + ": the identification result has no distractor levels");
        }
        return Optional.of(new IdentificationFile(file, model(root), result));
    }

    private static Optional<NormsFile> readNorms(Path file) throws IOException {
        JsonNode root = readEvalJson(file);
        if (root == null) {
            return Optional.empty();
        }
        NormStudyResult study = convert(file, required(file, root, "study"), NormStudyResult.class);
        if (study.levels().isEmpty()) {
            throw new IOException(file + ": the norm study has no levels");
        }
        return Optional.of(new NormsFile(file, model(root), study));
    }

    private static JsonNode readEvalJson(Path file) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        try {
            JsonNode root = EvalFiles.json().readTree(file.toFile());
            if (root == null || !root.isObject()) {
                throw new IOException(file + ": not a JSON object");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static JsonNode required(Path file, JsonNode root, String field) throws IOException {
        JsonNode node = root.path(field);
        if (!node.isObject()) {
            throw new IOException(file + ": no \"" + field + "\" object");
        }
        return node;
    }

    private static <T> T convert(Path file, JsonNode node, Class<T> type) throws IOException {
        try {
            return EvalFiles.json().treeToValue(node, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new IOException(file + ": not a " + type.getSimpleName() + ": " + why, e);
        }
    }

    /** The evaluated model's path and, from its manifest, the backbone and whether it was trained. */
    private static EvaluatedModel model(JsonNode root) {
        JsonNode backbone = root.path("manifest").path("backbone");
        String description = "";
        if (backbone.isObject()) {
            description = backbone.path("family").asText("?") + backbone.path("depth").asText("") + ", "
                    + backbone.path("input_height").asText("?") + "x" + backbone.path("input_width").asText("?")
                    + ", " + backbone.path("embedding_size").asText("?") + "-d";
            JsonNode training = root.path("manifest").path("training");
            description += training.isMissingNode() || training.isNull()
                    ? "; its manifest records no training (an untrained model)" : "; trained";
        }
        JsonNode onnx = root.path("manifest").path("onnx");
        if (onnx.isObject()) {
            JsonNode input = root.path("manifest").path("input");
            description = "imported ONNX graph " + onnx.path("name").asText("?") + ", "
                    + input.path("height").asText("?") + "x" + input.path("width").asText("?") + ", "
                    + onnx.path("embeddingSize").asText("?") + "-d, mean " + input.path("mean") + " std "
                    + input.path("std") + ", " + input.path("channels").asText("?");
        }
        return new EvaluatedModel(root.path("model").asText("?"), description);
    }
}
