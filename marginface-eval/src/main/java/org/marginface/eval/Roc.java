package org.marginface.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * The exact ROC of finite genuine and impostor similarity scores (larger means more alike): one
 * corner per distinct score, ties between a genuine and an impostor score as a diagonal step.
 */
public final class Roc {

    private final SortedScores genuine;
    private final SortedScores impostor;

    private Roc(SortedScores genuine, SortedScores impostor) {
        if (genuine.size() == 0 || impostor.size() == 0) {
            throw new IllegalArgumentException("a ROC needs genuine and impostor scores, got "
                    + genuine.size() + " and " + impostor.size());
        }
        this.genuine = genuine;
        this.impostor = impostor;
    }

    public static Roc of(double[] genuine, double[] impostor) {
        return new Roc(SortedScores.of(genuine), SortedScores.of(impostor));
    }

    public int genuineCount() {
        return genuine.size();
    }

    public int impostorCount() {
        return impostor.size();
    }

    /**
     * The area under the curve: the probability that a genuine score beats an impostor score, ties
     * counting half (the Mann-Whitney statistic, equal to the trapezoidal area of {@link #points}).
     */
    public double auc() {
        long twiceWins = 0;
        for (int i = 0; i < genuine.size(); i++) {
            double g = genuine.get(i);
            int below = impostor.countBelow(g);
            int tied = impostor.countAtMost(g) - below;
            twiceWins += 2L * below + tied;
        }
        return twiceWins / (2.0 * genuine.size() * impostor.size());
    }

    /**
     * The equal error rate: where the curve through {@link #points} crosses false accept rate =
     * false reject rate, interpolated linearly between the two corners around the crossing.
     */
    public double eer() {
        List<RocPoint> points = points();
        for (int k = 1; k < points.size(); k++) {
            RocPoint point = points.get(k);
            double gap = point.far() + point.tar() - 1;
            if (gap >= 0) {
                RocPoint previous = points.get(k - 1);
                double previousGap = previous.far() + previous.tar() - 1;
                double fraction = -previousGap / (gap - previousGap);
                return previous.far() + fraction * (point.far() - previous.far());
            }
        }
        throw new AssertionError("a ROC ends at (1, 1)");
    }

    /** The operating point that accepts at most {@code far} of the impostors; see {@link OperatingPoint}. */
    public OperatingPoint atFar(double far) {
        long allowed = OperatingPoint.allowedFalseAccepts(far, impostor.size());
        double threshold = impostor.get(impostor.size() - 1 - (int) allowed);
        return OperatingPoint.at(far, threshold, impostor.countAbove(threshold), impostor.size(), genuine);
    }

    /** The corners of the curve from (0, 0) to (1, 1), thresholds falling. */
    public List<RocPoint> points() {
        List<RocPoint> points = new ArrayList<>();
        points.add(new RocPoint(0, 0));
        int g = genuine.size();
        int i = impostor.size();
        while (g > 0 || i > 0) {
            double next = Math.max(g > 0 ? genuine.get(g - 1) : Double.NEGATIVE_INFINITY,
                    i > 0 ? impostor.get(i - 1) : Double.NEGATIVE_INFINITY);
            while (g > 0 && genuine.get(g - 1) == next) {
                g--;
            }
            while (i > 0 && impostor.get(i - 1) == next) {
                i--;
            }
            points.add(new RocPoint((impostor.size() - i) / (double) impostor.size(),
                    (genuine.size() - g) / (double) genuine.size()));
        }
        return points;
    }
}
