package org.marginface.core.inference;

import java.io.IOException;
import java.nio.file.Path;
import org.marginface.core.embed.EmbeddingModel;
import org.marginface.core.embed.InferenceRuntime;
import org.marginface.core.export.OnnxExport;
import org.marginface.core.export.OnnxMetadata;
import org.marginface.core.model.FaceModel;
import org.marginface.core.model.Manifest;
import org.marginface.core.model.ModelDirectory;
import org.marginface.core.onnx.OnnxModel;

/**
 * Loads any model directory for embedding: an imported ONNX graph on ONNX Runtime, a marginface
 * backbone on the runtime asked for ({@link InferenceRuntime#FOR_BATCHES} unless told otherwise).
 */
public final class InferenceModels {

    private InferenceModels() {}

    /** The model in {@code dir}, a marginface backbone on the runtime for batches. */
    public static EmbeddingModel load(Path dir) throws IOException {
        return load(dir, InferenceRuntime.FOR_BATCHES);
    }

    /**
     * The model in {@code dir}: a marginface backbone on {@code runtime} (on ONNX Runtime through its
     * ONNX export, built in memory from the verified weights: the graph `export onnx` writes), an
     * imported graph on ONNX Runtime whatever {@code runtime} says ({@link EmbeddingModel#runtime()}
     * tells which ran).
     */
    public static EmbeddingModel load(Path dir, InferenceRuntime runtime) throws IOException {
        Manifest manifest = ModelDirectory.readManifest(dir);
        if (manifest.onnx() != null) {
            return OnnxModel.load(dir, manifest);
        }
        FaceModel model = ModelDirectory.load(dir);
        if (runtime == InferenceRuntime.LIBTORCH) {
            return model;
        }
        try (model) {
            byte[] graph = OnnxExport.toOnnx(model, OnnxMetadata.of(model.input(), model.spec().name())).toByteArray();
            return OnnxModel.ofExport(model.manifest(), graph, OnnxExport.INPUT_NAME, OnnxExport.OUTPUT_NAME);
        }
    }
}
