package org.marginface.core.embed;

/**
 * The one decision rule of verification by cosine similarity: two faces are the same person when
 * their cosine is at or above the threshold. The face service decides with it, and the thresholds an
 * evaluation records for the service are chosen under it, so that the service reproduces the
 * evaluation's accept and reject counts exactly, ties included.
 */
public final class CosineThreshold {

    private CosineThreshold() {}

    /** Whether a pair with this cosine is called the same person at {@code threshold}. */
    public static boolean samePerson(double cosine, double threshold) {
        return cosine >= threshold;
    }

    /**
     * The threshold that accepts exactly the scores strictly above {@code score} (a ROC's operating
     * point rejects the score it is placed at): the next double up.
     */
    public static double acceptingAbove(double score) {
        return Math.nextUp(score);
    }
}
