package org.marginface.eval;

/** A pairs.txt that does not fit the View 2 format, or that names an image that is not there. */
public final class LfwPairsException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public LfwPairsException(String message) {
        super(message);
    }
}
