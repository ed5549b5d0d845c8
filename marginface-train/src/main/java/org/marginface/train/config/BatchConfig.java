package org.marginface.train.config;

/**
 * @param size images per optimisation step (the paper's 256)
 * @param microBatches equal parts the step is split into, their gradients accumulated, so that a large
 *     batch runs in limited memory
 */
public record BatchConfig(int size, int microBatches) {

    public BatchConfig {
        Checks.positive("batch.size", size);
        Checks.positive("batch.microBatches", microBatches);
        if (size % microBatches != 0) {
            throw new IllegalArgumentException("batch.microBatches: " + microBatches + " does not divide batch.size " + size);
        }
    }
}
