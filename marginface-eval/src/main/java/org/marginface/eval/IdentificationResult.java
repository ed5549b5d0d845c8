package org.marginface.eval;

import java.util.List;

/**
 * The outcome of the MegaFace-challenge-1-style identification protocol, as written to JSON.
 *
 * @param probeIdentities identities in the probe set
 * @param probeImages     images in the probe set
 * @param queries         (gallery image, query image) trials: for each identity of m images, m(m-1)
 * @param genuinePairs    unordered same-identity probe pairs, the genuine side of the verification
 * @param levels          the results for each number of distractors, ascending
 */
public record IdentificationResult(int probeIdentities, int probeImages, long queries, long genuinePairs,
        List<IdentificationLevel> levels) {

    public IdentificationResult {
        levels = List.copyOf(levels);
    }
}
