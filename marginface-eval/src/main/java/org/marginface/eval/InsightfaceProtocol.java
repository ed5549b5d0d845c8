package org.marginface.eval;

import org.marginface.core.embed.Vectors;

/**
 * insightface's {@code recognition/arcface_torch/eval/verification.py}: squared Euclidean distance
 * between L2-normalised features; a pair is called "same" when its distance is below the threshold;
 * the threshold is the first of {@code k * 0.01} (k = 0..399, numpy's {@code arange(0, 4, 0.01)})
 * with the most training pairs right. {@link #valAtFar} is its {@code calculate_val}.
 */
final class InsightfaceProtocol implements FoldProtocol {

    static final int ACCURACY_THRESHOLDS = 400;
    static final double ACCURACY_STEP = 0.01;
    static final int VAL_THRESHOLDS = 4000;
    static final double VAL_STEP = 0.001;

    @Override
    public String scoreName() {
        return "squared_distance";
    }

    @Override
    public PairScorer scorer(PairFeatures features) {
        double[] distances = distances(features);
        return training -> distances;
    }

    private static double[] distances(PairFeatures features) {
        double[][] unit = new double[features.rows().length][];
        for (int r = 0; r < unit.length; r++) {
            float[] row = features.rows()[r];
            unit[r] = features.normalised() ? Vectors.toDouble(row) : Vectors.unit(row);
        }
        double[] scores = new double[features.size()];
        for (int i = 0; i < scores.length; i++) {
            double[] a = unit[features.first()[i]];
            double[] b = unit[features.second()[i]];
            double sum = 0;
            for (int d = 0; d < a.length; d++) {
                double diff = a[d] - b[d];
                sum += diff * diff;
            }
            scores[i] = sum;
        }
        return scores;
    }

    @Override
    public double threshold(double[] scores, boolean[] same) {
        SortedScores matched = SortedScores.select(scores, same, true, null);
        SortedScores mismatched = SortedScores.select(scores, same, false, null);
        int best = -1;
        double bestThreshold = 0;
        for (int k = 0; k < ACCURACY_THRESHOLDS; k++) {
            double t = k * ACCURACY_STEP;
            int correct = matched.countBelow(t) + mismatched.size() - mismatched.countBelow(t);
            if (correct > best) {
                best = correct;
                bestThreshold = t;
            }
        }
        return bestThreshold;
    }

    @Override
    public boolean correct(double score, boolean same, double threshold) {
        return (score < threshold) == same;
    }

    @Override
    public double cosine(double score) {
        // |a - b|^2 = 2 - 2 cos(a, b) for unit vectors
        return 1 - score / 2;
    }

    /**
     * VAL (true accept rate) at a false accept rate, insightface's {@code calculate_val}: per held-out
     * fold, the threshold at which the training FAR reaches {@code farTarget}, by linear
     * interpolation over thresholds {@code k * 0.001} (0 when the training FAR never reaches it),
     * applied to the held-out fold; the mean and population standard deviation of VAL over folds,
     * and the mean FAR.
     */
    static ValAtFar valAtFar(double[] distances, boolean[] same, int[] fold, int folds, double farTarget) {
        double[] val = new double[folds];
        double[] far = new double[folds];
        for (int f = 1; f <= folds; f++) {
            boolean[] training = new boolean[fold.length];
            boolean[] test = new boolean[fold.length];
            for (int i = 0; i < fold.length; i++) {
                training[i] = fold[i] != f;
                test[i] = fold[i] == f;
            }
            double threshold = valThreshold(SortedScores.select(distances, same, false, training), farTarget);
            SortedScores testMatched = SortedScores.select(distances, same, true, test);
            SortedScores testMismatched = SortedScores.select(distances, same, false, test);
            val[f - 1] = testMatched.countBelow(threshold) / (double) testMatched.size();
            far[f - 1] = testMismatched.countBelow(threshold) / (double) testMismatched.size();
        }
        return new ValAtFar(farTarget, Stats.mean(val), Stats.populationStd(val), Stats.mean(far));
    }

    /**
     * The threshold at which the FAR of {@code mismatched} distances reaches {@code farTarget}, as
     * scipy's {@code interp1d(far, thresholds, kind='slinear')} computed it before scipy 1.9 refused
     * repeated FAR values: between the last grid threshold whose FAR is at most the target and the
     * next one. Where that last one is the grid's end, it is returned as is (the old scipy returned
     * 0 when the largest FAR was repeated there, a case that needs the target to equal the largest
     * training FAR exactly).
     */
    static double valThreshold(SortedScores mismatched, double farTarget) {
        double[] far = new double[VAL_THRESHOLDS];
        double maxFar = 0;
        for (int k = 0; k < VAL_THRESHOLDS; k++) {
            far[k] = mismatched.countBelow(k * VAL_STEP) / (double) mismatched.size();
            maxFar = Math.max(maxFar, far[k]);
        }
        if (maxFar < farTarget) {
            return 0.0;
        }
        int last = -1;
        for (int k = 0; k < VAL_THRESHOLDS && far[k] <= farTarget; k++) {
            last = k;
        }
        if (last == VAL_THRESHOLDS - 1) {
            return last * VAL_STEP;
        }
        double t0 = last * VAL_STEP;
        double t1 = (last + 1) * VAL_STEP;
        return t0 + (farTarget - far[last]) * (t1 - t0) / (far[last + 1] - far[last]);
    }
}
