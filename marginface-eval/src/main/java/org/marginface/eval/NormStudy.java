package org.marginface.eval;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.marginface.core.embed.Vectors;

/**
 * How the length of un-normalised features follows image quality: every LFW image is degraded at
 * each level, its feature's length recorded, and LFW accuracy measured on the degraded features.
 */
public final class NormStudy {

    private NormStudy() {}

    /** Images degraded and embedded together, so that the network sees batches rather than single images. */
    private static final int CHUNK = 64;

    /**
     * Runs the study.
     *
     * @param images   loads an image of {@link LfwPairs#images()}; asked once per image and level
     * @param features the raw (un-normalised) fused features of a batch of images, in order
     */
    public static NormStudyResult run(LfwPairs pairs, Function<Path, BufferedImage> images,
            Function<List<BufferedImage>, List<float[]>> features, Degradation degradation, List<Double> levels,
            Protocol protocol) {
        List<NormStudyLevel> results = new ArrayList<>();
        List<Path> all = pairs.images();
        for (double level : levels) {
            Map<Path, float[]> degraded = new HashMap<>();
            double[] norms = new double[all.size()];
            for (int start = 0; start < all.size(); start += CHUNK) {
                List<Path> chunk = all.subList(start, Math.min(all.size(), start + CHUNK));
                List<BufferedImage> batch = new ArrayList<>(chunk.size());
                for (Path image : chunk) {
                    batch.add(degradation.apply(images.apply(image), level));
                }
                List<float[]> batchFeatures = features.apply(batch);
                for (int k = 0; k < chunk.size(); k++) {
                    degraded.put(chunk.get(k), batchFeatures.get(k));
                    norms[start + k] = Vectors.norm(batchFeatures.get(k));
                }
            }
            double accuracy = LfwVerification.evaluate(pairs, degraded, protocol, false).result().accuracy();
            List<Double> normList = new ArrayList<>(norms.length);
            for (double norm : norms) {
                normList.add(norm);
            }
            results.add(new NormStudyLevel(level, Stats.mean(norms), Stats.populationStd(norms), accuracy, normList));
        }
        return new NormStudyResult(degradation, protocol, results);
    }
}
