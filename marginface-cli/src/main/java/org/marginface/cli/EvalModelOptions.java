package org.marginface.cli;

import org.marginface.core.embed.EmbeddingModel;
import org.marginface.core.embed.InferenceRuntime;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.marginface.core.embed.FlipFusion;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options every cached evaluation shares: which model, how to fuse the mirror, where the cache is. */
final class EvalModelOptions {

    @Option(names = "--model", required = true, description = "model directory")
    Path model;

    @Mixin
    RuntimeOption runtime;

    @Option(names = "--flip", defaultValue = "sum", description = "sum, concat or none (default: ${DEFAULT-VALUE})")
    String flip;

    @Option(names = "--cache", description = "embedding cache directory (default: $MARGINFACE_CACHE or ~/.cache/marginface)")
    Path cache;

    @Option(names = "--batch", defaultValue = "32", description = "images per network call (default: ${DEFAULT-VALUE})")
    int batch;

    /** The model, on the runtime chosen. */
    EmbeddingModel load() throws IOException {
        return runtime.load(model, InferenceRuntime.FOR_BATCHES);
    }

    FlipFusion fusion() {
        return FlipFusion.parse(flip);
    }

    /** Raw fused features of the images, through the embedding cache. */
    Map<Path, float[]> features(EmbeddingModel faceModel, List<Path> images) throws IOException {
        return FeatureSource.features(faceModel, images, fusion(), cache != null ? cache : FeatureSource.defaultCache(), batch);
    }
}
