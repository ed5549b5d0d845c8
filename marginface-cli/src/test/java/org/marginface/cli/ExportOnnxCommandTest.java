package org.marginface.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.onnxruntime.OrtSession;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.marginface.core.backbone.BackboneSpec;
import org.marginface.core.head.HeadSpecs;
import org.marginface.core.image.FaceImages;
import org.marginface.core.model.FaceModel;
import org.marginface.core.model.ModelDirectory;
import org.marginface.core.testing.OrtFeatures;
import org.marginface.core.testing.TestData;
import org.marginface.train.TrainingStep;

/**
 * {@code export onnx} end to end: a seeded {@code init} model and a trained one, written by the
 * command and run by ONNX Runtime, give libtorch's features on 100 LFW crops within 1e-4.
 */
class ExportOnnxCommandTest {

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "sphereface{0} init")
    @ValueSource(ints = {4, 20})
    void seededInitModelRoundTrips(int depth) throws Exception {
        Path dir = tmp.resolve("init");
        assertEquals(0, Main.run("init", "--backbone", "sphereface" + depth, "--seed", "11", "--out", dir.toString()));
        assertRoundTrip(dir);
    }

    @ParameterizedTest(name = "sphereface{0} trained")
    @ValueSource(ints = {4, 20})
    void trainedModelRoundTrips(int depth) throws Exception {
        Path dir = tmp.resolve("trained");
        try (FaceModel model = FaceModel.create(BackboneSpec.sphereface(depth), HeadSpecs.of("amsoftmax", Map.of()), 20, 5)) {
            float[] initialSlopes = firstSlopes(model);
            trainOnCeleba(model, 4);
            // training moved the weights away from the seeded ones, PReLU slopes included
            assertTrue(!Arrays.equals(initialSlopes, firstSlopes(model)), "training left the PReLU slopes unchanged");
            ModelDirectory.save(model, dir);
        }
        assertRoundTrip(dir);
    }

    /** The graph takes input scaled as the model's manifest says, which is not always the paper's scaling. */
    @Test
    void theHelpSaysTheScalingComesFromTheManifest() {
        String help = new picocli.CommandLine(new ExportOnnxCommand()).getUsageMessage(picocli.CommandLine.Help.Ansi.OFF)
                .replaceAll("\\s+", " ");
        assertTrue(help.contains("scaled and in the channel order of the model's manifest (field 'input')"), help);
        assertTrue(!help.contains("127.5"), help);
    }

    @Test
    void badInputGivesOneLine() throws Exception {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true));
        try {
            Path missing = tmp.resolve("no-such-model");
            assertEquals(2, Main.run("export", "onnx", "--model", missing.toString(), "--out", tmp.resolve("m.onnx").toString()));
            assertOneErrorLine(captured, missing + " is not a model directory");
            assertTrue(Files.notExists(tmp.resolve("m.onnx")));

            Path dir = tmp.resolve("m");
            assertEquals(0, Main.run("init", "--backbone", "sphereface4", "--out", dir.toString()));
            Files.writeString(tmp.resolve("a-file"), "x");
            Path unwritable = tmp.resolve("a-file/m.onnx");
            captured.reset();
            assertEquals(2, Main.run("export", "onnx", "--model", dir.toString(), "--out", unwritable.toString()));
            assertOneErrorLine(captured, "cannot write " + unwritable + ": ");
            captured.reset();
            assertEquals(2, Main.run("export", "onnx", "--model", dir.toString(), "--out", tmp.toString()));
            assertOneErrorLine(captured, "cannot write " + tmp + ": it is a directory");
        } finally {
            System.setErr(err);
        }
    }

    private static void assertOneErrorLine(ByteArrayOutputStream captured, String expected) {
        List<String> lines = captured.toString().lines().filter(l -> !l.isBlank() && !l.startsWith("[")).toList();
        assertEquals(1, lines.size(), captured.toString());
        assertTrue(lines.get(0).startsWith("error: " + expected), lines.get(0));
    }

    private void assertRoundTrip(Path dir) throws Exception {
        Path file = tmp.resolve("model.onnx");
        assertEquals(0, Main.run("export", "onnx", "--model", dir.toString(), "--out", file.toString()));
        float[] crops = OrtFeatures.lfwCrops(100);
        try (FaceModel model = ModelDirectory.load(dir); OrtSession session = OrtFeatures.open(file)) {
            assertEquals(model.spec().name(), session.getMetadata().getCustomMetadata().get("marginface.backbone"));
            OrtFeatures.assertAgree(model, session, crops, 100);
        }
    }

    private static float[] firstSlopes(FaceModel model) {
        return model.backbone().getParameters().stream()
                .filter(p -> p.getKey().endsWith("slope")).findFirst().orElseThrow()
                .getValue().getArray().toFloatArray();
    }

    /** A few SGD steps on the first 20 CelebA identities' crops (a batch of 16 each step). */
    private static void trainOnCeleba(FaceModel model, int steps) throws Exception {
        Path list = TestData.require("celeba/celeba-112x96-list.txt");
        Path root = list.getParent().resolve("celeba-112x96");
        List<String[]> rows = Files.readAllLines(list).stream().map(l -> l.split(" "))
                .filter(r -> Integer.parseInt(r[1]) < 20).toList();
        int batch = 16;
        try (TrainingStep step = new TrainingStep(model, 0.9, 5e-4)) {
            for (int s = 0; s < steps; s++) {
                float[] x = new float[batch * 3 * 112 * 96];
                long[] y = new long[batch];
                for (int i = 0; i < batch; i++) {
                    String[] row = rows.get((s * batch + i) * 7 % rows.size());
                    float[] chw = org.marginface.core.model.ModelInput.defaultFor(org.marginface.core.backbone.BackboneSpec.sphereface(4)).planes(FaceImages.read(root.resolve(row[0])));
                    System.arraycopy(chw, 0, x, i * chw.length, chw.length);
                    y[i] = Long.parseLong(row[1]);
                }
                try (NDManager m = model.manager().newSubManager()) {
                    step.step(m.create(x, new Shape(batch, 3, 112, 96)), m.create(y).toType(DataType.INT64, false), 0.05, s, 1);
                }
            }
        }
    }
}
