package org.marginface.train.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.marginface.core.model.FaceModel;
import org.marginface.train.TrainingStep;
import org.marginface.train.config.DataConfig;
import org.marginface.train.config.ExperimentConfig;
import org.marginface.train.data.Augmentations;
import org.marginface.train.data.Batch;
import org.marginface.train.data.BatchPipeline;
import org.marginface.train.data.Dataset;
import org.marginface.train.data.TrainingImages;
import org.marginface.train.data.SampleOrder;

/**
 * Measures what the input pipeline costs a training step: steps fed by the real pipeline (decode,
 * augment, mirror, scale, batch on background threads, tensors made from the batch) alternate one by one with
 * the same step on a batch already held as tensors, on one model in one process, so that both see the
 * same machine load. Which mode goes first swaps from pair to pair (ABBA), so a drift in load favours
 * neither.
 */
public final class InputPipelineBenchmark {

    /**
     * Per-mode throughput and their ratio (pipeline / in-memory, 1.0 meaning the pipeline is free; or
     * the compared data over the config's data).
     */
    public record Result(int batchSize, int rounds, int stepsPerRound, double pipelineImagesPerSecond,
            double memoryImagesPerSecond, List<double[]> roundImagesPerSecond) {

        public double ratio() {
            return pipelineImagesPerSecond / memoryImagesPerSecond;
        }
    }

    private InputPipelineBenchmark() {}

    /** One side of the comparison: runs one training step of {@code iteration} on its own input. */
    @FunctionalInterface
    private interface Feed {
        void step(long iteration) throws IOException, InterruptedException;
    }

    /**
     * Runs the comparison. Without {@code other}, steps fed by the pipeline against steps on one batch
     * held as tensors; with {@code other}, two real pipelines: the config's data (the reference, in
     * the in-memory column) against {@code other}'s, e.g. a folder tree against the {@code .rec} packed
     * from it. Both must hold the same number of classes.
     *
     * @param other the data to compare the config's data with, or null for in-memory tensors
     * @param warmupSteps untimed steps of each mode first (libtorch's first iterations allocate and tune)
     */
    public static Result run(ExperimentConfig config, DataConfig other, int batchSize, int rounds, int stepsPerRound,
            int warmupSteps, PrintStream out) throws IOException, InterruptedException {
        TrainingImages decoder = TrainingImages.of(config);
        Dataset dataset = Dataset.of(config.data());
        SampleOrder order = new SampleOrder(config.seed(), dataset.size());
        Dataset otherDataset = other == null ? null : Dataset.of(other);
        if (otherDataset != null && otherDataset.labels().numClasses() != dataset.labels().numClasses()) {
            throw new IllegalArgumentException("--against " + other.root() + ": " + otherDataset.labels().numClasses()
                    + " classes where " + config.data().root() + " has " + dataset.labels().numClasses());
        }
        int[] otherCrop = other == null ? null : other.cropHeightWidth();
        TrainingImages otherDecoder = other == null ? null : new TrainingImages(decoder.input(), other.resize(),
                otherCrop == null ? 0 : otherCrop[0], otherCrop == null ? 0 : otherCrop[1]);
        String testedName = other == null ? "pipeline" : other.format() + " " + other.root();
        String referenceName = other == null ? "in-memory" : config.data().format() + " " + config.data().root();
        double lr = config.optimizer().lr() * 0.1;
        try (FaceModel model = TrainingModel.create(config, dataset.labels().numClasses());
                TrainingStep step = new TrainingStep(model, config.optimizer().momentum(), config.optimizer().weightDecay());
                BatchPipeline pipeline = new BatchPipeline(dataset, decoder, order, config.data().mirror(), batchSize, 0,
                        config.data().workers(), config.data().prefetch(), Augmentations.of(config));
                BatchPipeline otherPipeline = other == null ? null : new BatchPipeline(otherDataset, otherDecoder,
                        new SampleOrder(config.seed(), otherDataset.size()), other.mirror(), batchSize, 0,
                        other.workers(), other.prefetch(), Augmentations.of(config));
                NDManager held = model.manager().newSubManager()) {
            Feed tested;
            Feed reference;
            Batch first = pipeline.next();
            Shape shape = new Shape(batchSize, 3, first.height(), first.width());
            if (other == null) {
                NDArray heldImages = held.create(first.pixels(), shape);
                NDArray heldLabels = held.create(first.labels());
                tested = iteration -> pipelineStep(pipeline, step, model, shape, iteration, lr);
                reference = iteration -> memoryStep(heldImages, heldLabels, step, model, iteration, lr);
            } else {
                tested = iteration -> pipelineStep(otherPipeline, step, model, shape, iteration, lr);
                reference = iteration -> pipelineStep(pipeline, step, model, shape, iteration, lr);
            }
            long iteration = 0;
            for (int i = 0; i < warmupSteps; i++) {
                tested.step(iteration++);
                reference.step(iteration++);
            }
            double testedSeconds = 0;
            double referenceSeconds = 0;
            List<double[]> perRound = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                double p = 0;
                double mem = 0;
                for (int s = 0; s < stepsPerRound; s++) {
                    // one step of each mode, in turn, first one mode then the other
                    for (int half = 0; half < 2; half++) {
                        boolean testedNow = ((round + s) % 2 == 0) == (half == 0);
                        long t0 = System.nanoTime();
                        if (testedNow) {
                            tested.step(iteration++);
                            p += (System.nanoTime() - t0) / 1e9;
                        } else {
                            reference.step(iteration++);
                            mem += (System.nanoTime() - t0) / 1e9;
                        }
                    }
                }
                testedSeconds += p;
                referenceSeconds += mem;
                double images = (double) batchSize * stepsPerRound;
                perRound.add(new double[] {images / p, images / mem});
                out.printf(Locale.ROOT, "round %d: %s %.2f img/s, %s %.2f img/s, ratio %.3f%n",
                        round + 1, testedName, images / p, referenceName, images / mem, mem / p);
            }
            double images = (double) batchSize * stepsPerRound * rounds;
            return new Result(batchSize, rounds, stepsPerRound, images / testedSeconds, images / referenceSeconds, perRound);
        }
    }

    private static void pipelineStep(BatchPipeline pipeline, TrainingStep step, FaceModel model, Shape shape,
            long iteration, double lr) throws IOException, InterruptedException {
        Batch batch = pipeline.next();
        try (NDManager scope = model.manager().newSubManager()) {
            step.step(scope.create(batch.pixels(), shape), scope.create(batch.labels()), lr, iteration, 1);
        }
    }

    private static void memoryStep(NDArray images, NDArray labels, TrainingStep step, FaceModel model,
            long iteration, double lr) {
        try (NDManager scope = model.manager().newSubManager()) {
            // the step's intermediates follow the input's manager: lend the held batch to this step's scope
            images.tempAttach(scope);
            labels.tempAttach(scope);
            step.step(images, labels, lr, iteration, 1);
        }
    }
}
