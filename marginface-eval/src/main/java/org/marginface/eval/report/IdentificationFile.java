package org.marginface.eval.report;

import java.nio.file.Path;
import org.marginface.eval.IdentificationResult;

/** {@code eval/identify.json}. */
public record IdentificationFile(Path file, EvaluatedModel model, IdentificationResult result) {}
