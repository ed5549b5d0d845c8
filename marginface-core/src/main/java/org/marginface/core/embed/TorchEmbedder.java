package org.marginface.core.embed;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.translate.TranslateException;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.marginface.core.engine.Engines;
import org.marginface.core.model.FaceModel;
import org.marginface.core.model.ModelInput;

/**
 * A marginface backbone on libtorch: the model's backbone behind a {@link FusedEmbeddingBlock}
 * and a {@link FaceTranslator}. Not thread-safe; use one per thread.
 */
public final class TorchEmbedder implements Embedder {

    private final ModelInput input;
    private final int embeddingSize;
    private final FlipFusion fusion;
    private final Model model;
    private final Predictor<Image, float[]> predictor;

    public TorchEmbedder(FaceModel faceModel, FlipFusion fusion) {
        this.input = faceModel.manifest().input();
        this.embeddingSize = faceModel.spec().embeddingSize();
        this.fusion = fusion;
        this.model = Model.newInstance("marginface-" + faceModel.spec().name());
        model.setBlock(new FusedEmbeddingBlock(faceModel.backbone(), fusion));
        this.predictor = model.newPredictor(new FaceTranslator(input));
    }

    @Override
    public ModelInput input() {
        return input;
    }

    @Override
    public FlipFusion fusion() {
        return fusion;
    }

    @Override
    public int embeddingSize() {
        return embeddingSize;
    }

    @Override
    public List<float[]> embedRaw(List<BufferedImage> faces) {
        List<Image> images = new ArrayList<>(faces.size());
        for (BufferedImage face : faces) {
            images.add(ImageFactory.getInstance().fromImage(face));
        }
        Engines.disableGradientsOnThisThread();
        try {
            return predictor.batchPredict(images);
        } catch (TranslateException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new IllegalStateException("embedding failed: " + cause.getMessage(), e);
        }
    }

    @Override
    public void close() {
        predictor.close();
        // the parameters belong to the FaceModel, which closes them; the DJL model only wraps the block
        model.close();
    }
}
