package org.marginface.eval;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * How the length of un-normalised features follows image quality: every LFW image is degraded at
 * each level, its feature's length recorded, and LFW accuracy measured on the degraded features.
 */
public final class NormStudy {

    private NormStudy() {}

    /**
     * Runs the study.
     *
     * @param images   loads an image of {@link LfwPairs#images()}; asked once per image and level
     * @param features the raw (un-normalised) fused feature of an image
     */
    public static NormStudyResult run(LfwPairs pairs, Function<Path, BufferedImage> images,
            Function<BufferedImage, float[]> features, Degradation degradation, List<Double> levels,
            Protocol protocol) {
        List<NormStudyLevel> results = new ArrayList<>();
        for (double level : levels) {
            Map<Path, float[]> degraded = new HashMap<>();
            double[] norms = new double[pairs.images().size()];
            int i = 0;
            for (Path image : pairs.images()) {
                float[] feature = features.apply(degradation.apply(images.apply(image), level));
                degraded.put(image, feature);
                norms[i++] = Vectors.norm(feature);
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
