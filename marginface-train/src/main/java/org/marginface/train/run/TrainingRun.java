package org.marginface.train.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.marginface.core.evaluation.Evaluator;
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
 *   config.started.yaml  the same, as the run started: what a resume before the first checkpoint
 *                     compares config.yaml with
 *   run.lock          the OS lock of the process training the run, and who that is ({@link RunLock})
 *   labels.tsv        label → identity
 *   bad-files.txt     unreadable images that were skipped, with the reason
 *   metrics.jsonl     one line per iteration (and per evaluation)
 *   train.log         what happened, with times
 *   checkpoints/      iter-NNNNNNNN/ (model, optimiser state, iteration), the newest few
 *   model/            the final model directory
 *   curves.png        loss and training accuracy against the iteration, redrawn at each checkpoint
 * </pre>
 *
 * <p>A resumed run continues from the newest whole checkpoint, with the config that checkpoint was
 * trained with (only {@link ConfigChanges#CHANGEABLE} keys may differ; before the first checkpoint, with
 * the config it started with), and repeats exactly what the uninterrupted
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
    public static final String STARTED_CONFIG_FILE = "config.started.yaml";
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

    /** Opens the evaluation a run's config asks for, once the run has passed its checks. */
    @FunctionalInterface
    public interface EvaluatorFactory {

        /** The evaluation to run every {@code evaluation.every} iterations, or null for none; the run closes it. */
        Evaluator open(ExperimentConfig config) throws IOException;

        EvaluatorFactory NONE = config -> null;
    }

    /**
     * How a run reports and is controlled, apart from its config.
     *
     * @param evaluator opens the evaluation during training (after the checks that may refuse the run)
     * @param progress where the progress bar goes
     * @param terminal whether {@code progress} is a terminal (the bar is redrawn in place)
     * @param stop the request to stop early (e.g. from a shutdown hook); a fresh one per run
     */
    public record Options(EvaluatorFactory evaluator, PrintStream progress, boolean terminal, StopRequest stop) {

        public Options {
            Objects.requireNonNull(evaluator, "evaluator");
            Objects.requireNonNull(progress, "progress");
            Objects.requireNonNull(stop, "stop");
        }

        /** No evaluation, no progress output, and a stop nobody requests. */
        public static Options quiet() {
            return new Options(EvaluatorFactory.NONE, new PrintStream(OutputStream.nullOutputStream()), false,
                    new StopRequest());
        }

        public Options withEvaluator(EvaluatorFactory evaluator) {
            return new Options(evaluator, progress, terminal, stop);
        }

        public Options withProgress(PrintStream progress, boolean terminal) {
            return new Options(evaluator, progress, terminal, stop);
        }

        public Options withStop(StopRequest stop) {
            return new Options(evaluator, progress, terminal, stop);
        }
    }

    private final ExperimentConfig config;
    private final ObjectNode resolved;
    private final Path runDir;
    private final EvaluatorFactory evaluators;
    private final PrintStream progressOut;
    private final boolean terminal;
    private final StopRequest stop;

    private TrainingRun(ConfigLoader.Loaded loaded, Path runDir, Options options) {
        this.config = loaded.config();
        this.resolved = loaded.tree();
        this.runDir = runDir;
        this.evaluators = options.evaluator();
        this.progressOut = options.progress();
        this.terminal = options.terminal();
        this.stop = options.stop();
    }

    /**
     * Starts a new run in {@code runDir}, which must not exist or be empty. If the run fails before its
     * first checkpoint (bad data, a size that does not fit, a config that cannot be written, a failed
     * step), {@code runDir} is left as it was, so that the corrected command can use it.
     */
    public static Summary start(ConfigLoader.Loaded loaded, Path runDir, Options options)
            throws IOException, InterruptedException {
        boolean created = !Files.exists(runDir);
        if (!created) {
            try (Stream<Path> children = Files.list(runDir)) {
                if (children.findAny().isPresent()) {
                    throw new IllegalArgumentException("--out " + runDir + " already holds a run: continue it with --resume "
                            + runDir + ", or choose another directory");
                }
            }
        }
        try {
            Files.createDirectories(runDir);
        } catch (FileSystemException e) {
            String why = e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : e instanceof java.nio.file.FileAlreadyExistsException ? "a file of that name is in the way"
                    : e instanceof java.nio.file.NoSuchFileException
                            ? "no such file or directory: a parent is missing, or the file system there holds no new "
                                    + "directories, as /proc and /sys do not"
                    : e.getReason() != null ? e.getReason() : e.getClass().getSimpleName();
            throw new IOException("--out " + runDir + ": cannot create the run directory there (" + why
                    + (e.getFile() == null || runDir.toString().equals(e.getFile()) ? "" : ", at " + e.getFile()) + ")");
        }
        TrainingRun run = new TrainingRun(loaded, runDir, options);
        RunLock lock;
        Plan plan;
        try {
            lock = RunLock.acquire(runDir);
            try {
                plan = run.plan(false);
            } catch (IOException | RuntimeException | InterruptedException e) {
                lock.close();
                throw e;
            }
        } catch (IOException | RuntimeException | InterruptedException e) {
            options.stop().finished();
            restore(runDir, created);
            throw e;
        }
        try {
            for (String name : List.of(CONFIG_FILE, STARTED_CONFIG_FILE)) {
                Path file = runDir.resolve(name);
                try {
                    Files.writeString(file, ConfigLoader.toYaml(loaded.tree()), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new IOException("writing " + file + ": " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            lock.close();
            options.stop().finished();
            throw restoreAfter(e, runDir, created);
        }
        try {
            return run.run(plan, lock);
        } catch (IOException | RuntimeException | InterruptedException e) {
            if (Checkpoints.list(runDir.resolve(CHECKPOINTS)).isEmpty()) {
                // nothing worth resuming: a run directory holding no checkpoint would only block the corrected command
                restoreAfter(e, runDir, created);
            }
            throw e;
        }
    }

    /** Restores {@code runDir} after a failed start; returns {@code failure}, with a failure to restore added. */
    private static <E extends Exception> E restoreAfter(E failure, Path runDir, boolean created) {
        try {
            restore(runDir, created);
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
        return failure;
    }

    /**
     * Continues the run in {@code runDir} from its newest whole checkpoint (from the start if it has
     * none). A refusal (another process trains it, its config.yaml or data changed, it has finished)
     * changes nothing in the directory.
     */
    public static Summary resume(Path runDir, Options options) throws IOException, InterruptedException {
        Path configFile = runDir.resolve(CONFIG_FILE);
        if (!Files.isRegularFile(configFile)) {
            options.stop().finished();
            throw new IllegalArgumentException("--resume " + runDir + ": not a run directory (" + CONFIG_FILE + " is missing)");
        }
        RunLock lock;
        Plan plan;
        TrainingRun run;
        try {
            lock = RunLock.acquire(runDir);
            try {
                run = new TrainingRun(new ConfigLoader().loadResolved(configFile), runDir, options);
                plan = run.plan(true);
            } catch (IOException | RuntimeException | InterruptedException e) {
                lock.close();
                throw e;
            }
        } catch (IOException | RuntimeException | InterruptedException e) {
            options.stop().finished();
            throw e;
        }
        return run.run(plan, lock);
    }

    /** Deletes what a failed start made: the directory if it created it, else what it put in it. */
    private static void restore(Path runDir, boolean created) throws IOException {
        if (!Files.isDirectory(runDir)) {
            return;
        }
        if (created) {
            Checkpoints.deleteTree(runDir);
        } else {
            try (Stream<Path> children = Files.list(runDir)) {
                for (Path child : children.toList()) {
                    Checkpoints.deleteTree(child);
                }
            }
        }
    }

    /**
     * Everything a run checked before it writes anything: the checkpoint it continues from, the
     * readable data, and the config changes it follows.
     */
    private record Plan(boolean resuming, Optional<Checkpoints.Usable> checkpoint, Dataset dataset, String fingerprint,
            DatasetScan.Result scan, List<ConfigChanges.Change> followed, long scanSeconds) {

        long first() {
            return checkpoint.map(c -> c.state().iteration()).orElse(0L);
        }
    }

    /** Reads and checks; writes nothing, so that a refusal leaves the run directory as it was. */
    private Plan plan(boolean resuming) throws IOException, InterruptedException {
        BatchPipeline.requireFits(config.batch().size(), config.backbone().inputHeight(), config.backbone().inputWidth(),
                config.data().prefetch());
        Optional<Checkpoints.Usable> checkpoint = Optional.empty();
        List<ConfigChanges.Change> followed = List.of();
        if (resuming) {
            try {
                checkpoint = Checkpoints.newestUsable(runDir.resolve(CHECKPOINTS));
            } catch (IOException e) {
                throw new IllegalStateException("--resume " + runDir + ": " + e.getMessage());
            }
        }
        if (resuming) {
            // the config the run was trained with so far: the checkpoint's, or before any, the one it started with
            JsonNode trained;
            String since;
            if (checkpoint.isPresent()) {
                Path at = checkpoint.get().checkpoint();
                trained = ModelDirectory.readManifest(at.resolve(Checkpoints.MODEL_DIR)).training();
                since = "since " + at.getFileName() + " was written";
            } else {
                trained = startedConfig();
                since = "since the run started (it has no checkpoint yet)";
            }
            long iteration = checkpoint.map(c -> c.state().iteration()).orElse(0L);
            if (trained != null) {
                followed = changesSince(trained, iteration, since);
            }
            if (checkpoint.isPresent() && iteration >= config.schedule().iterations()
                    && Files.isDirectory(runDir.resolve(MODEL_DIR))) {
                throw new IllegalArgumentException("--resume " + runDir + ": the run already finished at iteration "
                        + iteration + " (schedule.iterations); to train it further, raise schedule.iterations in "
                        + CONFIG_FILE);
            }
        }
        long t0 = System.nanoTime();
        Dataset listed = Dataset.of(config.data());
        DatasetScan.Result scan = DatasetScan.scan(listed, TrainingImages.of(config), config.data().workers());
        scan.requireAtMost(config.data().maxBadFraction());
        Dataset readable = scan.readable();
        String fingerprint = readable.fingerprint();
        if (checkpoint.isPresent() && !checkpoint.get().state().dataFingerprint().equals(fingerprint)) {
            throw new IllegalStateException("--resume " + runDir + ": the training data changed since "
                    + checkpoint.get().checkpoint().getFileName() + " was written (the readable files or labels differ)");
        }
        return new Plan(resuming, checkpoint, readable, fingerprint, scan, followed,
                Math.round((System.nanoTime() - t0) / 1e9));
    }

    /** The config the run started with, or null for a run written before it was kept. */
    private JsonNode startedConfig() throws IOException {
        Path started = runDir.resolve(STARTED_CONFIG_FILE);
        return Files.isRegularFile(started) ? ConfigLoader.readTree(started) : null;
    }

    /**
     * The changes of config.yaml against the config the run was trained with, which a resume from
     * {@code iteration} may follow.
     *
     * @throws IllegalStateException naming each change it may not follow
     */
    private List<ConfigChanges.Change> changesSince(JsonNode trained, long iteration, String since) {
        // keys added to marginface since the run was written take today's defaults on both sides
        List<ConfigChanges.Change> changes = ConfigChanges.between(new ConfigLoader().overDefaults(trained), resolved);
        String refusal = ConfigChanges.refusal(changes, iteration, config.schedule().type());
        if (refusal != null) {
            throw new IllegalStateException("--resume " + runDir + ": " + CONFIG_FILE + " was changed " + since + ": "
                    + refusal + ". A resumed run continues the run that was started: undo the change, or start a new "
                    + "run (train --config) with it; what may change on resume: "
                    + String.join(", ", new java.util.TreeSet<>(ConfigChanges.CHANGEABLE)));
        }
        return changes;
    }

    private Summary run(Plan plan, RunLock lock) throws IOException, InterruptedException {
        Checkpoint newest = new Checkpoint();
        try (lock; Evaluator evaluator = evaluators.open(config); RunLog log = new RunLog(runDir)) {
            try {
                return train(plan, log, newest, evaluator);
            } catch (IOException | RuntimeException thrown) {
                Exception e = thrown instanceof java.io.UncheckedIOException u ? u.getCause() : thrown;
                String survived = newest.path == null ? "no checkpoint was written yet"
                        : "the newest checkpoint " + newest.path + " (iteration " + Checkpoints.iterationOf(newest.path)
                                + ") is whole: resume with marginface train --resume " + runDir + " once the cause is fixed";
                if (e instanceof IOException) {
                    // a write that failed (a full disk, say): say what is safe
                    IOException failed = new IOException(e.getMessage() + "; " + survived, e);
                    log.errorIfPossible(failed.getMessage());
                    throw failed;
                }
                log.errorIfPossible(e.getMessage());
                throw thrown;
            }
        } finally {
            stop.leaveNative();
            // the model, optimiser and input pipeline are closed by now: nothing runs in libtorch any more
            stop.finished();
        }
    }

    /** The newest whole checkpoint on disk, kept for the message when the run fails. */
    private static final class Checkpoint {
        Path path;
    }

    private Summary train(Plan plan, RunLog log, Checkpoint newest, Evaluator evaluator)
            throws IOException, InterruptedException {
        Path checkpoints = runDir.resolve(CHECKPOINTS);
        Optional<Path> checkpoint = plan.checkpoint().map(Checkpoints.Usable::checkpoint);
        newest.path = checkpoint.orElse(null);
        log.info((plan.resuming() ? "resuming " : "starting ") + "run " + runDir + " ("
                + config.name() + ", marginface " + Version.get() + ")"
                + checkpoint.map(c -> " from " + c.getFileName()).orElse(""));
        if (plan.checkpoint().isPresent()) {
            for (String skipped : plan.checkpoint().get().skipped()) {
                log.warn("checkpoint " + skipped + "; resuming from the newest whole one, "
                        + checkpoint.get().getFileName() + " (the damaged one is renamed *.damaged)");
            }
            Checkpoints.setAsideNewerThan(checkpoints, plan.first());
        }
        for (ConfigChanges.Change change : plan.followed()) {
            log.info(CONFIG_FILE + " changed since the checkpoint: " + change + " (may change on resume)");
        }
        Checkpoints.removeStaging(checkpoints);
        ModelDirectory.removeLeftovers(runDir.resolve(MODEL_DIR));

        Dataset dataset = plan.dataset();
        Path badList = runDir.resolve(DatasetScan.BAD_FILES);
        plan.scan().writeBadFiles(badList);
        dataset.labels().write(runDir.resolve(org.marginface.train.data.LabelMap.FILE_NAME));
        log.info(String.format(Locale.ROOT, "data: %d images of %d identities under %s; %d unreadable (listed in %s); "
                        + "scanned in %d s", plan.scan().scanned(), dataset.labels().numClasses(), dataset.root(),
                plan.scan().bad().size(), badList.getFileName(), plan.scanSeconds()));
        if (plan.scan().wrongSize() > 0) {
            log.warn(plan.scan().wrongSize() + " of the unreadable images are of a size training cannot take (listed in "
                    + badList.getFileName() + "): align them, or set data.crop or data.resize: true to use them");
        }
        if (!plan.scan().emptied().isEmpty()) {
            log.warn("identities without a readable image are no class: " + String.join(", ", plan.scan().emptied()));
        }
        String fingerprint = plan.fingerprint();

        long total = config.schedule().iterations();
        // from here on the thread works in libtorch, except between iterations (see StopRequest)
        stop.enterNative();
        FaceModel model = checkpoint.isPresent() ? TrainingModel.prepare(Checkpoints.loadModel(checkpoint.get()), config)
                : TrainingModel.create(config, dataset.labels().numClasses());
        Manifest m = model.manifest();
        model = model.withManifest(new Manifest(m.formatVersion(), m.backbone(), m.head(), m.numClasses(), m.seed(),
                resolved, fingerprint, Version.get(), null, m.files()));
        long first = plan.first();

        try (FaceModel owned = model;
                TrainingStep step = new TrainingStep(owned, config.optimizer().momentum(), config.optimizer().weightDecay());
                MetricsLog metrics = MetricsLog.open(runDir.resolve(MetricsLog.FILE_NAME), first)) {
            if (checkpoint.isPresent()) {
                Checkpoints.loadOptimizer(checkpoint.get(), plan.checkpoint().get().state(), step.optimizer(),
                        owned.manager());
            }
            if (config.evaluation().every() > 0 && evaluator == null) {
                log.warn("evaluation.every is " + config.evaluation().every()
                        + " but no evaluator was given (evaluation.lfw or evaluation.bins); training without evaluation");
            }
            return loop(owned, step, plan, first, total, metrics, log, newest, evaluator);
        }
    }

    private Summary loop(FaceModel model, TrainingStep step, Plan plan, long first, long total,
            MetricsLog metrics, RunLog log, Checkpoint newest, Evaluator evaluator)
            throws IOException, InterruptedException {
        Dataset dataset = plan.dataset();
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
        Path lastCheckpoint = newest.path;
        try (BatchPipeline pipeline = new BatchPipeline(dataset, decoder, order, config.data().mirror(), batchSize,
                first, config.data().workers(), config.data().prefetch(), Augmentations.of(config))) {
            for (long iteration = first; iteration < total; iteration++) {
                // a shutdown that stopped waiting for the run takes over here, so the JVM never exits mid-step
                stop.betweenSteps();
                if (stop.requested()) {
                    // between steps: the weights and momentum are those after `iteration` steps, whole
                    return stopAt(iteration, lastCheckpoint, model, step, plan.fingerprint(), order, last, log);
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
                    lastCheckpoint = checkpoint(done, model, step, plan.fingerprint(), order);
                    newest.path = lastCheckpoint;
                    log.info(String.format(Locale.ROOT, "iteration %d: loss %.4f, accuracy %.4f, lr %.3g; checkpoint %s",
                            done, result.loss(), result.accuracy(), lr, lastCheckpoint.getFileName()));
                }
                if (evaluator != null && config.evaluation().every() > 0
                        && (done % config.evaluation().every() == 0 || done == total)) {
                    if (stop.requested() && done < total) {
                        // an evaluation can take minutes, longer than a shutdown may wait
                        log.warn("iteration " + done + ": evaluation skipped, the run is stopping");
                    } else {
                        evaluate(evaluator, model, done, metrics, log);
                    }
                }
            }
        }
        Path modelDir = runDir.resolve(MODEL_DIR);
        try {
            ModelDirectory.save(model, modelDir);
        } catch (IOException e) {
            throw new IOException("writing the final model " + modelDir + ": " + e.getMessage(), e);
        }
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
    private Summary stopAt(long done, Path lastCheckpoint, FaceModel model, TrainingStep step, String fingerprint,
            SampleOrder order, TrainingStep.Result last, RunLog log) throws IOException {
        String checkpointName = "none";
        if (done > 0) {
            boolean current = lastCheckpoint != null
                    && Checkpoints.readState(lastCheckpoint).iteration() == done;
            if (!current) {
                lastCheckpoint = checkpoint(done, model, step, fingerprint, order);
            }
            checkpointName = lastCheckpoint.getFileName().toString();
        }
        log.info("stop requested (" + stop.reason() + "); checkpoint " + checkpointName);
        log.info("stopped at iteration " + done + "; resume with marginface train --resume " + runDir);
        return new Summary(done, last == null ? Double.NaN : last.loss(), last == null ? Double.NaN : last.accuracy(),
                countBadFiles(), null, true);
    }

    /** Writes the checkpoint of iteration {@code done} (atomically, see {@link Checkpoints}) and redraws the curves. */
    private Path checkpoint(long done, FaceModel model, TrainingStep step, String fingerprint, SampleOrder order)
            throws IOException {
        long samples = done * config.batch().size();
        CheckpointState state = new CheckpointState(done, config.seed(), order.epochOf(samples), samples,
                fingerprint, step.optimizer().names(), null);
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

    private void evaluate(Evaluator evaluator, FaceModel model, long done, MetricsLog metrics, RunLog log)
            throws IOException {
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
