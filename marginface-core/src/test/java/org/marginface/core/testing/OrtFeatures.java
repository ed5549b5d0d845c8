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
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import org.marginface.core.embed.Embedder;
import org.marginface.core.export.OnnxExport;
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
            float[] u = Embedder.l2Normalize(a[i]);
            float[] v = Embedder.l2Normalize(b[i]);
            for (int j = 0; j < u.length; j++) {
                max = Math.max(max, Math.abs(u[j] - v[j]));
            }
        }
        return max;
    }
}
