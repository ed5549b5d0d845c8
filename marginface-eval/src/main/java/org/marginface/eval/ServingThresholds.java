package org.marginface.eval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.marginface.core.embed.CosineThreshold;
import org.marginface.core.embed.Vectors;

/**
 * Thresholds for a service that calls two faces the same person when the cosine similarity of their
 * L2-normalised features reaches the threshold: the score the face service computes, unlike the
 * SphereFace protocol's mean-centred cosine. Taken over all pairs (no folds: these are operating
 * points to deploy, not held-out accuracy). They depend on the model's features only, not on a
 * protocol: an evaluation computes them once per model. Every threshold here is meant for the
 * service's rule, {@link CosineThreshold#samePerson}: accept at or above it.
 *
 * @param score        what the thresholds apply to
 * @param atFar        the operating points at FAR 1e-3 and 1e-4, each threshold the lowest that
 *                     accepts no more impostors than the ROC's point allows
 * @param bestAccuracyThreshold the threshold of the best accuracy over all pairs
 * @param bestAccuracy that accuracy
 */
public record ServingThresholds(String score, List<OperatingPoint> atFar, double bestAccuracyThreshold,
        double bestAccuracy) {

    /** The false accept rates a deployment picks from. */
    public static final List<Double> FARS = List.of(1e-3, 1e-4);
    static final String SCORE = "cosine of the L2-normalised features";

    public ServingThresholds {
        atFar = List.copyOf(atFar);
    }

    /** The thresholds of the LFW pairs' cosines, {@code features} looked up by image path. */
    public static ServingThresholds of(LfwPairs pairs, Map<Path, float[]> features) {
        PairFeatures table = LfwVerification.lookUp(pairs, features::get, false);
        boolean[] same = new boolean[table.size()];
        for (int i = 0; i < same.length; i++) {
            same[i] = pairs.pairs().get(i).same();
        }
        return of(cosines(table), same);
    }

    /** The thresholds of each pair's cosine {@code cosines[i]} and whether it is a genuine pair. */
    static ServingThresholds of(double[] cosines, boolean[] same) {
        List<Double> genuine = new ArrayList<>();
        List<Double> impostor = new ArrayList<>();
        for (int i = 0; i < cosines.length; i++) {
            (same[i] ? genuine : impostor).add(cosines[i]);
        }
        Roc roc = Roc.of(genuine.stream().mapToDouble(Double::doubleValue).toArray(),
                impostor.stream().mapToDouble(Double::doubleValue).toArray());
        List<OperatingPoint> points = new ArrayList<>();
        for (double far : FARS) {
            // the ROC's point rejects the impostor score it sits at; the service accepts at or above
            OperatingPoint strictlyAbove = roc.atFar(far);
            points.add(new OperatingPoint(far, strictlyAbove.tar(),
                    CosineThreshold.acceptingAbove(strictlyAbove.threshold()), strictlyAbove.achievedFar()));
        }
        // best accuracy: sweep the threshold down through the sorted scores, accepting at or above it
        Integer[] order = new Integer[cosines.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(cosines[b], cosines[a]));
        int correct = impostor.size(); // threshold above every score: all rejected
        int best = correct;
        double bestThreshold = CosineThreshold.acceptingAbove(cosines[order[0]]);
        for (int k = 0; k < order.length; k++) {
            correct += same[order[k]] ? 1 : -1;
            boolean tieFollows = k + 1 < order.length && cosines[order[k + 1]] == cosines[order[k]];
            if (!tieFollows && correct > best) {
                best = correct;
                double next = k + 1 < order.length ? cosines[order[k + 1]] : cosines[order[k]] - 1e-6;
                // midway to the next lower score: the same decisions, least sensitive to noise; above
                // the lower score even where the two are adjacent doubles and the mean rounds down
                bestThreshold = Math.max((cosines[order[k]] + next) / 2, CosineThreshold.acceptingAbove(next));
            }
        }
        return new ServingThresholds(SCORE, points, bestThreshold, best / (double) cosines.length);
    }

    /** The cosines of the pairs' L2-normalised features. */
    static double[] cosines(PairFeatures features) {
        double[][] unit = new double[features.rows().length][];
        for (int r = 0; r < unit.length; r++) {
            unit[r] = Vectors.unit(features.rows()[r]);
        }
        double[] out = new double[features.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Vectors.dot(unit[features.first()[i]], unit[features.second()[i]]);
        }
        return out;
    }
}
