package org.marginface.train.data;

import java.nio.file.Path;

/** An image whose size is not the backbone's input, read with resizing off: a wrong config or wrong data. */
public final class WrongSizeException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final int height;
    private final int width;

    public WrongSizeException(Path file, int height, int width, int expectedHeight, int expectedWidth) {
        super(file + ": image is " + height + "x" + width + " (height x width) but the backbone takes " + expectedHeight
                + "x" + expectedWidth + "; align the images to that size or set data.resize: true");
        this.file = file;
        this.height = height;
        this.width = width;
    }

    public Path file() {
        return file;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }
}
