package org.marginface.train.run;

import org.marginface.core.model.FaceModel;
import org.marginface.train.config.ExperimentConfig;

/** The model a config trains: its backbone and head, and how the head trains ({@code head.sampleRate}). */
final class TrainingModel {

    private TrainingModel() {}

    /** A new model of {@code numClasses} classes, seeded by the config, its head set up for training. */
    static FaceModel create(ExperimentConfig config, int numClasses) {
        return prepare(FaceModel.create(config.backbone().spec(), config.head().spec(), numClasses, config.seed()),
                config);
    }

    /**
     * Sets up the head of {@code model} (new or loaded from a checkpoint) to train as the config says:
     * the training options the manifest does not record, such as class sampling.
     */
    static FaceModel prepare(FaceModel model, ExperimentConfig config) {
        model.head().sampleClasses(config.head().sampleRate(), config.seed());
        return model;
    }
}
