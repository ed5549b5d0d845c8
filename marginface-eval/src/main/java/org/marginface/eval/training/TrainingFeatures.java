package org.marginface.eval.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.marginface.core.embed.BatchEmbedding;
import org.marginface.core.embed.Embedder;
import org.marginface.core.embed.FlipFusion;
import org.marginface.core.image.ImageSet;
import org.marginface.core.model.FaceModel;

/**
 * Image + mirror summed features of a training model. No embedding cache: the weights change between
 * evaluations.
 */
final class TrainingFeatures {

    private TrainingFeatures() {}

    static Map<Path, float[]> of(FaceModel model, List<Path> images) throws IOException {
        List<ImageSet.Entry> entries = new ArrayList<>(images.size());
        images.forEach(p -> entries.add(new ImageSet.Entry(p, p.toString())));
        Map<Path, float[]> features = new HashMap<>(images.size() * 2);
        try (Embedder embedder = model.embedder(FlipFusion.SUM)) {
            BatchEmbedding.run(embedder, new ImageSet(Path.of("."), entries), 32,
                    (index, entry, feature) -> features.put(entry.file(), feature), (done, total) -> { });
        }
        return features;
    }
}
