package org.marginface.core.embed;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The test-time network: runs the backbone on a batch and on its horizontal mirror in one call
 * (one batch of 2N, so the engine sees a larger matrix product) and fuses the two embeddings.
 * Output: the raw fused features, not normalised, because their norm carries image quality.
 */
public final class FusedEmbeddingBlock extends AbstractBlock {

    private final Block backbone;
    private final FlipFusion fusion;

    public FusedEmbeddingBlock(Block backbone, FlipFusion fusion) {
        this.backbone = addChildBlock("backbone", backbone);
        this.fusion = fusion;
    }

    public FlipFusion fusion() {
        return fusion;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        if (fusion == FlipFusion.NONE) {
            return backbone.forward(store, inputs, training, params);
        }
        long n = x.getShape().get(0);
        NDArray both = x.concat(x.flip(3), 0);
        NDArray embeddings = backbone.forward(store, new NDList(both), training, params).singletonOrThrow();
        NDList halves = embeddings.split(new long[] {n}, 0);
        NDArray fused = fusion == FlipFusion.SUM ? halves.get(0).add(halves.get(1)) : halves.get(0).concat(halves.get(1), 1);
        return new NDList(fused);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape out = backbone.getOutputShapes(inputShapes)[0];
        return new Shape[] {fusion == FlipFusion.CONCAT ? new Shape(out.get(0), 2 * out.get(1)) : out};
    }
}
