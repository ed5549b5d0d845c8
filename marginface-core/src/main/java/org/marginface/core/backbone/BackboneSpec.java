package org.marginface.core.backbone;

import java.util.Map;

/**
 * What a backbone is, in the words of a manifest: the family, its depth, the input it takes and the
 * size of the embedding it produces.
 *
 * @param family the network family; only {@code sphereface} for now
 * @param depth the number of weight layers (4, 10, 20, 36 or 64 for SphereFace)
 * @param inputHeight input height in pixels (112)
 * @param inputWidth input width in pixels (96 for the paper's crops, 112 for square ones)
 * @param embeddingSize output dimension of the embedding layer
 */
public record BackboneSpec(String family, int depth, int inputHeight, int inputWidth, int embeddingSize) {

    /** Residual units per stage, keyed by depth (SphereFace paper, table 2). */
    static final Map<Integer, int[]> SPHEREFACE_UNITS = Map.of(
            4, new int[] {0, 0, 0, 0},
            10, new int[] {0, 1, 2, 0},
            20, new int[] {1, 2, 4, 1},
            36, new int[] {2, 4, 8, 2},
            64, new int[] {3, 8, 16, 3});

    /** Channels of the four stages. */
    static final int[] STAGE_CHANNELS = {64, 128, 256, 512};

    public BackboneSpec {
        if (!"sphereface".equals(family)) {
            throw new IllegalArgumentException("backbone.family: unknown family '" + family + "' (known: sphereface)");
        }
        if (!SPHEREFACE_UNITS.containsKey(depth)) {
            throw new IllegalArgumentException(
                    "backbone.depth: SphereFace has no depth " + depth + " (known: 4, 10, 20, 36, 64)");
        }
        if (inputHeight < 16 || inputWidth < 16 || inputHeight % 16 != 0 || inputWidth % 16 != 0) {
            throw new IllegalArgumentException("backbone.input: " + inputHeight + "x" + inputWidth
                    + " is not a size the four stride-2 stages divide evenly (multiples of 16, e.g. 112x96 or 112x112)");
        }
        if (embeddingSize < 1) {
            throw new IllegalArgumentException("backbone.embeddingSize: must be positive, got " + embeddingSize);
        }
    }

    /** The paper's network: SphereFace-20 on 112x96 crops with a 512-d embedding. */
    public static BackboneSpec sphereface(int depth) {
        return new BackboneSpec("sphereface", depth, 112, 96, 512);
    }

    /**
     * Parses a backbone name such as {@code sphereface20}.
     *
     * @throws IllegalArgumentException naming the accepted names
     */
    public static BackboneSpec parse(String name, int inputHeight, int inputWidth, int embeddingSize) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("sphereface")) {
            int depth = -1;
            try {
                depth = Integer.parseInt(lower.substring("sphereface".length()));
            } catch (NumberFormatException e) {
                // not a depth: the message below names the accepted names
            }
            if (SPHEREFACE_UNITS.containsKey(depth)) {
                return new BackboneSpec("sphereface", depth, inputHeight, inputWidth, embeddingSize);
            }
        }
        throw new IllegalArgumentException("unknown backbone '" + name
                + "' (known: sphereface4, sphereface10, sphereface20, sphereface36, sphereface64)");
    }

    /** The short name, e.g. {@code sphereface20}. */
    public String name() {
        return family + depth;
    }

    /** Residual units in each of the four stages. */
    public int[] unitsPerStage() {
        return SPHEREFACE_UNITS.get(depth).clone();
    }

    /** Height and width of the last stage's feature map. */
    public int finalMapHeight() {
        return inputHeight / 16;
    }

    public int finalMapWidth() {
        return inputWidth / 16;
    }

    /**
     * Multiply-accumulate operations of one forward pass of one image, counted analytically
     * (convolutions, PReLU ignored, embedding layer included).
     */
    public long forwardMacs() {
        long macs = 0;
        int h = inputHeight;
        int w = inputWidth;
        int in = 3;
        int[] units = unitsPerStage();
        for (int stage = 0; stage < 4; stage++) {
            int out = STAGE_CHANNELS[stage];
            h /= 2;
            w /= 2;
            long pixels = (long) h * w;
            macs += pixels * out * in * 9L;
            macs += units[stage] * 2L * pixels * out * out * 9L;
            in = out;
        }
        macs += (long) in * h * w * embeddingSize;
        return macs;
    }
}
