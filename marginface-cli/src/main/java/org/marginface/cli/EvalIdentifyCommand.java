package org.marginface.cli;

import org.marginface.eval.LfwLocation;
import org.marginface.core.embed.EmbeddingModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.marginface.core.embed.FlipFusion;
import org.marginface.eval.EvalFiles;
import org.marginface.eval.FeatureRows;
import org.marginface.eval.Identification;
import org.marginface.eval.IdentificationOptions;
import org.marginface.eval.IdentificationResult;
import org.marginface.eval.IdentificationSplit;
import org.marginface.eval.Plots;
import org.marginface.eval.ProbeIdentity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "identify", mixinStandardHelpOptions = true,
        description = {"MegaFace-style identification: LFW identities with two or more images are probes, single-image",
            "identities (plus any --extra-distractors trees) are distractors; rank-1, CMC to rank 10 and TAR at FAR",
            "1e-6..1e-3 for growing numbers of distractors. Writes JSON and PNG plots.",
            "For marginface report, write into the run: --out RUN/eval/identify.json."})
final class EvalIdentifyCommand implements Callable<Integer> {

    @Mixin
    EvalModelOptions options;

    @Option(names = "--lfw", required = true, description = "LFW folder (with lfw-112x96/) or the aligned image folder")
    Path lfw;

    @Option(names = "--extra-distractors", description = "more aligned image trees <identity>/<image> whose identities are not in LFW")
    List<Path> extra = new ArrayList<>();

    @Option(names = "--out", defaultValue = "identify.json",
            description = "result JSON; plots go to <out>-cmc.png and <out>-distractors.png (default: ${DEFAULT-VALUE})")
    Path out;

    @Override
    public Integer call() throws Exception {
        FlipFusion fusion = options.fusion();
        LfwLocation where = LfwLocation.of(lfw, null);
        IdentificationSplit split = IdentificationSplit.fromTree(where.images());
        List<Path> distractors = new ArrayList<>(split.distractors());
        for (Path tree : extra) {
            IdentificationSplit.imagesByIdentity(tree).values().forEach(distractors::addAll);
        }
        List<Path> all = new ArrayList<>();
        split.probes().values().forEach(all::addAll);
        all.addAll(distractors);
        try (EmbeddingModel faceModel = options.load()) {
            CropPadding.note(faceModel, all);
            Map<Path, float[]> features = options.features(faceModel, all);
            List<ProbeIdentity> probes = new ArrayList<>();
            split.probes().forEach((name, images) -> probes.add(
                    new ProbeIdentity(name, images.stream().map(features::get).toList())));
            List<float[]> distractorRows = distractors.stream().map(features::get).toList();
            IdentificationResult result = Identification.evaluate(probes, FeatureRows.of(distractorRows),
                    IdentificationOptions.defaults());
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("model", options.model.toAbsolutePath().toString());
            report.put("manifest", faceModel.manifest());
            report.put("flip", fusion.name().toLowerCase(Locale.ROOT));
            report.put("distractor_sources", distractorSources(where.images(), extra));
            report.put("result", result);
            EvalFiles.writeJson(report, out);
            Plots.cmc(result, EvalFiles.sibling(out, "-cmc.png"));
            Plots.identificationVsDistractors(result, EvalFiles.sibling(out, "-distractors.png"));
            System.out.printf(Locale.ROOT, "%d probe identities (%d images), %d distractors%n",
                    result.probeIdentities(), result.probeImages(), distractors.size());
            System.out.println(EvalFiles.json().writerWithDefaultPrettyPrinter()
                    .writeValueAsString(result.levels().get(result.levels().size() - 1)));
            System.out.println("wrote " + out);
        }
        return 0;
    }

    private static List<String> distractorSources(Path lfw, List<Path> extra) {
        List<String> sources = new ArrayList<>();
        sources.add(lfw.toAbsolutePath() + " (single-image identities)");
        extra.forEach(p -> sources.add(p.toAbsolutePath().toString()));
        return sources;
    }
}
