package org.marginface.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.marginface.core.embed.EmbeddingModel;
import org.marginface.eval.EvalFiles;
import org.marginface.eval.VerificationResult;
import org.marginface.eval.training.BinEvaluator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "bin", mixinStandardHelpOptions = true,
        description = {"Verification on insightface .bin sets (lfw.bin, cfp_fp.bin, agedb_30.bin, ...) with insightface's",
            "protocol: 10 folds of consecutive pairs. Images larger than the model's input are centre-cropped",
            "(112x112 packs for a 112x96 model). Embeddings are cached per model as for eval lfw."})
final class EvalBinCommand implements Callable<Integer> {

    @Mixin
    EvalModelOptions options;

    @Option(names = "--bin", required = true, paramLabel = "FILE", description = "a .bin verification set (repeatable)")
    List<Path> bins = new ArrayList<>();

    @Option(names = "--out", defaultValue = "bin.json", description = "result JSON (default: ${DEFAULT-VALUE})")
    Path out;

    @Override
    public Integer call() throws Exception {
        try (EmbeddingModel model = options.load()) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("model", options.model.toAbsolutePath().toString());
            report.put("manifest", model.manifest());
            report.put("flip", options.fusion().name().toLowerCase(Locale.ROOT));
            Map<String, Object> sets = new LinkedHashMap<>();
            for (Path file : bins) {
                String name = BinEvaluator.nameOf(file);
                if (sets.containsKey(name)) {
                    throw new IllegalArgumentException("--bin " + file + ": a second set named " + name);
                }
                try (BinEvaluator set = BinEvaluator.of(file)) {
                    VerificationResult r = set.result(model.input().height(), model.input().width(),
                            images -> options.features(model, images));
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("file", file.toAbsolutePath().toString());
                    entry.put("result", r);
                    sets.put(name, entry);
                    System.out.printf(Locale.ROOT, "%-10s %5d pairs: accuracy %.2f%% ± %.2f, VAL@FAR=1e-3 %.2f%%, AUC %.4f, "
                            + "EER %.2f%%%n", name, set.pairs(), 100 * r.accuracy(), 100 * r.std(),
                            100 * r.valAtFar().val(), r.auc(), 100 * r.eer());
                }
            }
            report.put("sets", sets);
            EvalFiles.writeJson(report, out);
            System.out.println("wrote " + out);
        }
        return 0;
    }
}
