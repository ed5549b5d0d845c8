package org.marginface.eval;

/**
 * SphereFace's {@code test/code/evaluation.m}: per held-out fold, the mean of the raw features of
 * both sides of every training pair (an image counted once per pair it is in) is subtracted from all
 * features, each is L2-normalised, and the score is their dot product. The threshold is the mean of
 * every grid threshold k/10000 (k = -10000..10000) that classifies the most training pairs right,
 * where "same" is right when score &gt; t and "different" when score &lt; t.
 */
final class SpherefaceProtocol implements FoldProtocol {

    static final int STEPS = 10_000;

    @Override
    public String scoreName() {
        return "cosine";
    }

    @Override
    public boolean scoresDependOnTraining() {
        return true;
    }

    @Override
    public double[] scores(PairFeatures features, boolean[] training) {
        int n = features.size();
        int dim = features.dimension();
        double[] mean = new double[dim];
        int rows = 0;
        for (int i = 0; i < n; i++) {
            if (training[i]) {
                add(mean, features.first(i));
                add(mean, features.second(i));
                rows += 2;
            }
        }
        for (int d = 0; d < dim; d++) {
            mean[d] /= rows;
        }
        double[] a = new double[dim];
        double[] b = new double[dim];
        double[] scores = new double[n];
        for (int i = 0; i < n; i++) {
            centredUnit(features.first(i), mean, a);
            centredUnit(features.second(i), mean, b);
            scores[i] = Vectors.dot(a, b);
        }
        return scores;
    }

    @Override
    public double threshold(double[] scores, boolean[] same) {
        SortedScores matched = SortedScores.select(scores, same, true, null);
        SortedScores mismatched = SortedScores.select(scores, same, false, null);
        int best = -1;
        long sumOfBestSteps = 0;
        long bestCount = 0;
        for (int k = -STEPS; k <= STEPS; k++) {
            double t = k / (double) STEPS;
            int correct = matched.countAbove(t) + mismatched.countBelow(t);
            if (correct > best) {
                best = correct;
                sumOfBestSteps = k;
                bestCount = 1;
            } else if (correct == best) {
                sumOfBestSteps += k;
                bestCount++;
            }
        }
        // the mean of the best grid points, from exact integers and one rounding
        return sumOfBestSteps / (bestCount * (double) STEPS);
    }

    @Override
    public boolean correct(double score, boolean same, double threshold) {
        return same ? score > threshold : score < threshold;
    }

    @Override
    public double cosine(double score) {
        return score;
    }

    private static void add(double[] sum, float[] row) {
        for (int d = 0; d < sum.length; d++) {
            sum[d] += row[d];
        }
    }

    private static void centredUnit(float[] row, double[] mean, double[] out) {
        for (int d = 0; d < out.length; d++) {
            out[d] = row[d] - mean[d];
        }
        double norm = Math.sqrt(Vectors.dot(out, out));
        for (int d = 0; d < out.length; d++) {
            out[d] /= norm;
        }
    }
}
