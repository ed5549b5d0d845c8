package org.marginface.train.config;

/**
 * @param every iterations between checkpoints (one is also written at the end)
 * @param keep how many of the newest checkpoints to keep
 */
public record CheckpointConfig(long every, int keep) {

    public CheckpointConfig {
        Checks.positive("checkpoint.every", every);
        Checks.positive("checkpoint.keep", keep);
    }
}
