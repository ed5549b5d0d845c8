package org.marginface.eval.report;

import java.nio.file.Path;
import org.marginface.eval.NormStudyResult;

/** {@code eval/norms.json}. */
public record NormsFile(Path file, EvaluatedModel model, NormStudyResult study) {}
