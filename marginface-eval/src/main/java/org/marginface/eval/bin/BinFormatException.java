package org.marginface.eval.bin;

import java.io.IOException;

/** A {@code .bin} that is not an insightface verification set; the message names the file. */
public final class BinFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public BinFormatException(String message) {
        super(message);
    }
}
