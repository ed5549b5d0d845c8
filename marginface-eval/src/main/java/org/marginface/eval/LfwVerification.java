package org.marginface.eval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Ten-fold LFW View 2 verification over precomputed features: for each fold, a threshold learnt on
 * the other nine folds decides the held-out fold's pairs.
 *
 * <p>Features are the fused feature of each image (image and mirror summed or concatenated, or the
 * image alone: that choice belongs to whoever computes them), one {@code float[]} per image path.
 */
public final class LfwVerification {

    /** The false accept rates reported from the ROC of all pairs. */
    public static final List<Double> REPORTED_FARS = List.of(1e-3, 1e-2);
    /** The FAR of insightface's VAL@FAR. */
    public static final double VAL_FAR = 1e-3;

    private LfwVerification() {}

    /** As {@link #evaluate(LfwPairs, Function, Protocol, boolean)}, features looked up in a map. */
    public static LfwEvaluation evaluate(LfwPairs pairs, Map<Path, float[]> features, Protocol protocol,
            boolean normalised) {
        return evaluate(pairs, features::get, protocol, normalised);
    }

    /**
     * Evaluates {@code pairs} under {@code protocol}.
     *
     * @param features   the feature of an image path (as in {@link LfwPairs#images()}), asked once per
     *                   image; null for an image without a feature is an error naming its line
     * @param normalised whether the features already have unit length (insightface then skips
     *                   normalising; SphereFace centres and normalises whatever it gets)
     */
    public static LfwEvaluation evaluate(LfwPairs pairs, Function<Path, float[]> features, Protocol protocol,
            boolean normalised) {
        List<LfwPair> list = pairs.pairs();
        int n = list.size();
        PairFeatures table = lookUp(pairs, features, normalised);
        boolean[] same = new boolean[n];
        int[] fold = new int[n];
        for (int i = 0; i < n; i++) {
            same[i] = list.get(i).same();
            fold[i] = list.get(i).fold();
        }

        FoldProtocol rules = protocol.rules();
        double[] heldOutScore = new double[n];
        boolean[] correct = new boolean[n];
        List<FoldResult> folds = new ArrayList<>();
        double[] accuracies = new double[pairs.folds()];
        FoldProtocol.PairScorer scorer = rules.scorer(table);
        for (int f = 1; f <= pairs.folds(); f++) {
            boolean[] training = new boolean[n];
            int trainingCount = 0;
            for (int i = 0; i < n; i++) {
                training[i] = fold[i] != f;
                trainingCount += training[i] ? 1 : 0;
            }
            double[] scores = scorer.scores(training);
            requireFinite(scores, pairs);
            double[] trainingScores = new double[trainingCount];
            boolean[] trainingSame = new boolean[trainingCount];
            for (int i = 0, t = 0; i < n; i++) {
                if (training[i]) {
                    trainingScores[t] = scores[i];
                    trainingSame[t++] = same[i];
                }
            }
            double threshold = rules.threshold(trainingScores, trainingSame);
            int right = 0;
            int tested = 0;
            for (int i = 0; i < n; i++) {
                if (!training[i]) {
                    heldOutScore[i] = scores[i];
                    correct[i] = rules.correct(scores[i], same[i], threshold);
                    right += correct[i] ? 1 : 0;
                    tested++;
                }
            }
            accuracies[f - 1] = right / (double) tested;
            folds.add(new FoldResult(f, accuracies[f - 1], threshold, right, tested));
        }

        Roc roc = roc(heldOutScore, same, rules);
        List<OperatingPoint> operatingPoints = new ArrayList<>();
        for (double far : REPORTED_FARS) {
            operatingPoints.add(roc.atFar(far));
        }
        ValAtFar val = protocol == Protocol.INSIGHTFACE
                ? InsightfaceProtocol.valAtFar(heldOutScore, same, fold, pairs.folds(), VAL_FAR)
                : null;
        VerificationResult result = new VerificationResult(protocol, normalised, n, rules.scoreName(),
                Stats.mean(accuracies), Stats.populationStd(accuracies), folds, roc.auc(), roc.eer(),
                operatingPoints, val);

        List<PairScore> pairScores = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            pairScores.add(new PairScore(list.get(i), heldOutScore[i], correct[i]));
        }
        return new LfwEvaluation(result, pairScores, roc);
    }

    static PairFeatures lookUp(LfwPairs pairs, Function<Path, float[]> features, boolean normalised) {
        Map<Path, Integer> rowOf = new HashMap<>();
        List<float[]> rows = new ArrayList<>();
        List<LfwPair> list = pairs.pairs();
        int[] first = new int[list.size()];
        int[] second = new int[list.size()];
        for (int i = 0; i < list.size(); i++) {
            LfwPair pair = list.get(i);
            first[i] = row(pairs, pair, pair.first(), features, rowOf, rows);
            second[i] = row(pairs, pair, pair.second(), features, rowOf, rows);
        }
        return new PairFeatures(rows.toArray(new float[0][]), first, second, normalised);
    }

    /** The row of {@code image}'s feature, asking {@code features} the first time it is named. */
    private static int row(LfwPairs pairs, LfwPair pair, Path image, Function<Path, float[]> features,
            Map<Path, Integer> rowOf, List<float[]> rows) {
        Integer known = rowOf.get(image);
        if (known != null) {
            return known;
        }
        float[] feature = features.apply(image);
        if (feature == null || feature.length == 0) {
            throw new LfwPairsException(pairs.at(pair) + ": no feature for image "
                    + pairs.relative(image));
        }
        if (!rows.isEmpty() && feature.length != rows.get(0).length) {
            throw new IllegalArgumentException(pairs.at(pair) + ": the feature of "
                    + pairs.relative(image) + " has " + feature.length + " values where the others have "
                    + rows.get(0).length);
        }
        rowOf.put(image, rows.size());
        rows.add(feature);
        return rows.size() - 1;
    }

    private static void requireFinite(double[] scores, LfwPairs pairs) {
        for (int i = 0; i < scores.length; i++) {
            if (!Double.isFinite(scores[i])) {
                throw new IllegalArgumentException(pairs.at(pairs.pairs().get(i))
                        + ": the score is " + scores[i] + " (a zero or non-finite feature)");
            }
        }
    }

    private static Roc roc(double[] scores, boolean[] same, FoldProtocol rules) {
        int matched = 0;
        for (boolean s : same) {
            matched += s ? 1 : 0;
        }
        double[] genuine = new double[matched];
        double[] impostor = new double[same.length - matched];
        for (int i = 0, g = 0, m = 0; i < same.length; i++) {
            if (same[i]) {
                genuine[g++] = rules.cosine(scores[i]);
            } else {
                impostor[m++] = rules.cosine(scores[i]);
            }
        }
        return Roc.of(genuine, impostor);
    }
}
