package org.marginface.eval.report;

/**
 * The model an evaluation file says it measured, so a report never passes off one model's numbers
 * as another's.
 *
 * @param path        the model directory as the evaluation recorded it
 * @param description backbone and whether its manifest records any training
 */
public record EvaluatedModel(String path, String description) {}
