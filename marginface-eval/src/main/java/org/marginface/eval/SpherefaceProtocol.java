package org.marginface.eval;

import org.marginface.core.embed.Vectors;

/**
 * SphereFace's {@code test/code/evaluation.m}: per held-out fold, the mean of the raw features of
 * both sides of every training pair (an image counted once per pair it is in) is subtracted from all
 * features, each is L2-normalised, and the score is their dot product (computed in double, as an
 * expansion of that cosine). The threshold is the mean of
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
    public PairScorer scorer(PairFeatures features) {
        float[][] rows = features.rows();
        double[] squares = new double[rows.length];
        for (int r = 0; r < rows.length; r++) {
            squares[r] = Vectors.dot(rows[r], rows[r]);
        }
        double[] pairDots = new double[features.size()];
        for (int i = 0; i < pairDots.length; i++) {
            pairDots[i] = Vectors.dot(features.first(i), features.second(i));
        }
        return training -> centredCosines(features, squares, pairDots, training);
    }

    /**
     * cos(a - m, b - m) for every pair, m the mean over the training pairs' sides, expanded as
     * (a.b - m.a - m.b + m.m) / sqrt((a.a - 2 m.a + m.m)(b.b - 2 m.b + m.m)) so that a fold costs
     * two passes over the distinct images instead of centring both sides of every pair.
     */
    private static double[] centredCosines(PairFeatures features, double[] squares, double[] pairDots,
            boolean[] training) {
        float[][] rows = features.rows();
        int dim = features.dimension();
        // an image counts once for every training pair side it is on, as in evaluation.m
        int[] uses = new int[rows.length];
        int sides = 0;
        for (int i = 0; i < features.size(); i++) {
            if (training[i]) {
                uses[features.first()[i]]++;
                uses[features.second()[i]]++;
                sides += 2;
            }
        }
        double[] mean = new double[dim];
        for (int r = 0; r < rows.length; r++) {
            if (uses[r] > 0) {
                for (int d = 0; d < dim; d++) {
                    mean[d] += uses[r] * (double) rows[r][d];
                }
            }
        }
        for (int d = 0; d < dim; d++) {
            mean[d] /= sides;
        }
        double meanSquare = Vectors.dot(mean, mean);
        double[] meanDot = new double[rows.length];
        for (int r = 0; r < rows.length; r++) {
            double sum = 0;
            for (int d = 0; d < dim; d++) {
                sum += mean[d] * rows[r][d];
            }
            meanDot[r] = sum;
        }
        double[] scores = new double[features.size()];
        for (int i = 0; i < scores.length; i++) {
            int a = features.first()[i];
            int b = features.second()[i];
            double numerator = pairDots[i] - meanDot[a] - meanDot[b] + meanSquare;
            double lengthA = Math.sqrt(squares[a] - 2 * meanDot[a] + meanSquare);
            double lengthB = Math.sqrt(squares[b] - 2 * meanDot[b] + meanSquare);
            scores[i] = numerator / (lengthA * lengthB);
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
}
