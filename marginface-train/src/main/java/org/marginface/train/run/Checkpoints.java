package org.marginface.train.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.marginface.core.model.FaceModel;
import org.marginface.core.model.ModelDirectory;
import org.marginface.train.Sgd;
import org.marginface.train.TrainingStep;

/**
 * Checkpoint directories {@code checkpoints/iter-NNNNNNNN/}: the model directory (backbone and head
 * weights with their manifest), {@code optimizer.params} (the momentum buffers) and
 * {@code state.json}. Each is written beside its final name, every file and directory fsynced, then
 * renamed into place, so a checkpoint either exists whole or not at all, even after SIGKILL or a
 * power cut.
 */
public final class Checkpoints {

    static final String MODEL_DIR = "model";
    static final String OPTIMIZER_FILE = "optimizer.params";
    static final String STATE_FILE = "state.json";
    private static final Pattern NAME = Pattern.compile("iter-(\\d+)");

    private Checkpoints() {}

    /** Writes a checkpoint and removes all but the newest {@code keep}; returns its directory. */
    public static Path save(Path checkpoints, FaceModel model, Sgd optimizer, CheckpointState state, int keep)
            throws IOException {
        Files.createDirectories(checkpoints);
        Path target = checkpoints.resolve(String.format("iter-%08d", state.iteration()));
        Path staging = Files.createTempDirectory(checkpoints, ".staging-");
        try {
            ModelDirectory.save(model, staging.resolve(MODEL_DIR));
            Files.write(staging.resolve(OPTIMIZER_FILE), new NDList(optimizer.velocities()).encode());
            ModelDirectory.JSON.writeValue(staging.resolve(STATE_FILE).toFile(), state);
            syncTree(staging);
            if (Files.exists(target)) {
                deleteTree(target);
            }
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory(checkpoints);
        } finally {
            if (Files.exists(staging)) {
                deleteTree(staging);
            }
        }
        List<Path> all = list(checkpoints);
        for (int i = 0; i < all.size() - keep; i++) {
            deleteTree(all.get(i));
        }
        return target;
    }

    /** The complete checkpoints, oldest first. */
    public static List<Path> list(Path checkpoints) throws IOException {
        if (!Files.isDirectory(checkpoints)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(checkpoints)) {
            return children.filter(p -> NAME.matcher(p.getFileName().toString()).matches() && Files.isDirectory(p))
                    .sorted(Comparator.comparingLong(Checkpoints::iterationOf))
                    .toList();
        }
    }

    public static Optional<Path> latest(Path checkpoints) throws IOException {
        List<Path> all = list(checkpoints);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** Removes staging directories that a killed run left behind. */
    public static void removeStaging(Path checkpoints) throws IOException {
        if (!Files.isDirectory(checkpoints)) {
            return;
        }
        try (Stream<Path> children = Files.list(checkpoints)) {
            for (Path p : children.filter(p -> p.getFileName().toString().startsWith(".staging-")).toList()) {
                deleteTree(p);
            }
        }
    }

    static long iterationOf(Path checkpoint) {
        Matcher m = NAME.matcher(checkpoint.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException(checkpoint + " is not a checkpoint directory");
        }
        return Long.parseLong(m.group(1));
    }

    public static CheckpointState readState(Path checkpoint) throws IOException {
        return ModelDirectory.JSON.readValue(checkpoint.resolve(STATE_FILE).toFile(), CheckpointState.class);
    }

    /** Loads the checkpoint's weights, ready to train (parameters collect gradients again). */
    public static FaceModel loadModel(Path checkpoint) throws IOException {
        FaceModel model = ModelDirectory.load(checkpoint.resolve(MODEL_DIR));
        for (Pair<String, Parameter> p : TrainingStep.trainableParameters(model)) {
            if (p.getValue().requiresGradient()) {
                p.getValue().getArray().setRequiresGradient(true);
            }
        }
        return model;
    }

    /** Copies the saved momentum buffers into the optimiser, checking they belong to the same parameters. */
    public static void loadOptimizer(Path checkpoint, CheckpointState state, Sgd optimizer, NDManager manager)
            throws IOException {
        if (!state.optimizerParameters().equals(optimizer.names())) {
            throw new IOException(checkpoint + ": the optimiser state was saved for other parameters than the model has");
        }
        byte[] bytes = Files.readAllBytes(checkpoint.resolve(OPTIMIZER_FILE));
        try (NDManager scope = manager.newSubManager()) {
            NDList saved = NDList.decode(scope, bytes);
            List<NDArray> velocities = optimizer.velocities();
            if (saved.size() != velocities.size()) {
                throw new IOException(checkpoint.resolve(OPTIMIZER_FILE) + " holds " + saved.size()
                        + " buffers, the optimiser has " + velocities.size());
            }
            for (int i = 0; i < saved.size(); i++) {
                if (!saved.get(i).getShape().equals(velocities.get(i).getShape())) {
                    throw new IOException(checkpoint.resolve(OPTIMIZER_FILE) + ": buffer of "
                            + state.optimizerParameters().get(i) + " has shape " + saved.get(i).getShape()
                            + ", expected " + velocities.get(i).getShape());
                }
                saved.get(i).copyTo(velocities.get(i));
            }
        }
    }

    private static void syncTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isRegularFile(p)) {
                    try (FileChannel channel = FileChannel.open(p, StandardOpenOption.WRITE)) {
                        channel.force(true);
                    }
                } else if (Files.isDirectory(p)) {
                    syncDirectory(p);
                }
            }
        }
    }

    private static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // some file systems refuse to open directories for sync; the rename is still atomic there
        }
    }

    static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
