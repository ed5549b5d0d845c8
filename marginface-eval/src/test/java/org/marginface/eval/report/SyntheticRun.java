package org.marginface.eval.report;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.marginface.eval.Degradation;
import org.marginface.eval.EvalFiles;
import org.marginface.eval.FoldResult;
import org.marginface.eval.IdentificationLevel;
import org.marginface.eval.IdentificationResult;
import org.marginface.eval.NormStudyLevel;
import org.marginface.eval.NormStudyResult;
import org.marginface.eval.OperatingPoint;
import org.marginface.eval.Protocol;
import org.marginface.eval.ValAtFar;
import org.marginface.eval.VerificationResult;

/**
 * Run directories made of hand-picked numbers, with the evaluation JSON written by the evaluation
 * module's own writer in the layouts the eval commands use.
 */
final class SyntheticRun {

    static final String NAME = "am <softmax> & \"friends\"";

    private SyntheticRun() {}

    /** config.yaml and metrics.jsonl of {@code iterations} steps: loss 10 − i/10, accuracy i/iterations. */
    static Path training(Path run, int iterations) throws IOException {
        Files.createDirectories(run);
        Files.writeString(run.resolve(RunLayout.CONFIG), """
                name: '%s'
                seed: 1
                # a comment that tries to close the pre: </pre><script>alert(1)</script>
                backbone:
                  name: sphereface10
                  embeddingSize: 512
                head:
                  type: amsoftmax
                  s: 30
                  m: 0.35
                schedule:
                  iterations: %d
                """.formatted(NAME.replace("'", "''"), iterations * 2), StandardCharsets.UTF_8);
        StringBuilder metrics = new StringBuilder();
        for (int i = 1; i <= iterations; i++) {
            metrics.append(String.format(Locale.ROOT,
                    "{\"iteration\":%d,\"loss\":%s,\"accuracy\":%s,\"lr\":%s,\"imagesPerSecond\":%s,\"epoch\":0,\"margin\":0.35}%n",
                    i, 10 - i / 10.0, i / (double) iterations, i <= iterations / 2 ? 0.1 : 0.01, 40.0 + i % 3));
            if (i == iterations / 2) {
                metrics.append(String.format(Locale.ROOT, "{\"iteration\":%d,\"evaluation\":{\"lfw\":0.875}}%n", i));
            }
        }
        Files.writeString(run.resolve(RunLayout.METRICS), metrics.toString(), StandardCharsets.UTF_8);
        return run;
    }

    static VerificationResult verification(Protocol protocol, double accuracy) {
        List<FoldResult> folds = new ArrayList<>();
        for (int f = 1; f <= 10; f++) {
            int correct = 590 - f; // 98.17% .. 96.67%: every fold distinct, so each shows up in the table
            folds.add(new FoldResult(f, correct / 600.0, 0.3, correct, 600));
        }
        return new VerificationResult(protocol, protocol == Protocol.SPHEREFACE ? false : true, 6000, "cosine",
                accuracy, 0.0025, folds, 0.9876, 0.0321,
                List.of(new OperatingPoint(1e-3, 0.8765, 0.5, 0.001), new OperatingPoint(1e-2, 0.9432, 0.4, 0.01)),
                protocol == Protocol.INSIGHTFACE ? new ValAtFar(1e-3, 0.7777, 0.01, 0.001) : null);
    }

    /** lfw.json (both protocols, as {@code eval lfw --protocol both} writes it) and its ROC. */
    static void lfw(Path run) throws IOException {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("model", run.resolve("model").toString());
        Map<String, VerificationResult> results = new LinkedHashMap<>();
        results.put("sphereface", verification(Protocol.SPHEREFACE, 0.985));
        results.put("insightface", verification(Protocol.INSIGHTFACE, 0.9812));
        report.put("results", results);
        EvalFiles.writeJson(report, RunLayout.evalFile(run, RunLayout.LFW));
        Files.write(RunLayout.evalFile(run, RunLayout.LFW_ROC), png(Color.RED));
    }

    static void identification(Path run) throws IOException {
        List<IdentificationLevel> levels = List.of(
                new IdentificationLevel(10, 1000, 0.9123, List.of(0.9123, 0.95, 0.97),
                        List.of(new OperatingPoint(1e-6, 0.41, 0.7, 0), new OperatingPoint(1e-3, 0.8111, 0.5, 0.001))),
                new IdentificationLevel(5000, 500000, 0.6543, List.of(0.6543, 0.7, 0.75),
                        List.of(new OperatingPoint(1e-6, 0.31, 0.7, 0), new OperatingPoint(1e-3, 0.7222, 0.5, 0.001))));
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("model", run.resolve("model").toString());
        report.put("result", new IdentificationResult(1680, 7484, 12345, 6000, levels));
        EvalFiles.writeJson(report, RunLayout.evalFile(run, RunLayout.IDENTIFY));
        Files.write(RunLayout.evalFile(run, RunLayout.IDENTIFY_CMC), png(Color.GREEN));
        Files.write(RunLayout.evalFile(run, RunLayout.IDENTIFY_DISTRACTORS), png(Color.BLUE));
    }

    static void norms(Path run) throws IOException {
        NormStudyResult study = new NormStudyResult(Degradation.BLUR, Protocol.SPHEREFACE, List.of(
                new NormStudyLevel(0.0, 23.456, 1.5, 0.97, List.of(23.0, 24.0)),
                new NormStudyLevel(3.0, 12.345, 2.5, 0.81, List.of(12.0, 13.0))));
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("model", run.resolve("model").toString());
        report.put("study", study);
        EvalFiles.writeJson(report, RunLayout.evalFile(run, RunLayout.NORMS));
        Files.write(RunLayout.evalFile(run, RunLayout.NORMS_NORMS), png(Color.ORANGE));
        Files.write(RunLayout.evalFile(run, RunLayout.NORMS_HISTOGRAM), png(Color.MAGENTA));
    }

    /** A small PNG of one colour, so each embedded plot can be told apart. */
    static byte[] png(Color color) throws IOException {
        BufferedImage image = new BufferedImage(8, 6, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, 8, 6);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
