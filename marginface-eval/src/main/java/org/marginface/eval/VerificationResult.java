package org.marginface.eval;

import java.util.List;

/**
 * The outcome of a ten-fold LFW verification protocol, as written to JSON.
 *
 * @param protocol           the protocol
 * @param featuresNormalised whether the features came in with unit length (the paper's SphereFace
 *                           numbers use raw features)
 * @param pairs              pairs evaluated
 * @param scoreName          what the per-pair score and the fold thresholds measure
 * @param accuracy           mean accuracy over the held-out folds
 * @param std                population standard deviation of the fold accuracies
 * @param folds              each held-out fold's accuracy and threshold
 * @param auc                area under the ROC of all pairs' held-out scores
 * @param eer                equal error rate of that ROC
 * @param tarAtFar           operating points of that ROC at FAR 1e-3 and 1e-2 (thresholds as cosines)
 * @param valAtFar           insightface's VAL@FAR=1e-3; null for sphereface
 */
public record VerificationResult(
        Protocol protocol,
        boolean featuresNormalised,
        int pairs,
        String scoreName,
        double accuracy,
        double std,
        List<FoldResult> folds,
        double auc,
        double eer,
        List<OperatingPoint> tarAtFar,
        ValAtFar valAtFar) {

    public VerificationResult {
        folds = List.copyOf(folds);
        tarAtFar = List.copyOf(tarAtFar);
    }
}
