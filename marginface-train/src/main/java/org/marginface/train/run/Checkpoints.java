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
        Path staging = null;
        try {
            staging = Files.createTempDirectory(checkpoints, ".staging-");
            ModelDirectory.save(model, staging.resolve(MODEL_DIR));
            byte[] velocities = new NDList(optimizer.velocities()).encode();
            Files.write(staging.resolve(OPTIMIZER_FILE), velocities);
            ModelDirectory.JSON.writeValue(staging.resolve(STATE_FILE).toFile(), state.withOptimizerDigest(sha256(velocities)));
            syncTree(staging);
            if (Files.exists(target)) {
                deleteTree(target);
            }
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory(checkpoints);
        } catch (IOException e) {
            throw new IOException("writing checkpoint " + target + ": " + e.getMessage(), e);
        } finally {
            if (staging != null && Files.exists(staging)) {
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

    /**
     * Renames the checkpoints after iteration {@code iteration} (damaged ones a resume passed over) to
     * {@code iter-NNNNNNNN.damaged}, out of the way of the checkpoints the resumed run writes and of
     * the rotation that keeps the newest few.
     */
    public static void setAsideNewerThan(Path checkpoints, long iteration) throws IOException {
        for (Path p : list(checkpoints)) {
            if (iterationOf(p) > iteration) {
                Path aside = p.resolveSibling(p.getFileName() + ".damaged");
                if (Files.exists(aside)) {
                    deleteTree(aside);
                }
                Files.move(p, aside);
            }
        }
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

    /**
     * Reads a checkpoint's {@code state.json}.
     *
     * @throws IOException naming the file when it is missing, cut short or not a state file
     */
    public static CheckpointState readState(Path checkpoint) throws IOException {
        Path file = checkpoint.resolve(STATE_FILE);
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + " is missing");
        }
        try {
            return ModelDirectory.JSON.readValue(file.toFile(), CheckpointState.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(file + " (" + Files.size(file) + " bytes) is not a complete checkpoint state: "
                    + e.getOriginalMessage());
        }
    }

    /**
     * Checks that every file of a checkpoint is whole (the state parses, the weights and momentum buffers
     * have the digests recorded when they were written), without loading anything into libtorch.
     *
     * @return its state
     * @throws IOException naming the first file that is missing, truncated or damaged, and what is wrong
     */
    public static CheckpointState verify(Path checkpoint) throws IOException {
        CheckpointState state = readState(checkpoint);
        ModelDirectory.verify(checkpoint.resolve(MODEL_DIR));
        Path optimizerFile = checkpoint.resolve(OPTIMIZER_FILE);
        if (!Files.isRegularFile(optimizerFile)) {
            throw new IOException(optimizerFile + " is missing");
        }
        byte[] bytes = Files.readAllBytes(optimizerFile);
        if (bytes.length == 0) {
            throw new IOException(optimizerFile + " is empty (0 bytes): the momentum buffers are lost");
        }
        if (state.optimizerDigest() != null && !state.optimizerDigest().equals(sha256(bytes))) {
            throw new IOException(optimizerFile + " (" + bytes.length + " bytes) does not have the SHA-256 recorded in "
                    + STATE_FILE + ": it was truncated, changed or damaged since it was written");
        }
        return state;
    }

    /** The newest checkpoint that {@link #verify verifies}, and why each newer one was passed over. */
    public record Usable(Path checkpoint, CheckpointState state, List<String> skipped) {}

    /**
     * @return the newest checkpoint that verifies, or empty when there is none at all
     * @throws IOException when there are checkpoints but none verifies, naming what is wrong with each
     */
    public static Optional<Usable> newestUsable(Path checkpoints) throws IOException {
        List<Path> all = list(checkpoints);
        List<String> skipped = new java.util.ArrayList<>();
        for (int i = all.size() - 1; i >= 0; i--) {
            try {
                return Optional.of(new Usable(all.get(i), verify(all.get(i)), List.copyOf(skipped)));
            } catch (IOException e) {
                skipped.add(all.get(i).getFileName() + ": " + e.getMessage());
            }
        }
        if (!skipped.isEmpty()) {
            throw new IOException("no checkpoint in " + checkpoints + " is whole: " + String.join("; ", skipped));
        }
        return Optional.empty();
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
        Path file = checkpoint.resolve(OPTIMIZER_FILE);
        byte[] bytes = Files.readAllBytes(file);
        try (NDManager scope = manager.newSubManager()) {
            NDList saved;
            try {
                saved = NDList.decode(scope, bytes);
            } catch (RuntimeException e) {
                throw new IOException(file + " (" + bytes.length + " bytes) cannot be decoded as momentum buffers: "
                        + e.getMessage());
            }
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

    private static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
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
