package org.marginface.cli;

import org.marginface.core.inference.InferenceModels;
import org.marginface.core.embed.EmbeddingModel;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.marginface.core.embed.FlipFusion;
import org.marginface.core.model.FaceModel;
import org.marginface.core.model.ModelDirectory;
import org.marginface.eval.EvalFiles;
import org.marginface.eval.LfwEvaluation;
import org.marginface.eval.LfwPairs;
import org.marginface.eval.LfwVerification;
import org.marginface.eval.Plots;
import org.marginface.eval.Protocol;
import org.marginface.eval.VerificationResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "lfw", mixinStandardHelpOptions = true,
        description = {"LFW View 2 ten-fold verification: writes the result JSON, per-pair scores (CSV) and the ROC (PNG).",
            "Embeddings are cached per model, so a second run with another protocol takes seconds.",
            "For marginface report, write into the run: --out RUN/eval/lfw.json."})
final class EvalLfwCommand implements Callable<Integer> {

    @Mixin
    EvalModelOptions options;

    @Option(names = "--lfw", required = true, description = "LFW folder (with lfw-112x96/ and pairs.txt) or the aligned image folder")
    Path lfw;

    @Option(names = "--pairs", description = "pairs.txt (default: beside the images)")
    Path pairs;

    @Option(names = "--protocol", defaultValue = "sphereface",
            description = "sphereface (the paper's), insightface, or both (default: ${DEFAULT-VALUE})")
    String protocol;

    @Option(names = "--out", defaultValue = "lfw.json",
            description = "result JSON; the scores go to <out>.csv and the ROC to <out>-roc.png (default: ${DEFAULT-VALUE})")
    Path out;

    @Override
    public Integer call() throws Exception {
        List<Protocol> protocols = protocol.equalsIgnoreCase("both")
                ? List.of(Protocol.SPHEREFACE, Protocol.INSIGHTFACE) : List.of(Protocol.parse(protocol));
        FlipFusion fusion = options.fusion();
        LfwLocation where = LfwLocation.of(lfw, pairs);
        LfwPairs lfwPairs = LfwPairs.read(where.pairs(), where.images());
        try (EmbeddingModel faceModel = InferenceModels.load(options.model)) {
            CropPadding.note(faceModel, lfwPairs.images());
            Map<Path, float[]> features = options.features(faceModel, lfwPairs.images());
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("model", options.model.toAbsolutePath().toString());
            report.put("manifest", faceModel.manifest());
            report.put("flip", fusion.name().toLowerCase(Locale.ROOT));
            report.put("pairs_file", where.pairs().toAbsolutePath().toString());
            Map<String, VerificationResult> results = new LinkedHashMap<>();
            Map<String, org.marginface.eval.Roc> curves = new LinkedHashMap<>();
            for (Protocol p : protocols) {
                LfwEvaluation evaluation = LfwVerification.evaluate(lfwPairs, features, p, false);
                results.put(p.label(), evaluation.result());
                curves.put(p.label(), evaluation.roc());
                Path csv = sibling(out, protocols.size() == 1 ? ".csv" : "-" + p.label() + ".csv");
                EvalFiles.writePairScores(evaluation, lfwPairs, csv);
                VerificationResult r = evaluation.result();
                System.out.printf(Locale.ROOT, "%-12s accuracy %.2f%% ± %.2f, AUC %.4f, EER %.2f%%, TAR@FAR=1e-3 %.2f%%%n",
                        p.label(), 100 * r.accuracy(), 100 * r.std(), r.auc(), 100 * r.eer(),
                        100 * r.tarAtFar().get(0).tar());
            }
            if (protocols.size() == 1) {
                EvalFiles.writeJson(merge(report, results.values().iterator().next()), out);
            } else {
                report.put("results", results);
                EvalFiles.writeJson(report, out);
            }
            Plots.roc(curves, true, sibling(out, "-roc.png"));
            System.out.println("wrote " + out + ", " + sibling(out, "-roc.png") + " and the per-pair scores");
        }
        return 0;
    }

    /** The result's fields at the top level, then the context. */
    private static Map<String, Object> merge(Map<String, Object> context, VerificationResult result) {
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = EvalFiles.json().convertValue(result, LinkedHashMap.class);
        Map<String, Object> out = new LinkedHashMap<>(fields);
        out.putAll(context);
        return out;
    }

    static Path sibling(Path file, String suffix) {
        String name = file.getFileName().toString();
        String stem = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
        return file.resolveSibling(stem + suffix);
    }
}
