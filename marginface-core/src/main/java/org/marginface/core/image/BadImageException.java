package org.marginface.core.image;

import java.io.IOException;

/** Bytes or a file that {@link ImageDecoder} refuses, with the source named and the kind of refusal. */
public final class BadImageException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Why the image was refused, for callers that answer differently (e.g. HTTP status codes). */
    public enum Kind {
        MISSING, EMPTY, NOT_AN_IMAGE, UNSUPPORTED, TOO_LARGE, CORRUPT
    }

    private final Kind kind;
    private final String reason;

    public BadImageException(String source, Kind kind, String reason) {
        super(source + ": " + reason);
        this.kind = kind;
        this.reason = reason;
    }

    public Kind kind() {
        return kind;
    }

    /** The message without the source. */
    public String reason() {
        return reason;
    }
}
