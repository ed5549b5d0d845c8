package org.marginface.train.config;

import java.util.List;

/**
 * The learning rate as a function of the iteration, and where training stops.
 *
 * @param type {@code multistep} (multiply by {@code gamma} at each of {@code steps}) or {@code cosine}
 *     (half a cosine from lr down to {@code minLr} over the run)
 * @param iterations the iteration at which training stops
 * @param warmupIterations linear warm-up from {@code warmupStartFactor}·lr to the schedule's value (0: none)
 */
public record ScheduleConfig(
        String type, long iterations, List<Long> steps, double gamma, long warmupIterations,
        double warmupStartFactor, double minLr) {

    public ScheduleConfig {
        Checks.notNull("schedule.type", type);
        if (!type.equals("multistep") && !type.equals("cosine")) {
            throw new IllegalArgumentException("schedule.type: unknown schedule '" + type + "' (known: multistep, cosine)");
        }
        Checks.positive("schedule.iterations", iterations);
        steps = steps == null ? List.of() : List.copyOf(steps);
        long previous = 0;
        for (long step : steps) {
            if (step <= previous) {
                throw new IllegalArgumentException("schedule.steps: must be positive and increasing, got " + steps);
            }
            previous = step;
        }
        Checks.positive("schedule.gamma", gamma);
        Checks.nonNegative("schedule.warmupIterations", warmupIterations);
        Checks.nonNegative("schedule.warmupStartFactor", warmupStartFactor);
        Checks.nonNegative("schedule.minLr", minLr);
    }
}
