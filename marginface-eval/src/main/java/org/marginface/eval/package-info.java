/**
 * Evaluation: LFW verification under the SphereFace and insightface protocols (ten folds, ROC,
 * operating points, the report files), MegaFace-style identification with distractors, the
 * feature-norm study under degradation, result files and plots.
 */
package org.marginface.eval;
