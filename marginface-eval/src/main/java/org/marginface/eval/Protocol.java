package org.marginface.eval;

import com.fasterxml.jackson.annotation.JsonValue;

/** The two LFW verification protocols, each matching its reference implementation. */
public enum Protocol {

    /**
     * SphereFace's MATLAB evaluation (the AM-Softmax paper's numbers): raw fused features, centred on
     * the mean feature of the nine training folds, L2-normalised, cosine score; thresholds -1..1 in
     * steps of 1e-4, the mean of all best ones; a score on the threshold is wrong for either label.
     */
    SPHEREFACE(new SpherefaceProtocol()),

    /**
     * insightface's {@code verification.py}: L2-normalised summed features, squared Euclidean
     * distance, thresholds 0..3.99 in steps of 0.01, the first best one; "same" when below it.
     */
    INSIGHTFACE(new InsightfaceProtocol());

    private final FoldProtocol rules;

    Protocol(FoldProtocol rules) {
        this.rules = rules;
    }

    FoldProtocol rules() {
        return rules;
    }

    /** The name used on the command line and in reports. */
    @JsonValue
    public String label() {
        return EnumLabels.label(this);
    }

    /** The protocol named {@code label}, case-insensitively. */
    public static Protocol parse(String label) {
        return EnumLabels.parse(Protocol.class, label);
    }
}
