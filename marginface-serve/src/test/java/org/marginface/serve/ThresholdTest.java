package org.marginface.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThresholdTest {

    @TempDir
    Path run;

    /** The digest of a weights file whose fingerprint is {@code fingerprint} (its first 16 hex digits). */
    private static String digest(String fingerprint) {
        return (fingerprint + "0".repeat(64)).substring(0, 64);
    }

    /** The manifest as eval lfw records it (snake case, no fingerprint field) of a trained model. */
    private static String manifest(String fingerprint) {
        return "{\"format_version\": 1, \"files\": {\"backbone.params\": \"" + digest(fingerprint) + "\"}}";
    }

    private Path evaluation(String fingerprint, String flip, String thresholds) throws IOException {
        Path file = Threshold.evaluationOf(run.resolve("model"));
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"accuracy\": 0.97, \"thresholds\": " + thresholds + ", \"manifest\": "
                + manifest(fingerprint) + ", \"flip\": \"" + flip + "\"}");
        return file;
    }

    private static final String RECORDED = "{\"score\": \"cosine of the L2-normalised features\", \"at_far\": ["
            + "{\"far\": 0.001, \"tar\": 0.9, \"threshold\": 0.4321, \"achieved_far\": 0.001},"
            + "{\"far\": 1.0E-4, \"tar\": 0.8, \"threshold\": 0.51, \"achieved_far\": 0.0}],"
            + " \"best_accuracy_threshold\": 0.3, \"best_accuracy\": 0.97}";

    @Test
    void theModelsEvaluationGivesTheThresholdAtFar1e3AndSaysSo() throws IOException {
        Path file = evaluation("abc123abc123abc1", "sum", RECORDED);
        assertEquals(run.resolve("eval").resolve("lfw.json").toAbsolutePath(), file.toAbsolutePath());
        Threshold t = Threshold.resolve(null, file, "abc123abc123abc1");
        assertEquals(0.4321, t.value());
        assertTrue(t.source().contains(file.toString()) && t.source().contains("FAR 1e-3"), t.source());
    }

    @Test
    void theConfigurationWinsAndAnotherModelsEvaluationIsNotUsed() throws IOException {
        Path file = evaluation("abc123abc123abc1", "sum", RECORDED);
        Threshold configured = Threshold.resolve(0.6, file, "abc123abc123abc1");
        assertEquals(0.6, configured.value());
        assertTrue(configured.source().contains("configuration"), configured.source());
        Threshold other = Threshold.resolve(null, file, "def456def456def4");
        assertEquals(Threshold.FALLBACK, other.value());
        assertTrue(other.source().contains("def456def456def4") && other.source().contains("abc123abc123abc1"), other.source());
        Threshold concat = Threshold.resolve(null, evaluation("abc123abc123abc1", "concat", RECORDED), "abc123abc123abc1");
        assertEquals(Threshold.FALLBACK, concat.value());
        Threshold old = Threshold.resolve(null, evaluation("abc123abc123abc1", "sum", "null"), "abc123abc123abc1");
        assertEquals(Threshold.FALLBACK, old.value());
        assertTrue(old.source().contains("records no thresholds"), old.source());
    }

    @Test
    void withoutAnEvaluationTheFallbackSaysWhereItLooked() throws IOException {
        Path missing = Threshold.evaluationOf(run.resolve("model"));
        Threshold t = Threshold.resolve(null, missing, "abc123abc123abc1");
        assertEquals(Threshold.FALLBACK, t.value());
        assertTrue(t.source().contains(missing.toString()) && t.source().contains("eval lfw"), t.source());
    }

    @Test
    void anEvaluationOfBothProtocolsGivesItsThreshold() throws IOException {
        Path file = Threshold.evaluationOf(run.resolve("model"));
        Files.createDirectories(file.getParent());
        String results = "\"results\": {\"sphereface\": {\"accuracy\": 0.97}, \"insightface\": {\"accuracy\": 0.96}}";
        // as eval lfw --protocol both writes it: the source, the thresholds once, the protocols' results
        Files.writeString(file, "{\"manifest\": " + manifest("abc123abc123abc1") + ", \"flip\": \"sum\", \"thresholds\": "
                + RECORDED + ", " + results + "}");
        assertEquals(0.4321, Threshold.resolve(null, file, "abc123abc123abc1").value());
        // as reports of both protocols held them before: under each protocol's result
        Files.writeString(file, "{\"manifest\": " + manifest("abc123abc123abc1") + ", \"flip\": \"sum\", \"results\": {"
                + "\"sphereface\": {\"accuracy\": 0.97, \"thresholds\": " + RECORDED + "},"
                + "\"insightface\": {\"accuracy\": 0.96, \"thresholds\": " + RECORDED.replace("0.4321", "0.9") + "}}}");
        Threshold older = Threshold.resolve(null, file, "abc123abc123abc1");
        assertEquals(0.4321, older.value());
        assertTrue(older.source().contains("FAR 1e-3"), older.source());
    }

    @Test
    void anImportedModelsEvaluationIsRecognisedByItsOnnxFilesDigest() throws IOException {
        Path file = Threshold.evaluationOf(run.resolve("model"));
        Files.createDirectories(file.getParent());
        String onnx = "{\"format_version\": 1, \"files\": {\"model.onnx\": \"" + digest("f055d9c9a4d826d1")
                + "\"}, \"onnx\": {\"file\": \"model.onnx\", \"name\": \"mobilefacenet\"}}";
        Files.writeString(file, "{\"manifest\": " + onnx + ", \"flip\": \"sum\", \"thresholds\": " + RECORDED + "}");
        assertEquals(0.4321, Threshold.resolve(null, file, "f055d9c9a4d826d1").value());
    }
}
