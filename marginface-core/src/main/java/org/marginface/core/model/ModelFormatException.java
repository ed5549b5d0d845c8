package org.marginface.core.model;

import java.io.IOException;

/** A model directory that cannot be used as it is; the message names the file or manifest field. */
public final class ModelFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public ModelFormatException(String message) {
        super(message);
    }
}
