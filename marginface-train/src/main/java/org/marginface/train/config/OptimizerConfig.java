package org.marginface.train.config;

/**
 * SGD with momentum in Caffe's form (see {@link org.marginface.train.Sgd}).
 *
 * @param lr the base learning rate, which the schedule scales
 */
public record OptimizerConfig(double lr, double momentum, double weightDecay) {

    public OptimizerConfig {
        Checks.positive("optimizer.lr", lr);
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("optimizer.momentum: must be in [0, 1), got " + momentum);
        }
        Checks.nonNegative("optimizer.weightDecay", weightDecay);
    }
}
