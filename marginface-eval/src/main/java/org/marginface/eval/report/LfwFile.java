package org.marginface.eval.report;

import java.nio.file.Path;
import java.util.Map;
import org.marginface.eval.VerificationResult;

/** {@code eval/lfw.json}: one result per protocol, in the file's order. */
public record LfwFile(Path file, EvaluatedModel model, Map<String, VerificationResult> results) {

    public LfwFile {
        results = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(results));
    }
}
