package org.marginface.train.data;

import java.nio.file.Path;

/**
 * An image of a size training cannot take as it is: not the backbone's input with resizing off, or
 * smaller than {@code data.crop}. The scan before training skips and lists such images.
 */
public final class WrongSizeException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String reason;

    private WrongSizeException(Path file, String reason) {
        super(file + ": image is " + reason);
        this.file = file;
        this.reason = reason;
    }

    /** An image (after any crop) whose size is not the backbone's input, read with resizing off. */
    public static WrongSizeException notInput(Path file, int height, int width, int inputHeight, int inputWidth) {
        return new WrongSizeException(file, height + "x" + width + " (height x width), not the backbone's input "
                + inputHeight + "x" + inputWidth + "; align the images to that size, or set data.crop (e.g. 112x96 for "
                + "112x112 packs) or data.resize: true");
    }

    /** An image smaller than the central region {@code data.crop} takes from it. */
    public static WrongSizeException smallerThanCrop(Path file, int height, int width, int cropHeight, int cropWidth) {
        return new WrongSizeException(file, height + "x" + width + " (height x width), smaller than data.crop "
                + cropHeight + "x" + cropWidth);
    }

    public Path file() {
        return file;
    }

    /** What is wrong with the size, without the file (as {@code bad-files.txt} lists it). */
    public String reason() {
        return reason;
    }
}
