package org.marginface.train.config;

/**
 * Where the training images are and how they are read.
 *
 * @param root the image directory: an identity-folder tree ({@code <identity>/<image>}), or the
 *     directory the list file's paths are relative to
 * @param list a list file of {@code relative/path label} lines, or empty for the folder tree
 * @param resize scale images whose size differs from the backbone's input instead of stopping
 * @param mirror the paper's random horizontal flip
 * @param maxBadFraction the share of unreadable files above which the run stops before training
 * @param workers background threads decoding batches
 * @param prefetch batches decoded ahead of the training step
 * @param augment random shifts, colour jitter, grey-scale, blur and down-scaling (all off by default)
 */
public record DataConfig(
        String root, String list, boolean resize, boolean mirror, double maxBadFraction, int workers, int prefetch,
        AugmentConfig augment) {

    public DataConfig {
        if (root == null || root.isBlank()) {
            throw new IllegalArgumentException("data.root: missing (the image directory)");
        }
        list = list == null ? "" : list;
        Checks.fraction("data.maxBadFraction", maxBadFraction);
        Checks.positive("data.workers", workers);
        Checks.positive("data.prefetch", prefetch);
        Checks.notNull("data.augment", augment);
    }

    public boolean usesList() {
        return !list.isBlank();
    }
}
