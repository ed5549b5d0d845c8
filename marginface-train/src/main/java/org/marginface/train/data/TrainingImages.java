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
 * @param cropHeight with {@code cropWidth}, the central region taken from each image before the size
 *     check ({@code data.crop}), or 0 for none
 */
public record TrainingImages(ModelInput input, boolean resize, int cropHeight, int cropWidth) {

    public TrainingImages {
        if (cropHeight < 0 || cropWidth < 0 || (cropHeight == 0) != (cropWidth == 0)) {
            throw new IllegalArgumentException("crop " + cropHeight + "x" + cropWidth + ": both positive or both 0");
        }
    }

    /** Without a crop. */
    public TrainingImages(ModelInput input, boolean resize) {
        this(input, resize, 0, 0);
    }

    /** The images of a config: the backbone's input, cropping and resizing if the data section asks. */
    public static TrainingImages of(ExperimentConfig config) {
        int[] crop = config.data().cropHeightWidth();
        return new TrainingImages(ModelInput.defaultFor(config.backbone().spec()), config.data().resize(),
                crop == null ? 0 : crop[0], crop == null ? 0 : crop[1]);
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
     * @throws WrongSizeException if its size differs from the input size and resizing is off, or it is
     *     smaller than the crop
     */
    public byte[] decodeRgb(Path file) throws IOException {
        return fit(ImageDecoder.DEFAULT.read(file), file);
    }

    /**
     * As {@link #decodeRgb(Path)} for an image already in memory.
     *
     * @param source names the image in errors (its file, or its record in a pack)
     */
    public byte[] decodeRgb(byte[] bytes, Path source) throws IOException {
        return fit(ImageDecoder.DEFAULT.decode(bytes, source.toString()), source);
    }

    private byte[] fit(BufferedImage image, Path file) throws IOException {
        if (cropHeight > 0) {
            if (image.getHeight() < cropHeight || image.getWidth() < cropWidth) {
                throw WrongSizeException.smallerThanCrop(file, image.getHeight(), image.getWidth(), cropHeight, cropWidth);
            }
            image = image.getSubimage((image.getWidth() - cropWidth) / 2, (image.getHeight() - cropHeight) / 2,
                    cropWidth, cropHeight);
        }
        if (image.getHeight() != height() || image.getWidth() != width()) {
            if (!resize) {
                throw WrongSizeException.notInput(file, image.getHeight(), image.getWidth(), height(), width());
            }
            ResizeBounds.check(file, image.getHeight(), image.getWidth(), height(), width());
            image = FaceImages.scaled(image, height(), width());
        }
        return FaceImages.rgbBytes(image);
    }
}
