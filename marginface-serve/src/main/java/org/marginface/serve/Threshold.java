package org.marginface.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.marginface.core.model.Manifest;

/**
 * The cosine similarity at or above which the service calls two faces the same person
 * ({@link org.marginface.core.embed.CosineThreshold#samePerson}), and where it came from: the
 * configuration, or the model's LFW evaluation ({@code marginface eval lfw --out RUN/eval/lfw.json}
 * records the thresholds at FAR 1e-3, FAR 1e-4 and at the best accuracy, chosen under that same
 * rule; the service looks for that file beside {@code RUN/model} and takes the one at FAR 1e-3), else
 * a fallback.
 */
public record Threshold(double value, String source) {

    /** A threshold that suits no model in particular, for a model without an evaluation. */
    public static final double FALLBACK = 0.35;
    /** The false accept rate of the evaluation's operating point the service uses. */
    static final double SERVICE_FAR = 1e-3;

    public Threshold {
        if (!(value >= -1 && value <= 1)) {
            throw new IllegalArgumentException("threshold must lie in [-1, 1], got " + value);
        }
    }

    /** The evaluation of the model in {@code modelDir}, where {@code eval lfw --out RUN/eval/lfw.json} puts it. */
    public static Path evaluationOf(Path modelDir) {
        Path run = modelDir.toAbsolutePath().normalize().getParent();
        return (run == null ? modelDir : run).resolve("eval").resolve("lfw.json");
    }

    /**
     * The configured threshold, else the one of the model's evaluation (when it is of this model, by
     * fingerprint, and embedded as the service does, image and mirror summed), else {@link #FALLBACK}.
     */
    public static Threshold resolve(Double configured, Path evaluation, String modelFingerprint) throws IOException {
        if (configured != null) {
            return new Threshold(configured, "the configuration (threshold)");
        }
        if (!Files.isRegularFile(evaluation)) {
            return new Threshold(FALLBACK, "the built-in default: no threshold in the configuration and no evaluation at "
                    + evaluation + " (run marginface eval lfw --out " + evaluation + ")");
        }
        JsonNode report;
        try {
            report = new ObjectMapper().readTree(evaluation.toFile());
        } catch (IOException e) {
            throw new IOException(evaluation + ": not a readable evaluation: " + e.getMessage(), e);
        }
        String fingerprint = fingerprintOf(report.path("manifest"));
        if (!fingerprint.equals(modelFingerprint)) {
            return new Threshold(FALLBACK, "the built-in default: the evaluation " + evaluation + " is of model "
                    + (fingerprint.isEmpty() ? "unknown" : fingerprint) + ", not " + modelFingerprint);
        }
        if (!report.path("flip").asText("sum").equals("sum")) {
            return new Threshold(FALLBACK, "the built-in default: the evaluation " + evaluation + " used --flip "
                    + report.path("flip").asText() + ", the service sums image and mirror");
        }
        Optional<Double> value = thresholds(report).flatMap(Threshold::atFar1e3);
        if (value.isEmpty()) {
            return new Threshold(FALLBACK, "the built-in default: the evaluation " + evaluation
                    + " records no thresholds (written before eval lfw did; run it again)");
        }
        return new Threshold(value.get(), String.format(Locale.ROOT, "the model's LFW evaluation %s (FAR 1e-3)",
                evaluation));
    }

    /**
     * The fingerprint of the model the evaluation is of, as {@link Manifest#fingerprint} derives it
     * (the weights file's digest, first 16 hex digits) from the manifest the evaluation records (its
     * fields in snake case, without the derived fingerprint); empty when it records none.
     */
    static String fingerprintOf(JsonNode manifest) {
        String weights = manifest.path("onnx").path("file").asText(Manifest.BACKBONE_FILE);
        String digest = manifest.path("files").path(weights).asText("");
        return digest.length() < 16 ? "" : digest.substring(0, 16);
    }

    /** The threshold of the operating point at FAR 1e-3 in the evaluation's {@code thresholds.at_far}. */
    private static Optional<Double> atFar1e3(JsonNode thresholds) {
        for (JsonNode point : thresholds.path("at_far")) {
            if (point.path("far").asDouble() == SERVICE_FAR && point.path("threshold").isNumber()) {
                return Optional.of(point.get("threshold").asDouble());
            }
        }
        return Optional.empty();
    }

    /**
     * The report's thresholds: at its top level (where {@code eval lfw} writes them for any number of
     * protocols), else those of the sphereface protocol or the insightface protocol under {@code results}
     * (where reports of several protocols held them before they were computed once per model).
     */
    private static Optional<JsonNode> thresholds(JsonNode report) {
        if (report.path("thresholds").isObject()) {
            return Optional.of(report.get("thresholds"));
        }
        JsonNode results = report.path("results");
        for (String protocol : new String[] {"sphereface", "insightface"}) {
            if (results.path(protocol).path("thresholds").isObject()) {
                return Optional.of(results.path(protocol).get("thresholds"));
            }
        }
        return Optional.empty();
    }
}
