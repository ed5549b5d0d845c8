package org.marginface.cli;

import org.marginface.core.embed.EmbeddingModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.marginface.core.embed.EmbeddingCache;
import org.marginface.core.embed.FlipFusion;
import org.marginface.core.image.ImageSet;
import org.marginface.core.model.FaceModel;

/**
 * Raw fused features of a list of images for the evaluation commands, through the embedding cache
 * ({@code --cache}, default {@code $MARGINFACE_CACHE} or {@code ~/.cache/marginface}) so that a
 * second evaluation of the same model reads them back instead of running the network.
 */
final class FeatureSource {

    private FeatureSource() {}

    static Path defaultCache() {
        String env = System.getenv("MARGINFACE_CACHE");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "marginface");
    }

    static Map<Path, float[]> features(EmbeddingModel model, List<Path> images, FlipFusion fusion, Path cacheDir, int batch)
            throws IOException {
        List<ImageSet.Entry> entries = new ArrayList<>(images.size());
        for (Path image : images) {
            entries.add(new ImageSet.Entry(image, image.toString()));
        }
        EmbeddingCache cache = EmbeddingCache.open(cacheDir, model);
        Progress progress = new Progress("embed");
        List<float[]> rows = cache.features(model, new ImageSet(Path.of("."), entries), fusion, batch,
                (done, total) -> progress.update(done, total));
        Map<Path, float[]> out = new HashMap<>(images.size() * 2);
        for (int i = 0; i < images.size(); i++) {
            out.put(images.get(i), rows.get(i));
        }
        return out;
    }
}
