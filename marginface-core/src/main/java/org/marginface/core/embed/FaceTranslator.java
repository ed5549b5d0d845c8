package org.marginface.core.embed;

import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import java.awt.image.BufferedImage;
import org.marginface.core.model.ModelInput;

/**
 * Between the outside world and the network: an aligned face image in, its raw fused feature out.
 * The image must already have the model's input size (alignment is a separate step); the model's
 * {@link ModelInput} normalises it.
 */
public final class FaceTranslator implements Translator<Image, float[]> {

    private final ModelInput input;

    public FaceTranslator(ModelInput input) {
        this.input = input;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, Image image) {
        float[] chw = input.planes((BufferedImage) image.getWrappedImage());
        return new NDList(ctx.getNDManager().create(chw, new Shape(3, input.height(), input.width())));
    }

    @Override
    public float[] processOutput(TranslatorContext ctx, NDList list) {
        return list.singletonOrThrow().toFloatArray();
    }
}
