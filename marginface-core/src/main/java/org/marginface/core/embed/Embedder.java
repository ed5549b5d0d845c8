package org.marginface.core.embed;

import java.awt.image.BufferedImage;
import java.util.List;
import org.marginface.core.model.ModelInput;

/**
 * Aligned face images in, features out, whatever runs the network (libtorch for marginface's
 * backbones, ONNX Runtime for imported graphs). Not thread-safe; use one per thread.
 */
public interface Embedder extends AutoCloseable {

    /** What the network takes: every face given must have this size. */
    ModelInput input();

    FlipFusion fusion();

    /** Dimension of the network's embedding (before flip fusion). */
    int embeddingSize();

    /** Dimension of the fused feature. */
    default int dimension() {
        return fusion().dimension(embeddingSize());
    }

    /**
     * Raw fused features (not normalised) of a batch of aligned faces of the input size, in input order.
     *
     * @throws IllegalArgumentException for a face of another size
     */
    List<float[]> embedRaw(List<BufferedImage> faces);

    @Override
    void close();
}
