package org.marginface.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.marginface.core.embed.BatchEmbedding;
import org.marginface.core.embed.EmbeddingWriter;
import org.marginface.core.embed.Embedder;
import org.marginface.core.embed.FlipFusion;
import org.marginface.core.image.ImageSet;
import org.marginface.core.model.FaceModel;
import org.marginface.core.model.ModelDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "embed", mixinStandardHelpOptions = true,
        description = {"Embed aligned face images (a file, a directory tree, or a list file).",
            "Writes L2-normalised features as .npy (with a .paths sidecar), .csv or .jsonl."})
final class EmbedCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "model directory")
    Path model;

    @Option(names = "--images", required = true, description = "an image, a directory (walked recursively) or a list file (.txt/.lst)")
    Path images;

    @Option(names = "--out", required = true, description = "output file: .npy, .csv or .jsonl")
    Path out;

    @Option(names = "--flip", defaultValue = "sum",
            description = "sum (image + mirror, the paper's), concat or none (default: ${DEFAULT-VALUE})")
    String flip;

    @Option(names = "--raw", description = "write the fused features before L2 normalisation (their norms carry quality)")
    boolean raw;

    @Option(names = "--batch", defaultValue = "32", description = "images per network call (default: ${DEFAULT-VALUE})")
    int batch;

    @Override
    public Integer call() throws Exception {
        FlipFusion fusion = FlipFusion.parse(flip);
        EmbeddingWriter.Format.of(out);
        ImageSet set = ImageSet.of(images);
        try (FaceModel faceModel = ModelDirectory.load(model);
                Embedder embedder = new Embedder(faceModel, fusion);
                EmbeddingWriter writer = new EmbeddingWriter(out, set.size(), embedder.dimension())) {
            Progress progress = new Progress("embed");
            BatchEmbedding.run(embedder, set, batch,
                    (index, entry, feature) -> writer.write(entry.name(), raw ? feature : Embedder.l2Normalize(feature)),
                    (done, total) -> progress.update(done, total));
            writer.commit();
        }
        System.out.println("wrote " + set.size() + " embeddings to " + out);
        return 0;
    }
}
