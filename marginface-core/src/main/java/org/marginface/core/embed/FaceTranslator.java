package org.marginface.core.embed;

import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import org.marginface.core.image.FaceImages;

/**
 * Between the outside world and the network: an aligned face image in, its raw fused feature out.
 * The image must already have the model's input size (alignment is a separate step).
 */
public final class FaceTranslator implements Translator<Image, float[]> {

    private final int height;
    private final int width;

    public FaceTranslator(int height, int width) {
        this.height = height;
        this.width = width;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, Image input) {
        if (input.getHeight() != height || input.getWidth() != width) {
            throw new IllegalArgumentException("image is " + input.getWidth() + "x" + input.getHeight()
                    + " (width x height) but the model takes aligned " + width + "x" + height + " faces");
        }
        float[] chw = FaceImages.toInput((BufferedImage) input.getWrappedImage());
        return new NDList(ctx.getNDManager().create(chw, new Shape(3, height, width)));
    }

    @Override
    public float[] processOutput(TranslatorContext ctx, NDList list) {
        return list.singletonOrThrow().toFloatArray();
    }
}
