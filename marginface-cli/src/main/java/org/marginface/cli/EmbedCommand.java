package org.marginface.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.marginface.core.align.FaceAligner;
import org.marginface.core.embed.BatchEmbedding;
import org.marginface.core.embed.Embedder;
import org.marginface.core.embed.EmbeddingModel;
import org.marginface.core.embed.InferenceRuntime;
import org.marginface.core.embed.EmbeddingWriter;
import org.marginface.core.embed.FlipFusion;
import org.marginface.core.embed.Vectors;
import org.marginface.core.image.FaceImages;
import org.marginface.core.image.ImageSet;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "embed", mixinStandardHelpOptions = true,
        description = {"Embed aligned face images (a file, a directory tree, or a list file).",
            "Writes L2-normalised features as .npy (with a .paths sidecar), .csv or .jsonl.",
            "With --detect the images are photos: each photo's main face (MTCNN; the largest, most central) is"
                + " aligned to the model's input and embedded, and the faces used (box, score, landmarks) go to"
                + " the sidecar <out>.faces.jsonl; photos without a face are reported and left out."})
final class EmbedCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "model directory")
    Path model;

    @CommandLine.Mixin
    RuntimeOption runtime;

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

    @Option(names = "--detect", description = "the images are photos without landmarks: detect, align the main face, embed it")
    boolean detect;

    @CommandLine.Mixin
    DetectorOptions detector;

    @Override
    public Integer call() throws Exception {
        FlipFusion fusion = FlipFusion.parse(flip);
        EmbeddingWriter.Format.of(out);
        ImageSet set = ImageSet.of(images);
        try (EmbeddingModel faceModel = runtime.load(model, InferenceRuntime.FOR_BATCHES);
                Embedder embedder = faceModel.embedder(fusion)) {
            BatchEmbedding.FaceLoader loader = null;
            if (detect) {
                PhotoFaces faces = PhotoFaces.detect(detector, set, facesSidecar(out));
                set = faces.withFaces();
                FaceAligner aligner = new FaceAligner(embedder.input().alignment());
                loader = entry -> aligner.align(FaceImages.read(entry.file()), faces.landmarks(entry));
            } else {
                CropPadding.note(faceModel, set.entries().stream().limit(1).map(ImageSet.Entry::file).toList());
            }
            try (EmbeddingWriter writer = new EmbeddingWriter(out, set.size(), embedder.dimension())) {
                Progress progress = new Progress("embed");
                BatchEmbedding.Sink sink =
                        (index, entry, feature) -> writer.write(entry.name(), raw ? feature : Vectors.l2Normalize(feature));
                BatchEmbedding.Progress done = (n, total) -> progress.update(n, total);
                if (loader == null) {
                    BatchEmbedding.run(embedder, set, batch, sink, done);
                } else {
                    BatchEmbedding.run(embedder, set, batch, loader, sink, done);
                }
                writer.commit();
            }
        }
        System.out.println("wrote " + set.size() + " embeddings to " + out);
        return 0;
    }

    /** Where --detect records the face it used for each photo. */
    static Path facesSidecar(Path out) {
        String name = out.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return out.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".faces.jsonl");
    }
}
