package org.marginface.core.inference;

import java.io.IOException;
import java.nio.file.Path;
import org.marginface.core.embed.EmbeddingModel;
import org.marginface.core.model.Manifest;
import org.marginface.core.model.ModelDirectory;
import org.marginface.core.onnx.OnnxModel;

/** Loads any model directory for embedding: a marginface backbone on libtorch, an imported ONNX graph on ONNX Runtime. */
public final class InferenceModels {

    private InferenceModels() {}

    /** The model in {@code dir}, on the runtime its manifest calls for. */
    public static EmbeddingModel load(Path dir) throws IOException {
        Manifest manifest = ModelDirectory.readManifest(dir);
        if (manifest.onnx() != null) {
            return OnnxModel.load(dir, manifest);
        }
        return ModelDirectory.load(dir);
    }
}
