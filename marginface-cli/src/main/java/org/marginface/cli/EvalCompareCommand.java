package org.marginface.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.marginface.core.embed.BatchEmbedding;
import org.marginface.core.embed.Embedder;
import org.marginface.core.embed.EmbeddingModel;
import org.marginface.core.embed.FlipFusion;
import org.marginface.core.embed.InferenceRuntime;
import org.marginface.core.inference.InferenceModels;
import org.marginface.core.image.ImageSet;
import org.marginface.eval.FeatureAgreement;
import org.marginface.eval.LfwLocation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Runs two models on the first LFW crops (in name order) and prints the largest absolute difference",
            "of their L2-normalised features: an export round trip's check (libtorch on a marginface model against",
            "ONNX Runtime on its exported and re-imported graph), or one model on both runtimes",
            "(--model M --model M --runtime libtorch,onnxruntime). Both networks run; the embedding cache is not used."})
final class EvalCompareCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, arity = "1", paramLabel = "M",
            description = "a model directory; give exactly two")
    List<Path> models;

    @Option(names = "--runtime", split = ",", paramLabel = "ENGINE", converter = RuntimeOption.Converter.class,
            description = "the runtime of marginface models: one for both, or two (first model, second model);"
                    + " libtorch or onnxruntime; imported ONNX graphs run on onnxruntime (default: libtorch)")
    List<InferenceRuntime> runtimes;

    @Option(names = "--lfw", required = true, description = "LFW folder (with lfw-112x96/) or any aligned image folder")
    Path lfw;

    @Option(names = "--limit", defaultValue = "100", description = "how many crops (default: ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--flip", defaultValue = "none",
            description = "none (the network's own output), sum or concat (default: ${DEFAULT-VALUE})")
    String flip;

    @Option(names = "--batch", defaultValue = "25", description = "images per network call (default: ${DEFAULT-VALUE})")
    int batch;

    @Override
    public Integer call() throws Exception {
        if (models.size() != 2) {
            throw new IllegalArgumentException("--model: give exactly two model directories, got " + models.size());
        }
        if (runtimes == null) {
            runtimes = List.of(InferenceRuntime.FOR_BATCHES);
        }
        if (runtimes.isEmpty() || runtimes.size() > 2) {
            throw new IllegalArgumentException("--runtime: give one runtime or two (one per model), got " + runtimes.size());
        }
        if (limit < 1) {
            throw new IllegalArgumentException("--limit must be positive, got " + limit);
        }
        FlipFusion fusion = FlipFusion.parse(flip);
        ImageSet images = firstImages(lfw, limit);
        List<float[]> first = features(models.get(0), runtimes.get(0), images, fusion);
        List<float[]> second = features(models.get(1), runtimes.get(runtimes.size() - 1), images, fusion);
        FeatureAgreement agreement = FeatureAgreement.of(
                images.entries().stream().map(ImageSet.Entry::name).toList(), first, second);
        System.out.printf(Locale.ROOT, "%d images, flip %s: max abs difference of L2-normalised features %.3e (%s),"
                        + " lowest cosine %.8f%n", agreement.images(), fusion.name().toLowerCase(Locale.ROOT),
                agreement.maxDifference(), agreement.worstImage(), agreement.minCosine());
        return 0;
    }

    /** The first {@code n} .jpg/.jpeg/.png files under the image folder, in path order. */
    private static ImageSet firstImages(Path lfw, int n) throws IOException {
        Path root = LfwLocation.imageFolder(lfw);
        List<ImageSet.Entry> entries = new ArrayList<>(n);
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.(jpe?g|png)"))
                    .sorted().limit(n)
                    .forEach(p -> entries.add(new ImageSet.Entry(p, root.relativize(p).toString())));
        }
        if (entries.size() < n) {
            throw new IOException(root + ": " + entries.size() + " images, fewer than --limit " + n);
        }
        return new ImageSet(root, entries);
    }

    private List<float[]> features(Path model, InferenceRuntime runtime, ImageSet images, FlipFusion fusion)
            throws IOException {
        List<float[]> rows = new ArrayList<>(images.size());
        try (EmbeddingModel loaded = InferenceModels.load(model, runtime); Embedder embedder = loaded.embedder(fusion)) {
            CropPadding.note(loaded, List.of(images.entries().get(0).file()));
            BatchEmbedding.run(embedder, images, batch, (i, entry, row) -> rows.add(row), (done, total) -> { });
        }
        return rows;
    }
}
