package org.marginface.eval.report;

import java.util.Map;

/** An evaluation the training loop ran and logged on its own line of {@code metrics.jsonl}. */
public record TrainingEvaluation(long iteration, Map<String, Double> values) {

    public TrainingEvaluation {
        values = Map.copyOf(values);
    }
}
