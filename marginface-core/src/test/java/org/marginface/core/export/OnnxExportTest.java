package org.marginface.core.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.marginface.core.backbone.BackboneSpec;
import org.marginface.core.export.onnx.OnnxModel.ModelProto;
import org.marginface.core.model.FaceModel;
import org.marginface.core.testing.OrtFeatures;

class OnnxExportTest {

    @TempDir
    Path tmp;

    static Stream<Arguments> backbones() {
        return Stream.of(4, 10, 20, 36, 64).flatMap(depth -> Stream.of(
                Arguments.of(depth, 112, 96), Arguments.of(depth, 112, 112)));
    }

    /** Every SphereFace depth at both input sizes: ONNX Runtime gives libtorch's features at two batch sizes. */
    @ParameterizedTest(name = "sphereface{0} {1}x{2}")
    @MethodSource("backbones")
    void onnxRuntimeGivesTheFeaturesOfLibtorch(int depth, int height, int width) throws Exception {
        BackboneSpec spec = new BackboneSpec("sphereface", depth, height, width, 512);
        Path file = tmp.resolve("m.onnx");
        try (FaceModel model = FaceModel.create(spec, null, 0, depth * 31L + width)) {
            OnnxExport.write(model, file);
            try (OrtSession session = OrtFeatures.open(file)) {
                NodeInfo in = session.getInputInfo().get(OnnxExport.INPUT_NAME);
                NodeInfo out = session.getOutputInfo().get(OnnxExport.OUTPUT_NAME);
                assertArrayEquals(new long[] {-1, 3, height, width}, ((TensorInfo) in.getInfo()).getShape());
                assertArrayEquals(new long[] {-1, 512}, ((TensorInfo) out.getInfo()).getShape());
                for (int n : new int[] {1, 3}) {
                    float[] x = pixelLikeInput(n, height, width, n);
                    double diff = OrtFeatures.maxNormalizedDifference(
                            OrtFeatures.libtorch(model, x, n, height, width), OrtFeatures.onnx(session, x, n, height, width));
                    assertTrue(diff <= 1e-4, spec.name() + " batch " + n + ": max difference " + diff);
                }
            }
        }
    }

    @Test
    void theFileIsOpset13WithItsInputDescriptionInTheMetadata() throws Exception {
        Path file = tmp.resolve("sub/dir/m.onnx");
        try (FaceModel model = FaceModel.create(BackboneSpec.sphereface(4), null, 0, 7)) {
            OnnxExport.write(model, file);
        }
        ModelProto onnx;
        try (InputStream in = Files.newInputStream(file)) {
            onnx = ModelProto.parseFrom(in);
        }
        assertEquals(1, onnx.getOpsetImportCount());
        assertEquals("", onnx.getOpsetImport(0).getDomain());
        assertEquals(13, onnx.getOpsetImport(0).getVersion());
        assertEquals(7, onnx.getIrVersion());
        assertEquals(Map.of(
                "marginface.input", "112x96",
                "marginface.template", "30.2946,51.6963,65.5318,51.5014,48.0252,71.7366,33.5493,92.3655,62.7299,92.2041",
                "marginface.normalize", "127.5,127.5,127.5/128,128,128",
                "marginface.channels", "rgb",
                "marginface.backbone", "sphereface4"), metadata(file));
    }

    /** The square crop's template is the paper's points 8 columns to the right. */
    @Test
    void aSquareModelRecordsTheShiftedPoints() throws Exception {
        Map<String, String> meta = exportedMetadata(new BackboneSpec("sphereface", 4, 112, 112, 512));
        assertEquals("112x112", meta.get("marginface.input"));
        assertEquals("38.2946,51.6963,73.5318,51.5014,56.0252,71.7366,41.5493,92.3655,70.7299,92.2041",
                meta.get("marginface.template"));
    }

    /** A size without a named template records the paper's points scaled to it: at 112x48, half of each x. */
    @Test
    void aSizeWithoutNamedTemplateRecordsTheScaledPaperPoints() throws Exception {
        Map<String, String> meta = exportedMetadata(new BackboneSpec("sphereface", 4, 112, 48, 512));
        assertEquals("112x48", meta.get("marginface.input"));
        assertEquals("15.1473,51.6963,32.7659,51.5014,24.0126,71.7366,16.77465,92.3655,31.36495,92.2041",
                meta.get("marginface.template"));
        assertEquals("127.5,127.5,127.5/128,128,128", meta.get("marginface.normalize"));
    }

    private Map<String, String> exportedMetadata(BackboneSpec spec) throws Exception {
        Path file = tmp.resolve(spec.inputHeight() + "x" + spec.inputWidth() + ".onnx");
        try (FaceModel model = FaceModel.create(spec, null, 0, 7)) {
            OnnxExport.write(model, file);
        }
        return metadata(file);
    }

    private static Map<String, String> metadata(Path file) throws Exception {
        try (OrtSession session = OrtFeatures.open(file)) {
            return session.getMetadata().getCustomMetadata();
        }
    }

    @Test
    void anUnwritableTargetGivesOneLineNamingIt() throws Exception {
        Path dir = tmp.resolve("locked");
        Files.createDirectories(dir);
        assertTrue(dir.toFile().setWritable(false, false));
        try (FaceModel model = FaceModel.create(BackboneSpec.sphereface(4), null, 0, 7)) {
            Path file = dir.resolve("m.onnx");
            boolean root = Files.isWritable(dir);
            if (!root) {
                IOException e = assertThrows(IOException.class, () -> OnnxExport.write(model, file));
                assertTrue(e.getMessage().startsWith("cannot write " + file + ": permission denied"), e.getMessage());
                assertTrue(!e.getMessage().contains("\n"), e.getMessage());
            }
            IOException e = assertThrows(IOException.class, () -> OnnxExport.write(model, tmp));
            assertEquals("cannot write " + tmp + ": it is a directory", e.getMessage());
            Files.writeString(tmp.resolve("file"), "x");
            e = assertThrows(IOException.class, () -> OnnxExport.write(model, tmp.resolve("file/m.onnx")));
            assertTrue(e.getMessage().startsWith("cannot write " + tmp.resolve("file/m.onnx") + ": "), e.getMessage());
        } finally {
            dir.toFile().setWritable(true, false);
        }
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList());
        }
    }

    /** Seeded untrained SphereFace-4 and -20 on 100 real LFW crops: the round trip within 1e-4. */
    @ParameterizedTest(name = "sphereface{0} init")
    @org.junit.jupiter.params.provider.ValueSource(ints = {4, 20})
    void seededModelsAgreeOnLfwCrops(int depth) throws Exception {
        float[] crops = OrtFeatures.lfwCrops(100);
        Path file = tmp.resolve("m.onnx");
        try (FaceModel model = FaceModel.create(BackboneSpec.sphereface(depth), null, 0, 2017)) {
            OnnxExport.write(model, file);
            try (OrtSession session = OrtFeatures.open(file)) {
                OrtFeatures.assertAgree(model, session, crops, 100);
            }
        }
    }

    /** Random pixels (0..255) scaled as the network takes them. */
    private static float[] pixelLikeInput(int n, int h, int w, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[n * 3 * h * w];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) ((random.nextInt(256) - 127.5) / 128);
        }
        return x;
    }
}
