package org.marginface.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.marginface.core.embed.FlipFusion;
import org.marginface.core.embed.InferenceRuntime;
import org.marginface.core.model.Manifest;

/**
 * The files of an LFW verification: the result JSON, the per-pair scores (CSV) of each protocol and
 * the ROC (PNG). With one protocol the JSON holds the result's fields at the top level followed by
 * the serving thresholds and the source; with several, the source, the serving thresholds and a
 * {@code results} object keyed by protocol label. The serving thresholds (cosine of the unit
 * features, what {@code serve} reads) belong to the model's features, not to a protocol: computed
 * once.
 */
public final class LfwReport {

    /**
     * Where the numbers come from, as the JSON records it.
     *
     * @param manifest the model's manifest, or {@code null} when there is none to record
     */
    public record Source(Path model, Manifest manifest, InferenceRuntime runtime, FlipFusion fusion, Path pairsFile) {}

    /**
     * What was written.
     *
     * @param evaluations each protocol's evaluation, in the order asked for
     * @param scores each protocol's per-pair CSV
     */
    public record Written(Map<Protocol, LfwEvaluation> evaluations, Map<Protocol, Path> scores, Path json, Path roc) {}

    private LfwReport() {}

    /**
     * Evaluates {@code protocols} and writes the JSON to {@code json}, the scores to {@code <json>.csv}
     * (one protocol) or {@code <json>-<label>.csv}, and the ROC to {@code <json>-roc.png}.
     */
    public static Written write(LfwPairs pairs, Map<Path, float[]> features, List<Protocol> protocols, Source source,
            Path json) throws IOException {
        if (protocols.isEmpty()) {
            throw new IllegalArgumentException("no protocol to evaluate");
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("model", source.model().toAbsolutePath().toString());
        report.put("manifest", source.manifest());
        report.put("runtime", source.runtime() == null ? null : source.runtime().label());
        report.put("flip", source.fusion().name().toLowerCase(Locale.ROOT));
        report.put("pairs_file", source.pairsFile().toAbsolutePath().toString());
        ServingThresholds thresholds = ServingThresholds.of(pairs, features);
        Map<Protocol, LfwEvaluation> evaluations = new LinkedHashMap<>();
        Map<Protocol, Path> scores = new LinkedHashMap<>();
        Map<String, VerificationResult> results = new LinkedHashMap<>();
        Map<String, Roc> curves = new LinkedHashMap<>();
        for (Protocol p : protocols) {
            LfwEvaluation evaluation = LfwVerification.evaluate(pairs, features, p, false);
            evaluations.put(p, evaluation);
            results.put(p.label(), evaluation.result());
            curves.put(p.label(), evaluation.roc());
            Path csv = EvalFiles.sibling(json, protocols.size() == 1 ? ".csv" : "-" + p.label() + ".csv");
            EvalFiles.writePairScores(evaluation, pairs, csv);
            scores.put(p, csv);
        }
        if (protocols.size() == 1) {
            Map<String, Object> fields = resultFirst(results.values().iterator().next(), thresholds);
            fields.putAll(report);
            EvalFiles.writeJson(fields, json);
        } else {
            report.put("thresholds", thresholds);
            report.put("results", results);
            EvalFiles.writeJson(report, json);
        }
        Path roc = EvalFiles.sibling(json, "-roc.png");
        Plots.roc(curves, true, roc);
        return new Written(evaluations, scores, json, roc);
    }

    /** The result's fields at the top level, then the thresholds. */
    private static Map<String, Object> resultFirst(VerificationResult result, ServingThresholds thresholds) {
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = EvalFiles.json().convertValue(result, LinkedHashMap.class);
        Map<String, Object> out = new LinkedHashMap<>(fields);
        out.put("thresholds", thresholds);
        return out;
    }
}
