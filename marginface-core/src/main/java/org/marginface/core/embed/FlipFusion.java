package org.marginface.core.embed;

/** How the embedding of an image and that of its horizontal mirror are combined. */
public enum FlipFusion {
    /** f(x) + f(mirror x), the paper's test-time feature. */
    SUM,
    /** [f(x), f(mirror x)], twice the dimension. */
    CONCAT,
    /** f(x) alone. */
    NONE;

    /** The fused feature's dimension for a backbone embedding of {@code embeddingSize}. */
    public int dimension(int embeddingSize) {
        return this == CONCAT ? 2 * embeddingSize : embeddingSize;
    }

    /** Parses sum, concat or none (any case). */
    public static FlipFusion parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("flip: expected sum, concat or none, got '" + text + "'", e);
        }
    }
}
