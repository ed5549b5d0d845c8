package org.marginface.train.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.marginface.core.model.FaceModel;
import org.marginface.train.config.ConfigLoader;
import org.marginface.train.config.ExperimentConfig;

class TrainingModelTest {

    @TempDir
    Path tmp;

    /** Review item 3: every model built for training (train-bench's too) trains its head as head.sampleRate says. */
    @Test
    void aNewModelsHeadSamplesTheClassesTheConfigSays() throws Exception {
        Path file = tmp.resolve("c.yaml");
        Files.writeString(file, "data: {root: /unused}\nbackbone: {name: sphereface4, embeddingSize: 16}\n"
                + "head: {type: amsoftmax, sampleRate: 0.25}\n");
        ExperimentConfig config = new ConfigLoader().load(file, List.of()).config();
        try (FaceModel model = TrainingModel.create(config, 8)) {
            assertEquals(0.25, model.head().sampleRate());
            assertEquals(8, model.manifest().numClasses());
        }
    }
}
