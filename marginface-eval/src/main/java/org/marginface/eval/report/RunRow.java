package org.marginface.eval.report;

/**
 * One run's headline numbers, as the study table shows them. A number the run has not produced yet
 * (no evaluation file, or no such degradation level) is {@code null}, written as an empty cell.
 *
 * @param run              the run directory's name
 * @param config           the config's {@code name} (runs of one config with other seeds share it)
 * @param head             the head and its parameters
 * @param seed             the config's {@code seed}
 * @param iterations       the last iteration in {@code metrics.jsonl}
 * @param plannedIterations {@code schedule.iterations}
 * @param finalLoss        mean loss over the last {@value RunTable#TAIL} iterations
 * @param finalAccuracy    mean training accuracy over the same iterations
 * @param lfwAccuracy      LFW accuracy, the paper's (sphereface) protocol
 * @param lfwStd           its standard deviation over the ten folds
 * @param lfwInsightface   LFW accuracy under the insightface protocol
 * @param tarAtFar1e3      TAR at FAR 1e-3 of the sphereface protocol's ROC over all 6,000 pairs
 * @param rank1            rank-1 identification with all distractors
 * @param distractors      how many distractors that is
 * @param cleanNorm        mean un-normalised feature norm of the undegraded LFW images
 * @param degradedNorm     the same at the table's degradation level
 * @param degradedAccuracy LFW accuracy (sphereface protocol) at that level
 */
public record RunRow(String run, String config, String head, Long seed, long iterations, long plannedIterations,
        Double finalLoss, Double finalAccuracy, Double lfwAccuracy, Double lfwStd, Double lfwInsightface,
        Double tarAtFar1e3, Double rank1, Integer distractors, Double cleanNorm, Double degradedNorm,
        Double degradedAccuracy) {

    /** Whether training reached its planned last iteration. */
    public boolean finished() {
        return plannedIterations > 0 && iterations >= plannedIterations;
    }
}
