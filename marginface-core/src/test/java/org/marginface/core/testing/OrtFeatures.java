package org.marginface.core.testing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Stream;
import java.nio.file.Path;
import java.util.Map;
import org.marginface.core.embed.Vectors;
import org.marginface.core.export.OnnxExport;
import org.marginface.core.image.FaceImages;
import org.marginface.core.model.FaceModel;

/**
 * The two sides of an export round trip: a model's backbone through libtorch, its exported graph
 * through ONNX Runtime's own Java API, on the same scaled N x 3 x H x W input.
 */
public final class OrtFeatures {

    private OrtFeatures() {}

    /** An ONNX Runtime session on {@code file} with two intra-op threads, as the tests' libtorch. */
    public static OrtSession open(Path file) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(2);
        return OrtEnvironment.getEnvironment().createSession(file.toString(), options);
    }

    /** Raw features of {@code n} inputs of {@code chw} floats each, through ONNX Runtime. */
    public static float[][] onnx(OrtSession session, float[] input, int n, int height, int width) throws OrtException {
        try (OnnxTensor x = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), FloatBuffer.wrap(input),
                        new long[] {n, 3, height, width});
                OrtSession.Result result = session.run(Map.of(OnnxExport.INPUT_NAME, x))) {
            return (float[][]) result.get(OnnxExport.OUTPUT_NAME).orElseThrow().getValue();
        }
    }

    /** Raw features of the same inputs through the model's backbone on libtorch. */
    public static float[][] libtorch(FaceModel model, float[] input, int n, int height, int width) {
        try (NDManager m = model.manager().newSubManager()) {
            NDArray x = m.create(input, new Shape(n, 3, height, width));
            NDArray y = model.backbone().forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
            float[] flat = y.toFloatArray();
            int d = flat.length / n;
            float[][] out = new float[n][d];
            for (int i = 0; i < n; i++) {
                System.arraycopy(flat, i * d, out[i], 0, d);
            }
            return out;
        }
    }

    /** The largest absolute difference between the L2-normalised rows of {@code a} and {@code b}. */
    public static double maxNormalizedDifference(float[][] a, float[][] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException(a.length + " rows against " + b.length);
        }
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i].length != b[i].length) {
                throw new IllegalArgumentException("row " + i + ": " + a[i].length + " values against " + b[i].length);
            }
            float[] u = Vectors.l2Normalize(a[i]);
            float[] v = Vectors.l2Normalize(b[i]);
            for (int j = 0; j < u.length; j++) {
                max = Math.max(max, Math.abs(u[j] - v[j]));
            }
        }
        return max;
    }

    /** Compares the two engines on {@code n} crops in batches of 25 (the graph's batch is free). */
    public static void assertAgree(FaceModel model, OrtSession session, float[] crops, int n) throws Exception {
        int h = model.spec().inputHeight();
        int w = model.spec().inputWidth();
        int per = 3 * h * w;
        double worst = 0;
        for (int start = 0; start < n; start += 25) {
            int count = Math.min(25, n - start);
            float[] batch = java.util.Arrays.copyOfRange(crops, start * per, (start + count) * per);
            worst = Math.max(worst, OrtFeatures.maxNormalizedDifference(
                    OrtFeatures.libtorch(model, batch, count, h, w), OrtFeatures.onnx(session, batch, count, h, w)));
        }
        org.junit.jupiter.api.Assertions.assertTrue(worst <= 1e-4, model.spec().name() + ": max abs difference of normalised features " + worst);
    }

    /** The first {@code n} LFW 112x96 crops (directories and files in name order), scaled as the network takes them. */
    public static float[] lfwCrops(int n) throws IOException {
        Path root = TestData.require("lfw/lfw-112x96");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(p -> p.toString().endsWith(".jpg")).sorted().limit(n).toList();
        }
        org.junit.jupiter.api.Assertions.assertEquals(n, files.size(), "LFW crops under " + root);
        float[] out = new float[n * 3 * 112 * 96];
        for (int i = 0; i < n; i++) {
            BufferedImage image = FaceImages.read(files.get(i));
            float[] chw = org.marginface.core.model.ModelInput.defaultFor(org.marginface.core.backbone.BackboneSpec.sphereface(4)).planes(image);
            System.arraycopy(chw, 0, out, i * chw.length, chw.length);
        }
        return out;
    }

}
