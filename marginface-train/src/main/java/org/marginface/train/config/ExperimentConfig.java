package org.marginface.train.config;

/**
 * One training experiment, as written in its YAML file (after defaults, {@code --set} overrides and
 * environment variables are applied). Every section is required here; {@link ConfigLoader} fills the
 * ones a file leaves out from the built-in defaults.
 *
 * @param name a label for logs and the run directory's manifest
 * @param seed fixes initial weights, the data order, the mirror flips and the augmentations
 */
public record ExperimentConfig(
        String name,
        long seed,
        DataConfig data,
        BackboneConfig backbone,
        HeadConfig head,
        OptimizerConfig optimizer,
        ScheduleConfig schedule,
        BatchConfig batch,
        CheckpointConfig checkpoint,
        EvaluationConfig evaluation) {

    public ExperimentConfig {
        Checks.notNull("data", data);
        Checks.notNull("backbone", backbone);
        Checks.notNull("head", head);
        Checks.notNull("optimizer", optimizer);
        Checks.notNull("schedule", schedule);
        Checks.notNull("batch", batch);
        Checks.notNull("checkpoint", checkpoint);
        Checks.notNull("evaluation", evaluation);
    }
}
