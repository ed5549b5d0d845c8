package org.marginface.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.marginface.core.backbone.BackboneSpec;
import org.marginface.core.model.FaceModel;
import org.marginface.core.model.Manifest;
import org.marginface.core.model.ModelDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Write an untrained, seeded model directory (for tests, benchmarks and fine-tuning starts).")
final class InitCommand implements Callable<Integer> {

    @Option(names = "--backbone", defaultValue = "sphereface20",
            description = "sphereface4, sphereface10, sphereface20, sphereface36 or sphereface64 (default: ${DEFAULT-VALUE})")
    String backbone;

    @Option(names = "--embedding", defaultValue = "512", description = "embedding size (default: ${DEFAULT-VALUE})")
    int embedding;

    @Option(names = "--input", defaultValue = "112x96", description = "input HEIGHTxWIDTH (default: ${DEFAULT-VALUE})")
    String input;

    @Option(names = "--seed", defaultValue = "0", description = "initialisation seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", required = true, description = "model directory to write")
    Path out;

    @Override
    public Integer call() throws Exception {
        int[] size = InputSize.parse(input);
        BackboneSpec spec = BackboneSpec.parse(backbone, size[0], size[1], embedding);
        try (FaceModel model = FaceModel.create(spec, null, 0, seed)) {
            Manifest m = ModelDirectory.save(model, out);
            System.out.println("wrote " + out + ": " + spec.name() + " " + spec.inputHeight() + "x" + spec.inputWidth()
                    + ", " + spec.embeddingSize() + "-d embedding, seed " + seed + ", fingerprint " + m.fingerprint());
        }
        return 0;
    }
}
