package org.marginface.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.marginface.core.embed.EmbeddingModel;
import org.marginface.core.inference.InferenceModels;

/**
 * The models of this JVM, loaded on first use and kept for the JVM's life: every task of an
 * executor shares one copy of the weights instead of reading and unpacking them per partition.
 */
public final class ExecutorModels {

    private static final Map<Path, EmbeddingModel> LOADED = new ConcurrentHashMap<>();

    private ExecutorModels() {}

    /**
     * The model in {@code directory}, loaded once per JVM, on the runtime its manifest calls for:
     * libtorch is started by the loader of a marginface backbone only, never for an imported ONNX
     * graph. (Autograd is off on task threads without more ado: the {@code Embedder} switches it off
     * on whichever thread runs it.)
     */
    public static EmbeddingModel of(Path directory) {
        return LOADED.computeIfAbsent(directory.toAbsolutePath().normalize(), dir -> {
            try {
                return InferenceModels.load(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
