package org.marginface.eval;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A verification operating point: accept a pair when its similarity is strictly above
 * {@code threshold}, the highest threshold that keeps the false accepts within {@code far} of the
 * impostor pairs. With ties at the threshold fewer impostors are accepted, so {@code achievedFar}
 * can be below {@code far}; nothing is interpolated.
 *
 * @param far         the false accept rate allowed
 * @param tar         the fraction of genuine pairs above the threshold
 * @param threshold   the (k+1)-th highest impostor similarity, k = floor(far * impostors)
 * @param achievedFar the fraction of impostor pairs above the threshold
 */
public record OperatingPoint(double far, double tar, double threshold, double achievedFar) {

    /** floor(far * impostors), computed in decimal so that 1e-3 * 3000 is 3, not 2 or 3.0000000000000004. */
    static long allowedFalseAccepts(double far, long impostors) {
        if (!(far > 0 && far < 1)) {
            throw new IllegalArgumentException("a false accept rate must be in (0, 1), got " + far);
        }
        return BigDecimal.valueOf(far).multiply(BigDecimal.valueOf(impostors))
                .setScale(0, RoundingMode.FLOOR).longValueExact();
    }

    /** The point at {@code threshold}, given how many impostors lie above it. */
    static OperatingPoint at(double far, double threshold, long impostorsAbove, long impostors,
            SortedScores genuine) {
        double tar = genuine.countAbove(threshold) / (double) genuine.size();
        return new OperatingPoint(far, tar, threshold, impostorsAbove / (double) impostors);
    }
}
