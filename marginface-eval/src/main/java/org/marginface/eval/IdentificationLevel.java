package org.marginface.eval;

import java.util.List;

/**
 * Identification and verification with the first {@code distractors} distractors.
 *
 * @param distractors   distractors in the gallery
 * @param impostorPairs probe images x distractors, the impostors of the verification
 * @param rank1         the fraction of queries whose gallery image beats every distractor
 * @param cmc           for rank r = 1..maxRank, the fraction of queries with fewer than r
 *                      distractors scoring above their gallery image
 * @param tarAtFar      verification: genuine probe pairs against probe x distractor impostors
 */
public record IdentificationLevel(int distractors, long impostorPairs, double rank1, List<Double> cmc,
        List<OperatingPoint> tarAtFar) {

    public IdentificationLevel {
        cmc = List.copyOf(cmc);
        tarAtFar = List.copyOf(tarAtFar);
    }
}
