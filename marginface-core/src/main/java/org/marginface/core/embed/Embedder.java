package org.marginface.core.embed;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.translate.TranslateException;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.marginface.core.backbone.BackboneSpec;
import org.marginface.core.engine.Engines;
import org.marginface.core.model.FaceModel;

/**
 * Aligned face images in, features out: the model's backbone behind a {@link FusedEmbeddingBlock}
 * and a {@link FaceTranslator}. Not thread-safe; use one per thread.
 */
public final class Embedder implements AutoCloseable {

    private final BackboneSpec spec;
    private final FlipFusion fusion;
    private final Model model;
    private final Predictor<Image, float[]> predictor;

    public Embedder(FaceModel faceModel, FlipFusion fusion) {
        this.spec = faceModel.spec();
        this.fusion = fusion;
        this.model = Model.newInstance("marginface-" + spec.name());
        model.setBlock(new FusedEmbeddingBlock(faceModel.backbone(), fusion));
        this.predictor = model.newPredictor(new FaceTranslator(spec.inputHeight(), spec.inputWidth()));
    }

    /** Dimension of the fused feature. */
    public int dimension() {
        return fusion.dimension(spec.embeddingSize());
    }

    public FlipFusion fusion() {
        return fusion;
    }

    public BackboneSpec spec() {
        return spec;
    }

    /** Raw fused features (not normalised) of a batch of aligned faces, in input order. */
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

    /** The L2 norm of a feature. Use {@link Vectors#norm(float[])}; kept until marginface-serve has moved. */
    @Deprecated
    public static double norm(float[] feature) {
        return Vectors.norm(feature);
    }

    /** A unit-length copy of a feature. Use {@link Vectors#l2Normalize}; kept until marginface-serve has moved. */
    @Deprecated
    public static float[] l2Normalize(float[] feature) {
        return Vectors.l2Normalize(feature);
    }

    @Override
    public void close() {
        predictor.close();
        // the parameters belong to the FaceModel, which closes them; the DJL model only wraps the block
        model.close();
    }
}
