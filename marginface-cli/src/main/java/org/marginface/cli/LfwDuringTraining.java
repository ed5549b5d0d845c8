package org.marginface.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.marginface.core.embed.BatchEmbedding;
import org.marginface.core.embed.Embedder;
import org.marginface.core.embed.FlipFusion;
import org.marginface.core.image.ImageSet;
import org.marginface.core.model.FaceModel;
import org.marginface.eval.LfwPairs;
import org.marginface.eval.LfwVerification;
import org.marginface.eval.Protocol;
import org.marginface.eval.VerificationResult;
import org.marginface.train.config.ExperimentConfig;
import org.marginface.train.run.Evaluator;

/**
 * LFW verification during training (the paper's protocol, image + mirror), for
 * {@code evaluation.every}. No embedding cache: the weights change between evaluations.
 */
final class LfwDuringTraining implements Evaluator {

    private final LfwPairs pairs;

    private LfwDuringTraining(LfwPairs pairs) {
        this.pairs = pairs;
    }

    /** The evaluator a config asks for, or null when it asks for none. */
    static Evaluator of(ExperimentConfig config) throws IOException {
        if (config.evaluation().every() == 0 || config.evaluation().lfw().isBlank()) {
            return null;
        }
        LfwLocation where = LfwLocation.of(Path.of(config.evaluation().lfw()), null);
        return new LfwDuringTraining(LfwPairs.read(where.pairs(), where.images()));
    }

    @Override
    public Map<String, Double> evaluate(FaceModel model, long iteration) throws IOException {
        List<Path> images = pairs.images();
        List<ImageSet.Entry> entries = new ArrayList<>(images.size());
        images.forEach(p -> entries.add(new ImageSet.Entry(p, p.toString())));
        Map<Path, float[]> features = new java.util.HashMap<>(images.size() * 2);
        try (Embedder embedder = model.embedder(FlipFusion.SUM)) {
            BatchEmbedding.run(embedder, new ImageSet(Path.of("."), entries), 32,
                    (index, entry, feature) -> features.put(entry.file(), feature), (done, total) -> { });
        }
        VerificationResult r = LfwVerification.evaluate(pairs, features, Protocol.SPHEREFACE, false).result();
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("lfw_accuracy", r.accuracy());
        out.put("lfw_std", r.std());
        out.put("lfw_tar_at_far_1e-3", r.tarAtFar().get(0).tar());
        return out;
    }
}
