package org.marginface.cli;

import org.marginface.eval.LfwLocation;
import org.marginface.core.embed.EmbeddingModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.marginface.core.embed.FlipFusion;
import org.marginface.eval.LfwEvaluation;
import org.marginface.eval.LfwPairs;
import org.marginface.eval.LfwReport;
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
        try (EmbeddingModel faceModel = options.load()) {
            CropPadding.note(faceModel, lfwPairs.images());
            Map<Path, float[]> features = options.features(faceModel, lfwPairs.images());
            LfwReport.Written written = LfwReport.write(lfwPairs, features, protocols,
                    new LfwReport.Source(options.model, faceModel.manifest(), faceModel.runtime(), fusion, where.pairs()), out);
            for (Map.Entry<Protocol, LfwEvaluation> e : written.evaluations().entrySet()) {
                VerificationResult r = e.getValue().result();
                System.out.printf(Locale.ROOT, "%-12s accuracy %.2f%% ± %.2f, AUC %.4f, EER %.2f%%, TAR@FAR=1e-3 %.2f%%%n",
                        e.getKey().label(), 100 * r.accuracy(), 100 * r.std(), r.auc(), 100 * r.eer(),
                        100 * r.tarAtFar().get(0).tar());
            }
            System.out.println("wrote " + out + ", " + written.roc() + " and the per-pair scores");
        }
        return 0;
    }
}
