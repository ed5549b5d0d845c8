package org.marginface.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
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
import org.marginface.core.backbone.SphereFace;
import org.marginface.core.engine.Engines;
import org.marginface.core.export.OnnxExport;
import org.marginface.core.head.HeadSpecs;
import org.marginface.core.model.FaceModel;
import org.marginface.train.TrainingStep;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Training-step and inference throughput on random input; inference through libtorch and through",
            "ONNX Runtime on the exported graph side by side, at the given batch and at batch 1. Each share is of a",
            "limit measured in the same run that the network cannot exceed: the best of a large 3x3 convolution and a",
            "large matrix product, each through both engines."})
final class BenchCommand implements Callable<Integer> {

    /** The limit's convolution: SphereFace-20's third stage at 112x96 (256 channels, 28x24), batch 32. */
    static final int[] CONVOLUTION = {32, 256, 28, 24};

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
            description = "measurement rounds; each round times the limit, training and inference in turn (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--steps", defaultValue = "5", description = "timed training steps per round (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--skip-training", description = "measure inference and the limit only")
    boolean skipTraining;

    @Option(names = "--skip-onnx", description = "leave ONNX Runtime out (libtorch only)")
    boolean skipOnnx;

    @Option(names = "--matrix", defaultValue = "2048", description = "side of the square fp32 matrix product (default: ${DEFAULT-VALUE})")
    int matrix;

    @Option(names = "--out", description = "also write the results as JSON to this file")
    Path out;

    @Option(names = "--breakdown",
            description = "after the rounds, time the training step's phases (trunk forward, head and loss, backward, metrics, update) over --steps steps")
    boolean breakdown;

    @Option(names = "--profile",
            description = "after the rounds, run one training step under libtorch's profiler, print the operations' self time and write its trace (Chrome JSON) to this file")
    Path profile;

    @Option(names = "--skip-limit", description = "leave the limit (convolution and matrix product) out")
    boolean skipLimit;

    /**
     * The best of the rounds. Other load on a shared machine only ever slows a measurement down, so the
     * fastest round is the closest to what the machine can do; a median would let a network measured in
     * a quiet moment beat a limit measured in a busy one.
     */
    private static double best(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** One series of measurements, by name, in the order the table prints them. */
    private final Map<String, List<Double>> series = new LinkedHashMap<>();
    private Map<String, Double> phases;
    private ProfileTable profileTable;

    private void add(String key, double value) {
        series.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }

    @Override
    public Integer call() throws Exception {
        int[] size = InputSize.parse(input);
        BackboneSpec spec = BackboneSpec.parse(backbone, size[0], size[1], 512);
        double forwardGflop = 2.0 * spec.forwardMacs() / 1e9;
        int[] c = CONVOLUTION;
        double convGflop = 2.0 * c[0] * c[1] * c[1] * 9 * c[2] * c[3] / 1e9;
        double matrixGflop = 2.0 * matrix * matrix * (double) matrix / 1e9;
        int threads;
        Path graph = null;
        try (FaceModel model = FaceModel.create(spec, HeadSpecs.of(head, Map.of()), classes, 1);
                TrainingStep step = new TrainingStep(model, 0.9, 5e-4)) {
            threads = ai.djl.pytorch.jni.JniUtils.getNumThreads();
            long trunkParameters = SphereFace.parameterCount(model.backbone());
            long headParameters = SphereFace.parameterCount(model.head());
            System.out.printf(Locale.ROOT, "%s at %dx%d: trunk parameters %d, head parameters %d%n",
                    spec.name(), spec.inputHeight(), spec.inputWidth(), trunkParameters, headParameters);
            ParameterStore store = new ParameterStore(model.manager(), false);
            OnnxRuntimeTimer ortNet = null;
            OnnxRuntimeTimer ortConv = null;
            OnnxRuntimeTimer ortMatrix = null;
            try {
                if (!skipOnnx) {
                    graph = Files.createTempFile("marginface-bench-", ".onnx");
                    OnnxExport.write(model, graph);
                    ortNet = OnnxRuntimeTimer.network(graph, threads);
                    if (!skipLimit) {
                        ortConv = OnnxRuntimeTimer.convolution(c[0], c[1], c[2], c[3], threads);
                        ortMatrix = OnnxRuntimeTimer.matrixProduct(matrix, threads);
                    }
                }
                // warm-up: first calls allocate and pick kernels
                if (!skipLimit) {
                    matmulGflops(model.manager(), matrix, 1);
                    convGflops(model.manager(), 1);
                }
                if (!skipTraining) {
                    trainImagesPerSecond(model, step, 2);
                }
                inferImagesPerSecond(model, store, batch, 2);
                inferImagesPerSecond(model, store, 1, 4);
                if (ortConv != null) {
                    ortConv.seconds(1);
                    ortMatrix.seconds(1);
                }
                if (ortNet != null) {
                    ortNet.input(OnnxExport.INPUT_NAME, batch, 3, spec.inputHeight(), spec.inputWidth()).seconds(2);
                    ortNet.input(OnnxExport.INPUT_NAME, 1, 3, spec.inputHeight(), spec.inputWidth()).seconds(4);
                }
                int inferRepeats = Math.max(3, steps);
                for (int r = 0; r < rounds; r++) {
                    if (!skipLimit) {
                        add("matmul_libtorch", matmulGflops(model.manager(), matrix, 5));
                        add("conv_libtorch", convGflops(model.manager(), 3));
                    }
                    if (ortConv != null) {
                        add("matmul_onnxruntime", 5 * matrixGflop / ortMatrix.seconds(5));
                        add("conv_onnxruntime", 3 * convGflop / ortConv.seconds(3));
                    }
                    if (!skipTraining) {
                        add("training_step", trainImagesPerSecond(model, step, steps));
                    }
                    // the engines take turns going first, so that neither always meets the other's leftovers
                    for (int turn = 0; turn < 2; turn++) {
                        boolean torch = (turn + r) % 2 == 0;
                        if (torch) {
                            add("inference_batch" + batch, inferImagesPerSecond(model, store, batch, inferRepeats));
                            add("inference_batch1", inferImagesPerSecond(model, store, 1, 3 * inferRepeats));
                        } else if (ortNet != null) {
                            ortNet.input(OnnxExport.INPUT_NAME, batch, 3, spec.inputHeight(), spec.inputWidth());
                            add("onnxruntime_inference_batch" + batch, (double) batch * inferRepeats / ortNet.seconds(inferRepeats));
                            ortNet.input(OnnxExport.INPUT_NAME, 1, 3, spec.inputHeight(), spec.inputWidth());
                            add("onnxruntime_inference_batch1", 3.0 * inferRepeats / ortNet.seconds(3 * inferRepeats));
                        }
                    }
                    System.err.printf(Locale.ROOT, "round %d/%d: %s%n", r + 1, rounds, lastValues());
                }
                if (breakdown && !skipTraining) {
                    phases = phaseMilliseconds(model, step, steps);
                }
                if (profile != null && !skipTraining) {
                    ai.djl.pytorch.jni.JniUtils.startProfile(false, false, false);
                    trainImagesPerSecond(model, step, 1);
                    ai.djl.pytorch.jni.JniUtils.stopProfile(profile.toAbsolutePath().toString());
                    profileTable = ProfileTable.read(profile);
                }
            } finally {
                for (OnnxRuntimeTimer t : new OnnxRuntimeTimer[] {ortNet, ortConv, ortMatrix}) {
                    if (t != null) {
                        t.close();
                    }
                }
            }
        } finally {
            if (graph != null) {
                Files.deleteIfExists(graph);
            }
        }
        Map<String, Double> limits = new LinkedHashMap<>();
        for (String key : series.keySet()) {
            if (key.startsWith("matmul_") || key.startsWith("conv_")) {
                limits.put(key, best(series.get(key)));
            }
        }
        // --skip-limit: no limit, so no shares (NaN marks them)
        double limit = limits.values().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("date", Instant.now().toString());
        result.put("backbone", spec.name());
        result.put("input", spec.inputHeight() + "x" + spec.inputWidth());
        result.put("batch", batch);
        result.put("head", head + " over " + classes + " classes");
        result.put("threads", threads + " intra-op in each engine");
        result.put("cores", Runtime.getRuntime().availableProcessors());
        result.put("load_average", loadAverage());
        result.put("forward_gflop_per_image", forwardGflop);
        if (!limits.isEmpty()) {
            result.put("limit_gflops", limit);
            result.put("limit_parts_gflops", limits);
        }
        System.out.printf(Locale.ROOT, "%s at %dx%d, batch %d, %.2f GFLOP per image forward (x3 for a training step), %d threads per engine%n",
                spec.name(), spec.inputHeight(), spec.inputWidth(), batch, forwardGflop, threads);
        System.out.printf(Locale.ROOT, "%-52s %10s %10s %10s%n", "measurement (best of rounds)", "images/s", "GFLOP/s", "of limit");
        String conv = "3x3 convolution " + c[1] + "->" + c[1] + " ch " + c[2] + "x" + c[3] + " batch " + c[0];
        String mat = "matrix product " + matrix + "^3";
        for (Map.Entry<String, Double> e : limits.entrySet()) {
            String label = (e.getKey().startsWith("conv_") ? conv : mat) + ", " + engineLabel(e.getKey());
            System.out.printf(Locale.ROOT, "%-52s %10s %10.0f %9.0f%%%n", label, "-", e.getValue(), 100 * e.getValue() / limit);
        }
        if (!skipTraining) {
            row(result, "training_step", "training step (" + head + "), libtorch", 3 * forwardGflop, limit);
        }
        for (int b : new int[] {batch, 1}) {
            row(result, "inference_batch" + b, "inference, batch " + b + ", libtorch", forwardGflop, limit);
            row(result, "onnxruntime_inference_batch" + b, "inference, batch " + b + ", ONNX Runtime", forwardGflop, limit);
        }
        if (!skipOnnx) {
            for (int b : new int[] {batch, 1}) {
                double torch = best(series.get("inference_batch" + b));
                double ort = best(series.get("onnxruntime_inference_batch" + b));
                String faster = ort > torch ? "ONNX Runtime" : "libtorch";
                System.out.printf(Locale.ROOT, "batch %d: %s faster, ONNX Runtime / libtorch = %.2f%n", b, faster, ort / torch);
                result.put("onnxruntime_over_libtorch_batch" + b, ort / torch);
            }
        }
        if (phases != null) {
            double total = phases.values().stream().mapToDouble(Double::doubleValue).sum();
            System.out.printf(Locale.ROOT, "training step by phase (mean of %d steps)          ms/step      share%n", steps);
            for (Map.Entry<String, Double> e : phases.entrySet()) {
                System.out.printf(Locale.ROOT, "  %-48s %9.1f %9.1f%%%n", e.getKey(), e.getValue(), 100 * e.getValue() / total);
            }
            System.out.printf(Locale.ROOT, "  %-48s %9.1f%n", "step", total);
            result.put("training_step_phases_ms", phases);
        }
        if (profileTable != null) {
            System.out.println("one training step under libtorch's profiler, by operation (self time; trace in " + profile + ")");
            System.out.print(profileTable.format(25));
            result.put("profile_self_ms", profileTable.selfMillisecondsByName());
        }
        if (out != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), result);
        }
        return 0;
    }

    private static String engineLabel(String key) {
        return key.endsWith("_onnxruntime") ? "ONNX Runtime" : "libtorch";
    }

    private String lastValues() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, List<Double>> e : series.entrySet()) {
            List<Double> v = e.getValue();
            sb.append(sb.length() == 0 ? "" : ", ").append(e.getKey()).append(' ')
                    .append(String.format(Locale.ROOT, "%.1f", v.get(v.size() - 1)));
        }
        return sb.toString();
    }

    /** The 1-minute load average, or -1 where the platform does not give it. */
    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private void row(Map<String, Object> result, String key, String label, double gflopPerImage, double limit) {
        List<Double> values = series.get(key);
        if (values == null) {
            return;
        }
        double imagesPerSecond = best(values);
        double gflops = imagesPerSecond * gflopPerImage;
        String share = Double.isNaN(limit) ? "-" : String.format(Locale.ROOT, "%.0f%%", 100 * gflops / limit);
        System.out.printf(Locale.ROOT, "%-52s %10.1f %10.0f %10s%n", label, imagesPerSecond, gflops, share);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("images_per_second", imagesPerSecond);
        m.put("median_images_per_second", median(values));
        m.put("rounds_images_per_second", values);
        m.put("gflops", gflops);
        if (!Double.isNaN(limit)) {
            m.put("share_of_limit", gflops / limit);
        }
        result.put(key, m);
    }

    /** GFLOP/s of an n^3 fp32 matrix product through libtorch. */
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

    /** GFLOP/s of the limit's 3x3 convolution ({@link #CONVOLUTION}) through libtorch. */
    static double convGflops(NDManager parent, int repeats) {
        int[] c = CONVOLUTION;
        try (NDManager m = parent.newSubManager()) {
            NDArray x = m.randomUniform(-1, 1, new Shape(c[0], c[1], c[2], c[3]));
            NDArray w = m.randomUniform(-0.05f, 0.05f, new Shape(c[1], c[1], 3, 3));
            Shape one = new Shape(1, 1);
            long start = System.nanoTime();
            for (int i = 0; i < repeats; i++) {
                try (NDList y = Conv2d.conv2d(x, w, null, one, one, one, 1)) {
                    y.singletonOrThrow().getFloat(0, 0, 0, 0);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return 2.0 * c[0] * c[1] * c[1] * 9 * c[2] * c[3] * repeats / seconds / 1e9;
        }
    }

    /** Mean wall time per step of each phase, in milliseconds. */
    private Map<String, Double> phaseMilliseconds(FaceModel model, TrainingStep step, int count) {
        long[] sums = new long[5];
        for (int i = 0; i < count; i++) {
            trainImagesPerSecond(model, step, 1);
            TrainingStep.Phases p = step.lastPhases();
            long[] one = {p.backbone(), p.head(), p.backward(), p.metrics(), p.update()};
            for (int k = 0; k < sums.length; k++) {
                sums[k] += one[k];
            }
        }
        String[] names = {"trunk forward", "head forward and loss", "backward (head and trunk)",
            "metrics (loss value, accuracy, feature norm)", "SGD update"};
        Map<String, Double> ms = new LinkedHashMap<>();
        for (int k = 0; k < sums.length; k++) {
            ms.put(names[k], sums[k] / 1e6 / count);
        }
        return ms;
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
        // the training step's gradient collector switches grad mode on; inference must not record a graph
        Engines.disableGradientsOnThisThread();
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
