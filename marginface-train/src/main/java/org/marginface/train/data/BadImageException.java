package org.marginface.train.data;

import java.io.IOException;
import java.nio.file.Path;

/** A file that cannot be decoded as an image (empty, truncated, corrupt, or not an image at all). */
public final class BadImageException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String reason;

    public BadImageException(Path file, String reason) {
        super(file + ": " + reason);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
