package org.marginface.eval.report;

/**
 * One training iteration as {@code metrics.jsonl} records it; a value the line lacks is NaN.
 *
 * @param iteration       the iteration (1-based, as the training loop counts them)
 * @param loss            the batch's loss
 * @param accuracy        the batch's training accuracy
 * @param lr              the learning rate the step ran with
 * @param imagesPerSecond the step's throughput
 * @param featureNorm     the batch's mean embedding norm (NaN in runs trained before it was logged)
 */
public record TrainingPoint(long iteration, double loss, double accuracy, double lr, double imagesPerSecond,
        double featureNorm) {}
