package org.marginface.core.evaluation;

import java.io.IOException;
import java.util.Map;
import org.marginface.core.model.FaceModel;

/**
 * A measurement of a model as it trains (LFW accuracy, a verification set's accuracy), run every
 * {@code evaluation.every} iterations; its numbers go into {@code metrics.jsonl} under
 * {@code evaluation}. The training loop calls it; the evaluation module implements it.
 */
public interface Evaluator extends AutoCloseable {

    /**
     * Measures the model as it is at {@code iteration}; must not change its weights.
     *
     * @return named values, each name unique across the evaluators of one run (e.g. {@code lfw_accuracy})
     */
    Map<String, Double> evaluate(FaceModel model, long iteration) throws IOException;

    /** Releases what the evaluator holds (decoded sets, temporary files). */
    @Override
    default void close() throws IOException {}
}
