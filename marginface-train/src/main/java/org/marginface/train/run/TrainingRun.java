package org.marginface.train.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.marginface.core.head.HeadSpec;
import org.marginface.core.model.FaceModel;
import org.marginface.core.model.Manifest;
import org.marginface.core.model.ModelDirectory;
import org.marginface.core.model.Version;
import org.marginface.train.LearningRateSchedule;
import org.marginface.train.TrainingStep;
import org.marginface.train.config.ConfigLoader;
import org.marginface.train.config.ExperimentConfig;
import org.marginface.train.data.Augmentations;
import org.marginface.train.data.Batch;
import org.marginface.train.data.BatchPipeline;
import org.marginface.train.data.Dataset;
import org.marginface.train.data.DatasetScan;
import org.marginface.train.data.TrainingImages;
import org.marginface.train.data.SampleOrder;

/**
 * A training run and its directory:
 *
 * <pre>
 *   config.yaml       the resolved config (defaults, overrides and variables applied)
 *   labels.tsv        label → identity
 *   bad-files.txt     unreadable images that were skipped, with the reason
 *   metrics.jsonl     one line per iteration (and per evaluation)
 *   train.log         what happened, with times
 *   checkpoints/      iter-NNNNNNNN/ (model, optimiser state, iteration), the newest few
 *   model/            the final model directory
 *   curves.png        loss and training accuracy against the iteration, redrawn at each checkpoint
 * </pre>
 *
 * <p>A resumed run continues from the newest checkpoint and repeats exactly what the uninterrupted
 * run would have done: the data order and flips are functions of (seed, iteration), the weights and
 * momentum buffers are restored bit for bit, and libtorch's CPU kernels are deterministic for a fixed
 * thread count.
 *
 * <p>A run asked to stop ({@link StopRequest}, e.g. on SIGTERM) finishes the step it is in, writes a
 * checkpoint of that iteration and returns a summary marked {@code stopped}; resuming it then gives
 * the same run as if it had never stopped.
 */
public final class TrainingRun {

    public static final String CONFIG_FILE = "config.yaml";
    public static final String CHECKPOINTS = "checkpoints";
    public static final String MODEL_DIR = "model";

    /**
     * What a run reports when it returns.
     *
     * @param iterations the iterations done: all of them, or where it stopped
     * @param model the final model directory, or null when the run stopped before the end
     * @param stopped whether it stopped on request before the end (resume it to finish)
     */
    public record Summary(long iterations, double loss, double accuracy, int badFiles, Path model, boolean stopped) {}

    private final ExperimentConfig config;
    private final ObjectNode resolved;
    private final Path runDir;
    private final Evaluator evaluator;
    private final PrintStream progressOut;
    private final boolean terminal;
    private final StopRequest stop;

    private TrainingRun(ConfigLoader.Loaded loaded, Path runDir, Evaluator evaluator, PrintStream progressOut,
            boolean terminal, StopRequest stop) {
        this.config = loaded.config();
        this.resolved = loaded.tree();
        this.runDir = runDir;
        this.evaluator = evaluator;
        this.progressOut = progressOut;
        this.terminal = terminal;
        this.stop = stop;
    }

    /**
     * Starts a new run in {@code runDir}, which must not exist or be empty.
     *
     * @param evaluator the evaluation to run every {@code evaluation.every} iterations, or {@code null}
     * @param progress where the progress bar goes ({@code terminal}: redraw in place)
     */
    public static Summary start(ConfigLoader.Loaded loaded, Path runDir, Evaluator evaluator, PrintStream progress,
            boolean terminal) throws IOException, InterruptedException {
        return start(loaded, runDir, evaluator, progress, terminal, new StopRequest());
    }

    /** As {@link #start(ConfigLoader.Loaded, Path, Evaluator, PrintStream, boolean)}, stopping early when {@code stop} asks. */
    public static Summary start(ConfigLoader.Loaded loaded, Path runDir, Evaluator evaluator, PrintStream progress,
            boolean terminal, StopRequest stop) throws IOException, InterruptedException {
        if (Files.isDirectory(runDir)) {
            try (Stream<Path> children = Files.list(runDir)) {
                if (children.findAny().isPresent()) {
                    throw new IllegalArgumentException("--out " + runDir + " already holds a run: continue it with --resume "
                            + runDir + ", or choose another directory");
                }
            }
        }
        Files.createDirectories(runDir);
        Files.writeString(runDir.resolve(CONFIG_FILE), ConfigLoader.toYaml(loaded.tree()), StandardCharsets.UTF_8);
        return new TrainingRun(loaded, runDir, evaluator, progress, terminal, stop).run(false);
    }

    /** Continues the run in {@code runDir} from its newest checkpoint (from the start if it has none). */
    public static Summary resume(Path runDir, Evaluator evaluator, PrintStream progress, boolean terminal)
            throws IOException, InterruptedException {
        return resume(runDir, evaluator, progress, terminal, new StopRequest());
    }

    /** As {@link #resume(Path, Evaluator, PrintStream, boolean)}, stopping early when {@code stop} asks. */
    public static Summary resume(Path runDir, Evaluator evaluator, PrintStream progress, boolean terminal,
            StopRequest stop) throws IOException, InterruptedException {
        Path configFile = runDir.resolve(CONFIG_FILE);
        if (!Files.isRegularFile(configFile)) {
            throw new IllegalArgumentException("--resume " + runDir + ": not a run directory (" + CONFIG_FILE + " is missing)");
        }
        ConfigLoader.Loaded loaded = new ConfigLoader().loadResolved(configFile);
        return new TrainingRun(loaded, runDir, evaluator, progress, terminal, stop).run(true);
    }

    private Summary run(boolean resuming) throws IOException, InterruptedException {
        try (RunLog log = new RunLog(runDir)) {
            try {
                return train(resuming, log);
            } catch (IOException | RuntimeException e) {
                log.error(e.getMessage());
                throw e;
            }
        } finally {
            // the model, optimiser and input pipeline are closed by now: nothing runs in libtorch any more
            stop.finished();
        }
    }

    private Summary train(boolean resuming, RunLog log) throws IOException, InterruptedException {
        Path checkpoints = runDir.resolve(CHECKPOINTS);
        Checkpoints.removeStaging(checkpoints);
        Optional<Path> checkpoint = resuming ? Checkpoints.latest(checkpoints) : Optional.empty();
        log.info((resuming ? "resuming " : "starting ") + "run " + runDir + " (" + config.name() + ", marginface "
                + Version.get() + ")" + checkpoint.map(c -> " from " + c.getFileName()).orElse(""));

        TrainingImages decoder = TrainingImages.of(config);
        Dataset dataset = readableDataset(decoder, log);
        String fingerprint = dataset.fingerprint();

        long total = config.schedule().iterations();
        HeadSpec headSpec = config.head().spec();
        FaceModel model;
        CheckpointState state = null;
        if (checkpoint.isPresent()) {
            state = Checkpoints.readState(checkpoint.get());
            if (!state.dataFingerprint().equals(fingerprint)) {
                throw new IllegalStateException("--resume " + runDir + ": the training data changed since "
                        + checkpoint.get().getFileName() + " was written (the readable files or labels differ)");
            }
            model = Checkpoints.loadModel(checkpoint.get());
            // the checkpoint's own head and backbone are what would train on; a config.yaml edited since
            // would otherwise be logged (its margin schedule, say) but not followed
            Manifest saved = model.manifest();
            if (!saved.head().equals(headSpec) || !saved.backbone().equals(config.backbone().spec())) {
                model.close();
                throw new IllegalStateException("--resume " + runDir + ": " + CONFIG_FILE
                        + " no longer matches " + checkpoint.get().getFileName() + " (checkpoint: head " + saved.head()
                        + ", backbone " + saved.backbone() + "; config: head " + headSpec + ", backbone "
                        + config.backbone().spec() + "); a resumed run continues as it was configured: "
                        + "start a new run (train --config) to change it");
            }
        } else {
            model = FaceModel.create(config.backbone().spec(), headSpec, dataset.labels().numClasses(), config.seed());
        }
        Manifest m = model.manifest();
        model = model.withManifest(new Manifest(m.formatVersion(), m.backbone(), m.head(), m.numClasses(), m.seed(),
                resolved, fingerprint, Version.get(), null, m.files()));
        long first = state == null ? 0 : state.iteration();
        if (first >= total && Files.isDirectory(runDir.resolve(MODEL_DIR))) {
            model.close();
            throw new IllegalArgumentException("--resume " + runDir + ": the run already finished at iteration " + first
                    + " (schedule.iterations)");
        }

        try (FaceModel owned = model;
                TrainingStep step = new TrainingStep(owned, config.optimizer().momentum(), config.optimizer().weightDecay());
                MetricsLog metrics = MetricsLog.open(runDir.resolve(MetricsLog.FILE_NAME), first)) {
            if (state != null) {
                Checkpoints.loadOptimizer(checkpoint.get(), state, step.optimizer(), owned.manager());
            }
            if (config.evaluation().every() > 0 && evaluator == null) {
                log.warn("evaluation.every is " + config.evaluation().every()
                        + " but this build has no LFW evaluator; training without evaluation");
            }
            return loop(owned, step, dataset, first, total, metrics, log);
        }
    }

    private Dataset readableDataset(TrainingImages decoder, RunLog log) throws IOException, InterruptedException {
        Path root = Path.of(config.data().root());
        Dataset listed = Dataset.of(config.data());
        long t0 = System.nanoTime();
        DatasetScan.Result scan = DatasetScan.scan(listed, decoder, config.data().workers());
        Path badList = runDir.resolve(DatasetScan.BAD_FILES);
        scan.writeBadFiles(badList);
        log.info(String.format(Locale.ROOT, "data: %d images of %d identities under %s; %d unreadable (listed in %s); "
                        + "scanned in %.1f s", scan.scanned(), listed.labels().numClasses(), root, scan.bad().size(),
                badList.getFileName(), (System.nanoTime() - t0) / 1e9));
        scan.requireAtMost(config.data().maxBadFraction(), badList);
        Dataset readable = scan.readable();
        readable.labels().write(runDir.resolve(org.marginface.train.data.LabelMap.FILE_NAME));
        return readable;
    }

    private Summary loop(FaceModel model, TrainingStep step, Dataset dataset, long first, long total,
            MetricsLog metrics, RunLog log) throws IOException, InterruptedException {
        int batchSize = config.batch().size();
        int microBatches = config.batch().microBatches();
        LearningRateSchedule schedule = new LearningRateSchedule(config.schedule(), config.optimizer().lr());
        SampleOrder order = new SampleOrder(config.seed(), dataset.size());
        TrainingImages decoder = TrainingImages.of(config);
        ProgressBar progress = new ProgressBar(progressOut, terminal, total);
        Path checkpoints = runDir.resolve(CHECKPOINTS);
        log.info(String.format(Locale.ROOT, "training %s with %s head over %d classes: iterations %d..%d, batch %d "
                        + "(%d micro-batches), %s schedule from lr %s",
                config.backbone().name(), config.head().type(), dataset.labels().numClasses(), first + 1, total,
                batchSize, microBatches, config.schedule().type(), config.optimizer().lr()));
        TrainingStep.Result last = null;
        Path lastCheckpoint = Checkpoints.latest(checkpoints).orElse(null);
        try (BatchPipeline pipeline = new BatchPipeline(dataset, decoder, order, config.data().mirror(), batchSize,
                first, config.data().workers(), config.data().prefetch(), Augmentations.of(config))) {
            for (long iteration = first; iteration < total; iteration++) {
                if (stop.requested()) {
                    // between steps: the weights and momentum are those after `iteration` steps, whole
                    return stopAt(iteration, lastCheckpoint, model, step, dataset, order, last, log);
                }
                long t0 = System.nanoTime();
                Batch batch = pipeline.next();
                double lr = schedule.at(iteration);
                TrainingStep.Result result;
                try (NDManager scope = model.manager().newSubManager()) {
                    NDArray images = scope.create(batch.pixels(), new Shape(batch.size(), 3, batch.height(), batch.width()));
                    NDArray labels = scope.create(batch.labels());
                    result = step.step(images, labels, lr, iteration, microBatches);
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                long done = iteration + 1;
                if (!Double.isFinite(result.loss())) {
                    throw new IllegalStateException("the loss is " + result.loss() + " at iteration " + done
                            + "; training stopped. The last good checkpoint is "
                            + (lastCheckpoint == null ? "none (no checkpoint was written yet)" : lastCheckpoint)
                            + "; try a lower optimizer.lr or a warm-up (schedule.warmupIterations)");
                }
                metrics.write(metricsLine(done, result, lr, batchSize / seconds, order.epochOf(iteration * batchSize)));
                progress.update(done, result.loss(), result.accuracy(), lr, seconds, batchSize);
                last = result;
                if (done % config.checkpoint().every() == 0 || done == total) {
                    lastCheckpoint = checkpoint(done, model, step, dataset, order);
                    log.info(String.format(Locale.ROOT, "iteration %d: loss %.4f, accuracy %.4f, lr %.3g; checkpoint %s",
                            done, result.loss(), result.accuracy(), lr, lastCheckpoint.getFileName()));
                }
                if (evaluator != null && config.evaluation().every() > 0
                        && (done % config.evaluation().every() == 0 || done == total)) {
                    if (stop.requested() && done < total) {
                        // an evaluation can take minutes, longer than a shutdown may wait
                        log.warn("iteration " + done + ": evaluation skipped, the run is stopping");
                    } else {
                        evaluate(model, done, metrics, log);
                    }
                }
            }
        }
        Path modelDir = runDir.resolve(MODEL_DIR);
        ModelDirectory.save(model, modelDir);
        log.info("finished: model written to " + modelDir);
        if (last == null) {
            // resumed after the last step but before the model was written: report the last step on record
            List<JsonNode> lines = MetricsLog.read(runDir.resolve(MetricsLog.FILE_NAME));
            JsonNode tail = lines.stream().filter(l -> l.has("loss")).reduce((a, b) -> b).orElse(null);
            last = new TrainingStep.Result(tail == null ? Double.NaN : tail.path("loss").asDouble(Double.NaN),
                    tail == null ? Double.NaN : tail.path("accuracy").asDouble(Double.NaN), batchSize,
                    tail == null ? Double.NaN : tail.path("featureNorm").asDouble(Double.NaN));
        }
        return new Summary(total, last.loss(), last.accuracy(), countBadFiles(), modelDir, false);
    }

    /**
     * Ends the run after {@code done} iterations on request: a checkpoint of exactly that iteration
     * (unless the last one already is), so that resuming repeats nothing and loses nothing.
     */
    private Summary stopAt(long done, Path lastCheckpoint, FaceModel model, TrainingStep step, Dataset dataset,
            SampleOrder order, TrainingStep.Result last, RunLog log) throws IOException {
        String checkpointName = "none";
        if (done > 0) {
            boolean current = lastCheckpoint != null
                    && Checkpoints.readState(lastCheckpoint).iteration() == done;
            if (!current) {
                lastCheckpoint = checkpoint(done, model, step, dataset, order);
            }
            checkpointName = lastCheckpoint.getFileName().toString();
        }
        log.info("stop requested (" + stop.reason() + "); checkpoint " + checkpointName);
        log.info("stopped at iteration " + done + "; resume with marginface train --resume " + runDir);
        return new Summary(done, last == null ? Double.NaN : last.loss(), last == null ? Double.NaN : last.accuracy(),
                countBadFiles(), null, true);
    }

    /** Writes the checkpoint of iteration {@code done} (atomically, see {@link Checkpoints}) and redraws the curves. */
    private Path checkpoint(long done, FaceModel model, TrainingStep step, Dataset dataset, SampleOrder order)
            throws IOException {
        long samples = done * config.batch().size();
        CheckpointState state = new CheckpointState(done, config.seed(), order.epochOf(samples), samples,
                dataset.fingerprint(), step.optimizer().names());
        Path saved = Checkpoints.save(runDir.resolve(CHECKPOINTS), model, step.optimizer(), state,
                config.checkpoint().keep());
        CurvesPlot.write(runDir.resolve(MetricsLog.FILE_NAME), runDir.resolve(CurvesPlot.FILE_NAME), config.name());
        return saved;
    }

    private ObjectNode metricsLine(long done, TrainingStep.Result result, double lr, double imagesPerSecond, long epoch) {
        ObjectNode line = MetricsLog.line(done)
                .put("loss", result.loss())
                .put("accuracy", result.accuracy())
                .put("featureNorm", Math.round(result.featureNorm() * 1000) / 1000.0)
                .put("lr", lr)
                .put("imagesPerSecond", Math.round(imagesPerSecond * 100) / 100.0)
                .put("epoch", epoch);
        // the schedules the head follows, at the iteration this step ran with (0-based)
        HeadSpec head = config.head().spec();
        if (head instanceof HeadSpec.AmSoftmax am) {
            line.put("margin", am.margin(done - 1));
        } else if (head instanceof HeadSpec.SphereFace sphere) {
            line.put("lambda", sphere.lambda(done - 1));
        }
        return line;
    }

    private void evaluate(FaceModel model, long done, MetricsLog metrics, RunLog log) throws IOException {
        long t0 = System.nanoTime();
        Map<String, Double> results = evaluator.evaluate(model, done);
        ObjectNode line = MetricsLog.line(done);
        ObjectNode values = line.putObject("evaluation");
        results.forEach(values::put);
        metrics.write(line);
        log.info(String.format(Locale.ROOT, "iteration %d: evaluation %s (%.1f s)", done, results,
                (System.nanoTime() - t0) / 1e9));
    }

    private int countBadFiles() throws IOException {
        return (int) Files.readAllLines(runDir.resolve(DatasetScan.BAD_FILES)).stream().filter(l -> !l.isBlank()).count();
    }
}
