package org.marginface.core.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.marginface.core.backbone.BackboneSpec;
import org.marginface.core.embed.Embedder;
import org.marginface.core.embed.EmbeddingCache;
import org.marginface.core.embed.EmbeddingModel;
import org.marginface.core.embed.FlipFusion;
import org.marginface.core.embed.InferenceRuntime;
import org.marginface.core.embed.Vectors;
import org.marginface.core.model.FaceModel;
import org.marginface.core.model.ModelDirectory;

class InferenceModelsTest {

    @TempDir
    Path tmp;

    private Path savedModel() throws Exception {
        Path dir = tmp.resolve("model");
        try (FaceModel model = FaceModel.create(BackboneSpec.sphereface(4), null, 0, 11)) {
            ModelDirectory.save(model, dir);
        }
        return dir;
    }

    private static List<BufferedImage> faces(int n, int height, int width) {
        SplittableRandom random = new SplittableRandom(5);
        List<BufferedImage> faces = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    // smooth gradients with noise, so the mirror differs from the image
                    int r = Math.min(255, (x * 2 + y + random.nextInt(40)) % 256);
                    int g = Math.min(255, (y * 2 + random.nextInt(40)) % 256);
                    int b = (x * y / 40 + random.nextInt(40)) % 256;
                    image.setRGB(x, y, (r << 16) | (g << 8) | b);
                }
            }
            faces.add(image);
        }
        return faces;
    }

    @Test
    void aMarginfaceModelRunsOnTheRuntimeAskedForWithTheSameFeatures() throws Exception {
        Path dir = savedModel();
        List<float[]> torch;
        List<float[]> ort;
        try (EmbeddingModel model = InferenceModels.load(dir, InferenceRuntime.LIBTORCH);
                Embedder embedder = model.embedder(FlipFusion.SUM)) {
            assertEquals(InferenceRuntime.LIBTORCH, model.runtime());
            torch = embedder.embedRaw(faces(3, model.input().height(), model.input().width()));
        }
        try (EmbeddingModel model = InferenceModels.load(dir, InferenceRuntime.ONNXRUNTIME);
                Embedder embedder = model.embedder(FlipFusion.SUM)) {
            assertEquals(InferenceRuntime.ONNXRUNTIME, model.runtime());
            assertEquals(ModelDirectory.readManifest(dir).fingerprint(), model.manifest().fingerprint());
            assertEquals(512, embedder.dimension());
            ort = embedder.embedRaw(faces(3, model.input().height(), model.input().width()));
        }
        assertEquals(3, ort.size());
        for (int i = 0; i < 3; i++) {
            float[] a = Vectors.l2Normalize(torch.get(i));
            float[] b = Vectors.l2Normalize(ort.get(i));
            double max = 0;
            for (int k = 0; k < a.length; k++) {
                max = Math.max(max, Math.abs(a[k] - b[k]));
            }
            assertTrue(max <= 1e-4, "face " + i + ": libtorch and ONNX Runtime differ by " + max);
        }
    }

    @Test
    void withoutARuntimeAMarginfaceModelRunsOnTheRuntimeForBatches() throws Exception {
        try (EmbeddingModel model = InferenceModels.load(savedModel())) {
            assertEquals(InferenceRuntime.FOR_BATCHES, model.runtime());
        }
    }

    @Test
    void eachRuntimeHasItsOwnEmbeddingCache() throws Exception {
        Path dir = savedModel();
        Path cache = tmp.resolve("cache");
        try (EmbeddingModel torch = InferenceModels.load(dir, InferenceRuntime.LIBTORCH);
                EmbeddingModel ort = InferenceModels.load(dir, InferenceRuntime.ONNXRUNTIME)) {
            assertNotEquals(EmbeddingCache.open(cache, torch).file(), EmbeddingCache.open(cache, ort).file());
        }
    }

    @Test
    void runtimeNamesParseInAnyCaseAndOthersAreRefusedByName() {
        assertEquals(InferenceRuntime.LIBTORCH, InferenceRuntime.parse("LibTorch"));
        assertEquals(InferenceRuntime.ONNXRUNTIME, InferenceRuntime.parse("onnxruntime"));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> InferenceRuntime.parse("tensorflow"));
        assertEquals("unknown runtime 'tensorflow': expected libtorch or onnxruntime", e.getMessage());
    }
}
