package org.marginface.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.marginface.core.engine.Engines;
import org.marginface.core.head.ClassifierHead;
import org.marginface.core.head.HeadSpec;
import org.marginface.core.head.HeadSpecs;
import org.marginface.core.head.SampledMarginHead;
import org.marginface.train.Sgd;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench-head", mixinStandardHelpOptions = true,
        description = {"Time and memory of a training step of the classification head alone, on synthetic embeddings:",
            "the full head next to the sampled-centres head (partial FC) at a given sample rate, in one run."})
final class BenchHeadCommand implements Callable<Integer> {

    @Option(names = "--classes", defaultValue = "1000000", description = "number of classes (default: ${DEFAULT-VALUE})")
    int classes;

    @Option(names = "--embedding", defaultValue = "512", description = "embedding size (default: ${DEFAULT-VALUE})")
    int embedding;

    @Option(names = "--batch", defaultValue = "256", description = "batch size (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--sample-rate", defaultValue = "0.1", description = "share of classes per step (default: ${DEFAULT-VALUE})")
    double sampleRate;

    @Option(names = "--head", defaultValue = "amsoftmax", description = "margin head (default: ${DEFAULT-VALUE})")
    String head;

    @Option(names = "--steps", defaultValue = "5", description = "timed steps of each head (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--skip-full", description = "measure only the sampled head (when the full one does not fit)")
    boolean skipFull;

    @Override
    public Integer call() throws Exception {
        Engines.pytorch();
        HeadSpec spec = HeadSpecs.of(head, Map.of());
        System.out.printf(Locale.ROOT, "%s over %,d classes, %d-d embeddings, batch %d%n", head, classes, embedding, batch);
        System.out.printf(Locale.ROOT, "%-30s %12s %14s %16s%n", "head", "ms / step", "classes / step", "peak MB");
        long baseline = residentMb();
        resetPeak();
        double sampledMs;
        long sampledMb;
        try (NDManager m = NDManager.newBaseManager();
                SampledMarginHead sampled = new SampledMarginHead(spec, classes, embedding, sampleRate, 0.9, 5e-4, 1, m)) {
            long perStep = 0;
            long start = 0;
            for (int i = -1; i < steps; i++) {
                if (i == 0) {
                    start = System.nanoTime();
                }
                try (NDManager step = m.newSubManager()) {
                    NDArray features = step.randomNormal(new Shape(batch, embedding));
                    features.setRequiresGradient(true);
                    long[] labels = randomLabels(i);
                    SampledMarginHead.Sample sample = sampled.sample(labels, step);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        gc.backward(sample.loss(features, i));
                    }
                    sample.update(0.1);
                    perStep = sample.classes();
                }
            }
            sampledMs = (System.nanoTime() - start) / 1e6 / steps;
            sampledMb = peakMb() - baseline;
            System.out.printf(Locale.ROOT, "%-30s %12.1f %,14d %,16d%n", "sampled, r = " + sampleRate, sampledMs, perStep, sampledMb);
        }
        if (!skipFull) {
            long before = residentMb();
            resetPeak();
            try (NDManager m = NDManager.newBaseManager()) {
                ClassifierHead full = new ClassifierHead(spec, classes, embedding);
                full.initialize(m, 1);
                PairList<String, ai.djl.nn.Parameter> params = new PairList<>();
                params.add("weight", full.getParameters().get(0).getValue());
                try (Sgd sgd = new Sgd(params, 0.9, 5e-4, m)) {
                    ParameterStore store = new ParameterStore(m, false);
                    long start = 0;
                    for (int i = -1; i < steps; i++) {
                        if (i == 0) {
                            start = System.nanoTime();
                        }
                        try (NDManager step = m.newSubManager()) {
                            NDArray features = step.randomNormal(new Shape(batch, embedding));
                            features.setRequiresGradient(true);
                            NDArray labels = step.create(randomLabels(i)).toType(DataType.INT64, false);
                            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                                gc.backward(full.forward(store, new NDList(features, labels), true).get(0));
                            }
                            sgd.step(0.1);
                        }
                    }
                    double fullMs = (System.nanoTime() - start) / 1e6 / steps;
                    System.out.printf(Locale.ROOT, "%-30s %12.1f %,14d %,16d%n", "full", fullMs, classes, peakMb() - before);
                    System.out.printf(Locale.ROOT, "sampled step takes %.2fx the time of the full one%n", sampledMs / fullMs);
                }
            }
        }
        return 0;
    }

    private long[] randomLabels(int step) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(step + 12345L);
        long[] labels = new long[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = random.nextLong(classes);
        }
        return labels;
    }

    /** Resident memory of this process, native tensors included (Linux). */
    static long residentMb() throws IOException {
        return statusMb("VmRSS:");
    }

    /**
     * The most resident memory since {@link #resetPeak}: what a head needs is its peak within a step
     * (weights, gradients, momentum and the batch x classes logits and their gradients at once), not
     * what stays resident between steps.
     */
    static long peakMb() throws IOException {
        return statusMb("VmHWM:");
    }

    /** Resets the kernel's peak-resident counter of this process (Linux 4.0+: clear_refs 5). */
    static void resetPeak() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (IOException | UnsupportedOperationException e) {
            // the peak then also covers what came before; the column stays an upper bound
        }
    }

    private static long statusMb(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return -1;
    }
}
