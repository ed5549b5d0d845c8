package org.marginface.core.detect;

import java.util.ArrayList;
import java.util.List;

/**
 * A band of input rows for P-Net and the output rows it yields exactly as the whole input would.
 * Output row i sees input rows [2i, 2i + 12); a band of 2n + 10 rows starting at an even row 2a gives
 * output rows a … a + n − 1 with no partial pooling window (only the last band, which ends at the
 * input's end, has one, as the whole input would).
 */
record PnetStrip(int firstInputRow, int inputRows, int firstOutputRow, int outputRows) {

    /** P-Net's output length for an input length: conv 3, ceil-mode pool 2/2, conv 3, conv 3. */
    static int outputLength(int inputLength) {
        return (inputLength - 1) / 2 - 4;
    }

    /** Bands covering {@code rows} input rows with about {@code pixels} input pixels each. */
    static List<PnetStrip> cover(int rows, int cols, int pixels) {
        int total = outputLength(rows);
        if (total < 1) {
            throw new IllegalArgumentException("P-Net needs at least 12 rows, got " + rows);
        }
        int perStrip = Math.max(1, (pixels / Math.max(1, cols) - 10) / 2);
        List<PnetStrip> strips = new ArrayList<>();
        for (int a = 0; a < total; a += perStrip) {
            int n = Math.min(perStrip, total - a);
            int end = a + n >= total ? rows : 2 * a + 2 * n + 10;
            strips.add(new PnetStrip(2 * a, end - 2 * a, a, n));
        }
        return strips;
    }

    /** The band's rows of a (3, rows, cols) planar array. */
    float[] slice(float[] input, int cols) {
        int rows = input.length / 3 / cols;
        float[] out = new float[3 * inputRows * cols];
        for (int c = 0; c < 3; c++) {
            System.arraycopy(input, (c * rows + firstInputRow) * cols, out, c * inputRows * cols, inputRows * cols);
        }
        return out;
    }
}
