package org.marginface.train.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import org.marginface.core.image.FaceImages;
import org.marginface.core.image.ImageDecoder;
import org.marginface.core.model.ModelInput;
import org.marginface.train.config.ExperimentConfig;

/**
 * Training images as the backbone takes them: decoded by core's {@link ImageDecoder} (so a
 * truncated or corrupt file is refused as everywhere else), checked to have the input size or
 * resized to it, as interleaved RGB bytes. Thread-safe.
 *
 * @param input the model's input: its size, and the normalisation {@link BatchPipeline} applies
 * @param resize scale images of another size to the input size; otherwise such an image is an error
 *     naming the file
 */
public record TrainingImages(ModelInput input, boolean resize) {

    /** The images of a config: the backbone's input, resizing if the data section asks. */
    public static TrainingImages of(ExperimentConfig config) {
        return new TrainingImages(ModelInput.defaultFor(config.backbone().spec()), config.data().resize());
    }

    public int height() {
        return input.height();
    }

    public int width() {
        return input.width();
    }

    /**
     * Reads one image as interleaved RGB bytes, {@code height x width x 3}.
     *
     * @throws org.marginface.core.image.BadImageException if the file is not a readable JPEG or PNG
     * @throws org.marginface.core.image.BadImageException also when resizing is on and the image is beyond
     *     {@link ResizeBounds}
     * @throws WrongSizeException if its size differs from the input size and resizing is off
     */
    public byte[] decodeRgb(Path file) throws IOException {
        BufferedImage image = ImageDecoder.DEFAULT.read(file);
        if (image.getHeight() != height() || image.getWidth() != width()) {
            if (!resize) {
                throw new WrongSizeException(file, image.getHeight(), image.getWidth(), height(), width());
            }
            ResizeBounds.check(file, image.getHeight(), image.getWidth(), height(), width());
            image = FaceImages.scaled(image, height(), width());
        }
        return FaceImages.rgbBytes(image);
    }
}
