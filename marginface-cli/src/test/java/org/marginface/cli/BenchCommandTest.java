package org.marginface.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {

    @TempDir
    Path tmp;

    /** Both engines are timed at both batch sizes, and every share is of the best of the four limit parts. */
    @Test
    void timesBothEnginesAgainstOneLimit() throws Exception {
        Path out = tmp.resolve("bench.json");
        assertEquals(0, Main.run("bench", "--backbone", "sphereface4", "--rounds", "1", "--steps", "1", "--batch", "4",
                "--matrix", "256", "--skip-training", "--out", out.toString()));
        JsonNode r = new ObjectMapper().readTree(out.toFile());
        JsonNode parts = r.get("limit_parts_gflops");
        assertEquals(List.of("matmul_libtorch", "conv_libtorch", "matmul_onnxruntime", "conv_onnxruntime"),
                iterable(parts.fieldNames()));
        double best = 0;
        for (JsonNode p : parts) {
            best = Math.max(best, p.asDouble());
        }
        assertEquals(best, r.get("limit_gflops").asDouble(), 0);
        for (String key : List.of("inference_batch4", "inference_batch1", "onnxruntime_inference_batch4",
                "onnxruntime_inference_batch1")) {
            JsonNode row = r.get(key);
            assertTrue(row.get("images_per_second").asDouble() > 0, key);
            assertEquals(row.get("gflops").asDouble() / best, row.get("share_of_limit").asDouble(), 1e-12, key);
        }
        assertTrue(r.has("onnxruntime_over_libtorch_batch4"));
    }

    /** --breakdown gives the five phases of a step, --profile libtorch's operations; --skip-limit leaves out the limit and its shares. */
    @Test
    void breaksTheTrainingStepDown() throws Exception {
        Path out = tmp.resolve("bench.json");
        Path trace = tmp.resolve("trace.json");
        assertEquals(0, Main.run("bench", "--backbone", "sphereface4", "--rounds", "1", "--steps", "1", "--batch", "4",
                "--classes", "10", "--skip-onnx", "--skip-limit", "--breakdown", "--profile", trace.toString(),
                "--out", out.toString()));
        JsonNode r = new ObjectMapper().readTree(out.toFile());
        assertTrue(!r.has("limit_gflops") && !r.get("training_step").has("share_of_limit"));
        assertEquals(List.of("trunk forward", "head forward and loss", "backward (head and trunk)",
                "metrics (loss value, accuracy, feature norm)", "SGD update"),
                iterable(r.get("training_step_phases_ms").fieldNames()));
        JsonNode ops = r.get("profile_self_ms");
        assertTrue(ops.has("aten::convolution_backward") || ops.has("aten::mkldnn_convolution_backward"), ops.toString());
        assertTrue(java.nio.file.Files.size(trace) > 0);
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> list = new java.util.ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }
}
