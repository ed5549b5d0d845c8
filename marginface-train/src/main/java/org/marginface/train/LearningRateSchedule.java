package org.marginface.train;

import org.marginface.train.config.ScheduleConfig;

/**
 * The learning rate at each iteration: Caffe's multi-step policy (the paper's: ×0.1 at 16k, 24k and
 * 28k) or a half cosine, either behind an optional linear warm-up. Iterations are 0-based counts of
 * completed steps, as in Caffe, so a step at 16000 applies from the 16001st update on.
 */
public record LearningRateSchedule(ScheduleConfig config, double baseLr) {

    public double at(long iteration) {
        double lr;
        if (config.type().equals("cosine")) {
            double t = Math.min(1.0, (double) iteration / config.iterations());
            lr = config.minLr() + (baseLr - config.minLr()) * 0.5 * (1 + Math.cos(Math.PI * t));
        } else {
            int passed = 0;
            for (long step : config.steps()) {
                if (iteration >= step) {
                    passed++;
                }
            }
            lr = baseLr * Math.pow(config.gamma(), passed);
        }
        long warmup = config.warmupIterations();
        if (iteration < warmup) {
            double start = config.warmupStartFactor();
            lr *= start + (1 - start) * iteration / warmup;
        }
        return lr;
    }
}
