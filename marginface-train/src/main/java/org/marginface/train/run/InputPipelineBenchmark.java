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

    /** Per-mode throughput and their ratio (pipeline / in-memory; 1.0 means the pipeline is free). */
    public record Result(int batchSize, int rounds, int stepsPerRound, double pipelineImagesPerSecond,
            double memoryImagesPerSecond, List<double[]> roundImagesPerSecond) {

        public double ratio() {
            return pipelineImagesPerSecond / memoryImagesPerSecond;
        }
    }

    private InputPipelineBenchmark() {}

    /**
     * @param warmupSteps untimed steps first (libtorch's first iterations allocate and tune)
     */
    public static Result run(ExperimentConfig config, int batchSize, int rounds, int stepsPerRound, int warmupSteps,
            PrintStream out) throws IOException, InterruptedException {
        TrainingImages decoder = TrainingImages.of(config);
        Dataset dataset = Dataset.of(config.data());
        SampleOrder order = new SampleOrder(config.seed(), dataset.size());
        double lr = config.optimizer().lr() * 0.1;
        try (FaceModel model = FaceModel.create(config.backbone().spec(), config.head().spec(),
                        dataset.labels().numClasses(), config.seed());
                TrainingStep step = new TrainingStep(model, config.optimizer().momentum(), config.optimizer().weightDecay());
                BatchPipeline pipeline = new BatchPipeline(dataset, decoder, order, config.data().mirror(), batchSize, 0,
                        config.data().workers(), config.data().prefetch(), Augmentations.of(config));
                NDManager held = model.manager().newSubManager()) {
            Batch first = pipeline.next();
            Shape shape = new Shape(batchSize, 3, first.height(), first.width());
            NDArray heldImages = held.create(first.pixels(), shape);
            NDArray heldLabels = held.create(first.labels());
            long iteration = 0;
            for (int i = 0; i < warmupSteps; i++) {
                pipelineStep(pipeline, step, model, shape, iteration++, lr);
                memoryStep(heldImages, heldLabels, step, model, iteration++, lr);
            }
            double pipelineSeconds = 0;
            double memorySeconds = 0;
            List<double[]> perRound = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                double p = 0;
                double mem = 0;
                for (int s = 0; s < stepsPerRound; s++) {
                    // one step of each mode, in turn, first one mode then the other
                    for (int half = 0; half < 2; half++) {
                        boolean pipelineNow = ((round + s) % 2 == 0) == (half == 0);
                        long t0 = System.nanoTime();
                        if (pipelineNow) {
                            pipelineStep(pipeline, step, model, shape, iteration++, lr);
                            p += (System.nanoTime() - t0) / 1e9;
                        } else {
                            memoryStep(heldImages, heldLabels, step, model, iteration++, lr);
                            mem += (System.nanoTime() - t0) / 1e9;
                        }
                    }
                }
                pipelineSeconds += p;
                memorySeconds += mem;
                double images = (double) batchSize * stepsPerRound;
                perRound.add(new double[] {images / p, images / mem});
                out.printf(Locale.ROOT, "round %d: pipeline %.2f img/s, in-memory %.2f img/s, ratio %.3f%n",
                        round + 1, images / p, images / mem, mem / p);
            }
            double images = (double) batchSize * stepsPerRound * rounds;
            return new Result(batchSize, rounds, stepsPerRound, images / pipelineSeconds, images / memorySeconds, perRound);
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
