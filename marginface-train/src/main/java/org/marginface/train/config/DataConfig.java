package org.marginface.train.config;

import java.util.Locale;

/**
 * Where the training images are and how they are read.
 *
 * @param format {@code images} (an identity-folder tree or a list file) or {@code rec} (an insightface
 *     / MXNet RecordIO pack: {@code root} is the {@code .rec}, its {@code .idx} beside it)
 * @param root the image directory: an identity-folder tree ({@code <identity>/<image>}), or the
 *     directory the list file's paths are relative to; the {@code .rec} file for {@code format: rec}
 * @param list a list file of {@code relative/path label} lines, or empty for the folder tree
 * @param crop {@code HxW}: take the central H x W pixels of each image (e.g. {@code 112x96} from the
 *     112x112 faces of insightface packs), or empty for none
 * @param resize scale images whose size differs from the backbone's input instead of stopping
 * @param mirror the paper's random horizontal flip
 * @param maxBadFraction the share of unreadable files above which the run stops before training
 * @param workers background threads decoding batches
 * @param prefetch batches decoded ahead of the training step
 * @param augment random shifts, colour jitter, grey-scale, blur and down-scaling (all off by default)
 */
public record DataConfig(String format, String root, String list, String crop, boolean resize, boolean mirror,
        double maxBadFraction, int workers, int prefetch, AugmentConfig augment) {

    public static final String IMAGES = "images";
    public static final String REC = "rec";

    public DataConfig {
        format = format == null || format.isBlank() ? IMAGES : format.strip().toLowerCase(Locale.ROOT);
        if (!format.equals(IMAGES) && !format.equals(REC)) {
            throw new IllegalArgumentException("data.format: '" + format + "' is not one of images, rec");
        }
        if (root == null || root.isBlank()) {
            throw new IllegalArgumentException("data.root: missing (the image directory, or the .rec file)");
        }
        list = list == null ? "" : list;
        crop = crop == null ? "" : crop.strip();
        if (format.equals(REC) && !list.isBlank()) {
            throw new IllegalArgumentException("data.list: a list file does not apply to data.format: rec");
        }
        if (!crop.isEmpty()) {
            cropSize(crop);
        }
        Checks.fraction("data.maxBadFraction", maxBadFraction);
        Checks.positive("data.workers", workers);
        Checks.positive("data.prefetch", prefetch);
        Checks.notNull("data.augment", augment);
    }

    /** The same reading of other data: {@code root} in {@code format}, without a list file. */
    public DataConfig withSource(String newFormat, String newRoot) {
        return new DataConfig(newFormat, newRoot, "", crop, resize, mirror, maxBadFraction, workers, prefetch, augment);
    }

    public boolean usesList() {
        return !list.isBlank();
    }

    public boolean usesRec() {
        return format.equals(REC);
    }

    /** The crop as {height, width}, or null for none. */
    public int[] cropHeightWidth() {
        return crop.isEmpty() ? null : cropSize(crop);
    }

    private static int[] cropSize(String text) {
        String[] hw = text.toLowerCase(Locale.ROOT).split("x");
        try {
            if (hw.length == 2) {
                int h = Integer.parseInt(hw[0].strip());
                int w = Integer.parseInt(hw[1].strip());
                if (h > 0 && w > 0) {
                    return new int[] {h, w};
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("data.crop: expected HEIGHTxWIDTH such as 112x96, got '" + text + "'");
    }
}
