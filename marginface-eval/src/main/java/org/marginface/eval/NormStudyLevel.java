package org.marginface.eval;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * Feature norms and LFW accuracy at one level of a degradation.
 *
 * @param level    the degradation level
 * @param meanNorm mean length of the un-normalised features of all images
 * @param normStd  population standard deviation of those lengths
 * @param accuracy LFW accuracy with the degraded images' features
 * @param norms    every image's feature length, in {@link LfwPairs#images()} order (for
 *                 histograms; left out of JSON)
 */
public record NormStudyLevel(double level, double meanNorm, double normStd, double accuracy,
        @JsonIgnore List<Double> norms) {

    public NormStudyLevel {
        norms = norms == null ? List.of() : List.copyOf(norms);
    }
}
