package org.marginface.spark;

import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.marginface.core.engine.Engines;
import org.marginface.core.model.FaceModel;
import org.marginface.core.model.ModelDirectory;

/**
 * The models of this JVM, loaded on first use and kept for the JVM's life: every task of an
 * executor shares one copy of the weights instead of reading and unpacking them per partition.
 */
public final class ExecutorModels {

    private static final Map<Path, FaceModel> LOADED = new ConcurrentHashMap<>();

    private ExecutorModels() {}

    /**
     * The model in {@code directory}, loaded once per JVM. Also readies the calling thread for
     * inference: PyTorch's grad mode is per thread and DJL switches it off only on the thread that
     * started the engine, so a task thread would otherwise record autograd graphs it never uses.
     */
    public static FaceModel forInference(Path directory) {
        Engines.pytorch();
        FaceModel model = LOADED.computeIfAbsent(directory.toAbsolutePath().normalize(), dir -> {
            try {
                return ModelDirectory.load(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        JniUtils.setGradMode(false);
        return model;
    }
}
