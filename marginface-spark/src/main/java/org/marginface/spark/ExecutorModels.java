package org.marginface.spark;

import org.marginface.core.inference.InferenceModels;
import org.marginface.core.embed.EmbeddingModel;
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

    private static final Map<Path, EmbeddingModel> LOADED = new ConcurrentHashMap<>();

    private ExecutorModels() {}

    /**
     * The model in {@code directory}, loaded once per JVM. (Autograd is off on task threads without
     * more ado: the {@code Embedder} switches it off on whichever thread runs it.)
     */
    public static EmbeddingModel of(Path directory) {
        Engines.pytorch();
        return LOADED.computeIfAbsent(directory.toAbsolutePath().normalize(), dir -> {
            try {
                return InferenceModels.load(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
