package org.marginface.train.run;

import java.io.IOException;
import java.util.Map;
import org.marginface.core.model.FaceModel;

/**
 * Verification during training (e.g. LFW accuracy), run every {@code evaluation.every} iterations; its
 * numbers go into {@code metrics.jsonl} under {@code evaluation}. The evaluation module supplies one.
 */
@FunctionalInterface
public interface Evaluator {

    /** Measures the model as it is at {@code iteration}; must not change its weights. */
    Map<String, Double> evaluate(FaceModel model, long iteration) throws IOException;
}
