package org.marginface.eval;

import java.util.List;

/** The feature-norm study of one degradation, level by level. */
public record NormStudyResult(Degradation degradation, Protocol protocol, List<NormStudyLevel> levels) {

    public NormStudyResult {
        levels = List.copyOf(levels);
    }
}
