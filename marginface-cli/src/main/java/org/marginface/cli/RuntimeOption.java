package org.marginface.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.marginface.core.embed.EmbeddingModel;
import org.marginface.core.embed.InferenceRuntime;
import org.marginface.core.inference.InferenceModels;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/**
 * {@code --runtime}: the engine that embeds with a marginface model, shared by embed, eval and serve.
 * Each command has its own default: the runtime measured faster for the batch sizes it runs.
 */
final class RuntimeOption {

    @Option(names = "--runtime", paramLabel = "ENGINE", converter = Converter.class,
            description = "libtorch or onnxruntime (the model's ONNX export, built in memory): the engine that runs a"
                    + " marginface model; imported ONNX graphs always run on onnxruntime (default: libtorch for embed"
                    + " and eval, which work in batches; onnxruntime for serve, whose faces come one at a time)")
    InferenceRuntime runtime;

    /** The model in {@code dir} on the runtime chosen, else on {@code commandDefault}. */
    EmbeddingModel load(Path dir, InferenceRuntime commandDefault) throws IOException {
        return InferenceModels.load(dir, runtime != null ? runtime : commandDefault);
    }

    static final class Converter implements ITypeConverter<InferenceRuntime> {
        @Override
        public InferenceRuntime convert(String value) {
            return InferenceRuntime.parse(value);
        }
    }
}
