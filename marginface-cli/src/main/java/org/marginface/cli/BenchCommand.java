package org.marginface.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.marginface.core.backbone.BackboneSpec;
import org.marginface.core.head.HeadSpecs;
import org.marginface.core.model.FaceModel;
import org.marginface.train.TrainingStep;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Training-step and inference throughput on random input, next to the engine's matrix-product ceiling",
            "measured in the same run. The headline is the share of that ceiling the network reaches."})
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--backbone", defaultValue = "sphereface20", description = "backbone (default: ${DEFAULT-VALUE})")
    String backbone;

    @Option(names = "--input", defaultValue = "112x96", description = "input HEIGHTxWIDTH (default: ${DEFAULT-VALUE})")
    String input;

    @Option(names = "--head", defaultValue = "amsoftmax", description = "training head (default: ${DEFAULT-VALUE})")
    String head;

    @Option(names = "--classes", defaultValue = "1000", description = "classes of the head (default: ${DEFAULT-VALUE})")
    int classes;

    @Option(names = "--batch", defaultValue = "32", description = "batch size (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--rounds", defaultValue = "3",
            description = "measurement rounds; each round times the ceiling, training and inference in turn (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--steps", defaultValue = "5", description = "timed training steps per round (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--skip-training", description = "measure inference and the ceiling only")
    boolean skipTraining;

    @Option(names = "--matrix", defaultValue = "2048", description = "side of the square fp32 matrix product (default: ${DEFAULT-VALUE})")
    int matrix;

    @Option(names = "--out", description = "also write the results as JSON to this file")
    Path out;

    /** Median of a round's measurements, to damp other load on a shared machine. */
    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    @Override
    public Integer call() throws Exception {
        int[] size = InputSize.parse(input);
        BackboneSpec spec = BackboneSpec.parse(backbone, size[0], size[1], 512);
        double forwardGflop = 2.0 * spec.forwardMacs() / 1e9;
        List<Double> ceiling = new ArrayList<>();
        List<Double> train = new ArrayList<>();
        List<Double> infer = new ArrayList<>();
        List<Double> infer1 = new ArrayList<>();
        try (FaceModel model = FaceModel.create(spec, HeadSpecs.of(head, Map.of()), classes, 1);
                TrainingStep step = new TrainingStep(model, 0.9, 5e-4)) {
            ParameterStore store = new ParameterStore(model.manager(), false);
            // warm-up: first calls allocate and pick kernels
            matmulGflops(model.manager(), matrix, 1);
            if (!skipTraining) {
                trainImagesPerSecond(model, step, 2);
            }
            inferImagesPerSecond(model, store, batch, 2);
            inferImagesPerSecond(model, store, 1, 4);
            for (int r = 0; r < rounds; r++) {
                ceiling.add(matmulGflops(model.manager(), matrix, 5));
                if (!skipTraining) {
                    train.add(trainImagesPerSecond(model, step, steps));
                }
                infer.add(inferImagesPerSecond(model, store, batch, Math.max(3, steps)));
                infer1.add(inferImagesPerSecond(model, store, 1, 3 * Math.max(3, steps)));
                System.err.printf(Locale.ROOT, "round %d/%d: ceiling %.0f GFLOP/s, training %s img/s, inference %.1f img/s%n",
                        r + 1, rounds, ceiling.get(r), skipTraining ? "-" : String.format(Locale.ROOT, "%.1f", train.get(r)),
                        infer.get(r));
            }
        }
        double ceil = median(ceiling);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("date", Instant.now().toString());
        result.put("backbone", spec.name());
        result.put("input", spec.inputHeight() + "x" + spec.inputWidth());
        result.put("batch", batch);
        result.put("head", head + " over " + classes + " classes");
        result.put("threads", Engine.getInstance().getEngineName() + " intra-op " + System.getProperty("ai.djl.pytorch.num_threads", "default"));
        result.put("cores", Runtime.getRuntime().availableProcessors());
        result.put("forward_gflop_per_image", forwardGflop);
        result.put("ceiling_gflops", ceil);
        System.out.printf(Locale.ROOT, "%s at %dx%d, batch %d, %.2f GFLOP per image forward (x3 for a training step)%n",
                spec.name(), spec.inputHeight(), spec.inputWidth(), batch, forwardGflop);
        System.out.printf(Locale.ROOT, "%-34s %10s %10s %12s%n", "measurement (median of rounds)", "images/s", "GFLOP/s", "of ceiling");
        System.out.printf(Locale.ROOT, "%-34s %10s %10.0f %12s%n", "fp32 matrix product " + matrix + "^3", "-", ceil, "100%");
        if (!skipTraining) {
            row(result, "training_step", "training step (" + head + ")", median(train), 3 * forwardGflop, ceil);
        }
        row(result, "inference_batch" + batch, "inference, batch " + batch, median(infer), forwardGflop, ceil);
        row(result, "inference_batch1", "inference, batch 1", median(infer1), forwardGflop, ceil);
        if (out != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), result);
        }
        return 0;
    }

    private static void row(Map<String, Object> result, String key, String label, double imagesPerSecond,
            double gflopPerImage, double ceiling) {
        double gflops = imagesPerSecond * gflopPerImage;
        System.out.printf(Locale.ROOT, "%-34s %10.1f %10.0f %11.0f%%%n", label, imagesPerSecond, gflops, 100 * gflops / ceiling);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("images_per_second", imagesPerSecond);
        m.put("gflops", gflops);
        m.put("share_of_ceiling", gflops / ceiling);
        result.put(key, m);
    }

    /** GFLOP/s of an n^3 fp32 matrix product through the engine: this machine's practical ceiling. */
    static double matmulGflops(NDManager parent, int n, int repeats) {
        try (NDManager m = parent.newSubManager()) {
            NDArray a = m.randomUniform(-1, 1, new Shape(n, n));
            NDArray b = m.randomUniform(-1, 1, new Shape(n, n));
            a.matMul(b).close();
            long start = System.nanoTime();
            for (int i = 0; i < repeats; i++) {
                try (NDArray c = a.matMul(b)) {
                    c.getFloat(0, 0);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return 2.0 * n * n * (double) n * repeats / seconds / 1e9;
        }
    }

    private double trainImagesPerSecond(FaceModel model, TrainingStep step, int count) {
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            try (NDManager m = model.manager().newSubManager()) {
                NDArray x = m.randomNormal(new Shape(batch, 3, model.spec().inputHeight(), model.spec().inputWidth()));
                NDArray y = m.randomInteger(0, classes, new Shape(batch), ai.djl.ndarray.types.DataType.INT64);
                step.step(x, y, 0.01, i, 1);
            }
        }
        return (double) batch * count / ((System.nanoTime() - start) / 1e9);
    }

    private static double inferImagesPerSecond(FaceModel model, ParameterStore store, int batch, int count) {
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            try (NDManager m = model.manager().newSubManager()) {
                NDArray x = m.randomNormal(new Shape(batch, 3, model.spec().inputHeight(), model.spec().inputWidth()));
                NDArray y = model.backbone().forward(store, new NDList(x), false).singletonOrThrow();
                y.getFloat(0, 0);
            }
        }
        return (double) batch * count / ((System.nanoTime() - start) / 1e9);
    }
}
