package org.marginface.core.align;

/** Five points that cannot define an alignment: a non-finite coordinate, or points (nearly) all in one place. */
public final class InvalidLandmarksException extends IllegalArgumentException {

    public InvalidLandmarksException(String message) {
        super(message);
    }
}
