package org.marginface.eval;

import java.util.List;
import org.marginface.core.embed.Vectors;

/**
 * How closely two models' features of the same images agree once each is scaled to unit length, the
 * measure of an export round trip (the bound is 1e-4 on 100 LFW crops).
 *
 * @param images        the number of images compared
 * @param maxDifference the largest absolute difference of one coordinate of the unit-length features
 * @param worstImage    the image where it occurs
 * @param minCosine     the lowest cosine between the two models' features of one image
 */
public record FeatureAgreement(int images, double maxDifference, String worstImage, double minCosine) {

    /**
     * Compares row {@code i} of {@code a} with row {@code i} of {@code b} for every image.
     *
     * @throws IllegalArgumentException when the counts or dimensions differ, naming both
     */
    public static FeatureAgreement of(List<String> names, List<float[]> a, List<float[]> b) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("no images to compare");
        }
        if (a.size() != names.size() || b.size() != names.size()) {
            throw new IllegalArgumentException(names.size() + " images but " + a.size() + " and " + b.size() + " features");
        }
        double max = -1;
        String worst = null;
        double minCosine = Double.POSITIVE_INFINITY;
        for (int i = 0; i < names.size(); i++) {
            if (a.get(i).length != b.get(i).length) {
                throw new IllegalArgumentException("the first model gives " + a.get(i).length
                        + "-d features, the second " + b.get(i).length + "-d (" + names.get(i) + ")");
            }
            double[] u = Vectors.unit(a.get(i));
            double[] v = Vectors.unit(b.get(i));
            double cosine = Vectors.dot(u, v);
            if (!Double.isFinite(cosine)) {
                throw new IllegalArgumentException(names.get(i) + ": a zero or non-finite feature");
            }
            minCosine = Math.min(minCosine, cosine);
            for (int j = 0; j < u.length; j++) {
                double d = Math.abs(u[j] - v[j]);
                if (d > max) {
                    max = d;
                    worst = names.get(i);
                }
            }
        }
        return new FeatureAgreement(names.size(), max, worst, minCosine);
    }
}
