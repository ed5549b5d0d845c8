import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Images per second of an ONNX face embedder through ONNX Runtime's Java API ("ort") or DJL's
 * onnxruntime-engine ("djl"), same input, same thread settings (ONNX Runtime's defaults).
 * Usage: java -cp ... OnnxRuntimeBench.java ort|djl MODEL.onnx BATCH RUNS
 */
public class OnnxRuntimeBench {
    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path model = Path.of(args[1]);
        int batch = Integer.parseInt(args[2]);
        int runs = Integer.parseInt(args[3]);
        float[] x = new float[batch * 3 * 112 * 112];
        Random r = new Random(1);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        long[] shape = {batch, 3, 112, 112};
        double seconds;
        if (mode.equals("ort")) {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession s = env.createSession(model.toString(), new OrtSession.SessionOptions())) {
                String in = s.getInputNames().iterator().next();
                Runnable step = () -> {
                    try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), shape);
                            OrtSession.Result res = s.run(Map.of(in, t))) {
                        res.get(0).getValue();
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                };
                seconds = time(step, runs);
            }
        } else {
            Criteria<NDList, NDList> criteria = Criteria.builder().setTypes(NDList.class, NDList.class)
                    .optModelPath(model).optEngine("OnnxRuntime").optTranslator(new NoopTranslator()).build();
            try (ZooModel<NDList, NDList> m = criteria.loadModel(); Predictor<NDList, NDList> p = m.newPredictor()) {
                Runnable step = () -> {
                    try (NDManager manager = NDManager.newBaseManager()) {
                        NDList out = p.predict(new NDList(manager.create(x, new Shape(shape))));
                        out.get(0).toFloatArray();
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                };
                seconds = time(step, runs);
            }
        }
        System.out.printf(Locale.ROOT, "%s batch %d: %.1f img/s (%d runs, %.2f s)%n", mode, batch,
                batch * runs / seconds, runs, seconds);
    }

    static double time(Runnable step, int runs) {
        for (int i = 0; i < 20; i++) {
            step.run();
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            step.run();
        }
        return (System.nanoTime() - t0) / 1e9;
    }
}
