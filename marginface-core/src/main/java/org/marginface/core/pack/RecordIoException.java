package org.marginface.core.pack;

import java.io.IOException;

/** A RecordIO file ({@code .rec}/{@code .idx}) that does not hold what the format says; the message names the file and where. */
public final class RecordIoException extends IOException {
    private static final long serialVersionUID = 1L;

    public RecordIoException(String message) {
        super(message);
    }
}
