package org.marginface.train.data;

/**
 * One step's input, ready for the tensor library: N x 3 x H x W floats scaled as (x − 127.5) / 128
 * (the paper's normalisation), channels in RGB order, and N int64 labels.
 *
 * @param iteration the 0-based step this batch belongs to
 */
public record Batch(long iteration, float[] pixels, long[] labels, int height, int width) {

    public int size() {
        return labels.length;
    }
}
