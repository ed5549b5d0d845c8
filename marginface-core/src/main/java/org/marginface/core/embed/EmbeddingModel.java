package org.marginface.core.embed;

import org.marginface.core.model.Manifest;
import org.marginface.core.model.ModelInput;

/**
 * A loaded model that embeds faces: a marginface backbone on libtorch or an imported ONNX graph on
 * ONNX Runtime, as its manifest says. Owns native memory; close it when done.
 */
public interface EmbeddingModel extends AutoCloseable {

    Manifest manifest();

    default ModelInput input() {
        return manifest().input();
    }

    default int embeddingSize() {
        return manifest().embeddingSize();
    }

    /** The engine this model's embedders run on. */
    InferenceRuntime runtime();

    /** A new embedder over this model's weights (one per thread); closing it leaves the model open. */
    Embedder embedder(FlipFusion fusion);

    @Override
    void close();
}
