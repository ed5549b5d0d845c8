package org.marginface.cli;

import org.marginface.eval.LfwLocation;
import org.marginface.core.embed.EmbeddingModel;
import org.marginface.core.embed.InferenceRuntime;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.marginface.core.embed.Embedder;
import org.marginface.core.embed.FlipFusion;
import org.marginface.core.image.FaceImages;
import org.marginface.eval.Degradation;
import org.marginface.eval.EvalFiles;
import org.marginface.eval.LfwPairs;
import org.marginface.eval.NormStudy;
import org.marginface.eval.NormStudyLevel;
import org.marginface.eval.NormStudyResult;
import org.marginface.eval.Plots;
import org.marginface.eval.Protocol;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "norms", mixinStandardHelpOptions = true,
        description = {"The feature-norm study: LFW images degraded step by step (resolution, blur or JPEG quality);",
            "mean un-normalised feature norm and LFW accuracy per level, and a histogram of the norms.",
            "Each level embeds every image of pairs.txt (7,701) with its mirror: minutes per level on a CPU.",
            "For marginface report, write into the run: --out RUN/eval/norms.json."})
final class EvalNormsCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "model directory")
    Path model;

    @picocli.CommandLine.Mixin
    RuntimeOption runtime;

    @Option(names = "--lfw", required = true, description = "LFW folder (with lfw-112x96/ and pairs.txt) or the aligned image folder")
    Path lfw;

    @Option(names = "--degradation", defaultValue = "resolution", description = "resolution, blur or jpeg (default: ${DEFAULT-VALUE})")
    String degradation;

    @Option(names = "--levels", split = ",", description = "levels to run (default: the degradation's own seven, none to severe)")
    List<Double> levels;

    @Option(names = "--protocol", defaultValue = "sphereface", description = "LFW protocol (default: ${DEFAULT-VALUE})")
    String protocol;

    @Option(names = "--out", defaultValue = "norms.json",
            description = "result JSON; plots go to <out>-norms.png and <out>-histogram.png (default: ${DEFAULT-VALUE})")
    Path out;

    @Override
    public Integer call() throws Exception {
        Degradation kind = Degradation.parse(degradation);
        List<Double> chosen = levels == null || levels.isEmpty() ? kind.defaultLevels() : levels;
        LfwLocation where = LfwLocation.of(lfw, null);
        LfwPairs pairs = LfwPairs.read(where.pairs(), where.images());
        try (EmbeddingModel faceModel = runtime.load(model, InferenceRuntime.FOR_BATCHES);
                Embedder embedder = faceModel.embedder(FlipFusion.SUM)) {
            Progress progress = new Progress("norms");
            long total = (long) chosen.size() * pairs.images().size();
            long[] done = {0};
            CropPadding.note(faceModel, pairs.images());
            NormStudyResult study = NormStudy.run(pairs, image -> read(faceModel, image), batch -> {
                List<float[]> features = embedder.embedRaw(batch);
                done[0] += batch.size();
                progress.update(done[0], total);
                return features;
            }, kind, chosen, Protocol.parse(protocol));
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("model", model.toAbsolutePath().toString());
            report.put("manifest", faceModel.manifest());
            report.put("study", study);
            EvalFiles.writeJson(report, out);
            Plots.normVsDegradation(study, EvalFiles.sibling(out, "-norms.png"));
            Map<String, List<Double>> histogram = new LinkedHashMap<>();
            NormStudyLevel clean = study.levels().get(0);
            NormStudyLevel worst = study.levels().get(study.levels().size() - 1);
            histogram.put(kind.label() + " " + clean.level(), clean.norms());
            histogram.put(kind.label() + " " + worst.level(), worst.norms());
            Plots.normHistogram(histogram, 40, EvalFiles.sibling(out, "-histogram.png"));
            for (NormStudyLevel l : study.levels()) {
                System.out.printf(Locale.ROOT, "%s %-6s mean norm %8.3f ± %.3f, LFW accuracy %.2f%%%n", kind.label(),
                        l.level(), l.meanNorm(), l.normStd(), 100 * l.accuracy());
            }
            System.out.println("wrote " + out);
        }
        return 0;
    }

    private static BufferedImage read(EmbeddingModel model, Path image) {
        try {
            return model.input().fit(FaceImages.read(image), image);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
