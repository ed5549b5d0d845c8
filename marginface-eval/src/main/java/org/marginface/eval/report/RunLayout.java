package org.marginface.eval.report;

import java.nio.file.Path;

/**
 * Where a report finds things in a run directory. The training run writes {@code config.yaml} and
 * {@code metrics.jsonl}; the evaluation commands, pointed at {@code RUN/eval/<kind>.json}, write
 * their JSON there and their plots beside it as {@code <kind>-<plot>.png}.
 */
public final class RunLayout {

    public static final String CONFIG = "config.yaml";
    public static final String METRICS = "metrics.jsonl";
    public static final String EVAL_DIR = "eval";
    public static final String LFW = "lfw.json";
    public static final String IDENTIFY = "identify.json";
    public static final String NORMS = "norms.json";
    public static final String LFW_ROC = "lfw-roc.png";
    public static final String IDENTIFY_CMC = "identify-cmc.png";
    public static final String IDENTIFY_DISTRACTORS = "identify-distractors.png";
    public static final String NORMS_NORMS = "norms-norms.png";
    public static final String NORMS_HISTOGRAM = "norms-histogram.png";

    private RunLayout() {}

    public static Path evalFile(Path run, String name) {
        return run.resolve(EVAL_DIR).resolve(name);
    }
}
