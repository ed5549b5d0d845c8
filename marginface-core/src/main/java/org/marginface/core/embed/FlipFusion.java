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

    /** The fused feature of an image's embedding and its mirror's ({@code mirror} unused for {@link #NONE}). */
    public float[] fuse(float[] image, float[] mirror) {
        return switch (this) {
            case NONE -> image;
            case SUM -> {
                float[] sum = new float[image.length];
                for (int k = 0; k < sum.length; k++) {
                    sum[k] = image[k] + mirror[k];
                }
                yield sum;
            }
            case CONCAT -> {
                float[] both = java.util.Arrays.copyOf(image, 2 * image.length);
                System.arraycopy(mirror, 0, both, image.length, mirror.length);
                yield both;
            }
        };
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
