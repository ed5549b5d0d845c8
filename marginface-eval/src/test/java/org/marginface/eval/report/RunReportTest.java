package org.marginface.eval.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunReportTest {

    private static final Pattern EMBEDDED = Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"");

    @TempDir
    Path tmp;

    private Path fullRun() throws IOException {
        Path run = SyntheticRun.training(tmp.resolve("run-a"), 100);
        SyntheticRun.lfw(run);
        SyntheticRun.identification(run);
        SyntheticRun.norms(run);
        return run;
    }

    @Test
    void verificationAccuraciesDuringTrainingAreDrawn() throws IOException {
        Path run = SyntheticRun.training(tmp.resolve("run-bins"), 100);
        int plain = embedded(RunReport.html(RunReader.read(run))).size();
        java.nio.file.Files.writeString(run.resolve("metrics.jsonl"),
                "{\"iteration\":50,\"evaluation\":{\"lfw_accuracy\":0.9,\"cfp_fp_accuracy\":0.8,\"cfp_fp_std\":0.01}}\n"
                        + "{\"iteration\":100,\"evaluation\":{\"lfw_accuracy\":0.95,\"cfp_fp_accuracy\":0.85}}\n",
                java.nio.file.StandardOpenOption.APPEND);
        String html = RunReport.html(RunReader.read(run));
        assertTrue(html.contains("cfp_fp_accuracy 0.8500"), html);
        List<byte[]> images = embedded(html);
        assertEquals(plain + 1, images.size());
        assertTrue(html.contains("alt=\"verification accuracy during training\""));
    }

    @Test
    void fullRunShowsEveryTableAndEmbedsEveryPlot() throws IOException {
        String html = RunReport.html(RunReader.read(fullRun()));
        // training: last iteration (100): loss 10 - 100/10 = 0, accuracy 1, lr 0.01; planned 200
        assertTrue(html.contains("100 of 200"), html);
        assertTrue(html.contains("<td class=\"text\">0.0000</td>"), "last loss");
        assertTrue(html.contains("<td class=\"text\">100.00%</td>"), "last accuracy");
        assertTrue(html.contains("amsoftmax (s=30, m=0.35)"));
        assertTrue(html.contains("sphereface10"));
        assertTrue(html.contains("lfw 0.8750"), "evaluation during training");
        // LFW, both protocols, and each fold
        assertTrue(html.contains("98.50% ± 0.25%"), "sphereface accuracy");
        assertTrue(html.contains("98.12% ± 0.25%"), "insightface accuracy");
        assertTrue(html.contains("<td>0.9876</td>") && html.contains("<td>3.21%</td>"), "AUC and EER");
        assertTrue(html.contains("<td>87.65%</td>") && html.contains("<td>94.32%</td>"), "TAR@FAR 1e-3, 1e-2");
        assertTrue(html.contains("<td>77.77%</td>"), "insightface VAL@FAR");
        for (int correct = 580; correct <= 589; correct++) {
            assertTrue(html.contains(Html.percent(correct / 600.0)), "fold with " + correct + " correct");
        }
        // identification per distractor level, norms per level
        assertTrue(html.contains("<td>5,000</td><td>65.43%</td><td>31.00%</td><td>72.22%</td>"), html);
        assertTrue(html.contains("<td>10</td><td>91.23%</td>"));
        assertTrue(html.contains("23.456 ± 1.500") && html.contains("12.345 ± 2.500") && html.contains("81.00%"));
        // three training curves drawn here plus the five evaluation plots, each a decodable PNG
        List<byte[]> images = embedded(html);
        assertEquals(8, images.size());
        for (byte[] image : images) {
            assertNotNull(ImageIO.read(new ByteArrayInputStream(image)));
        }
        for (Color colour : List.of(Color.RED, Color.GREEN, Color.BLUE, Color.ORANGE, Color.MAGENTA)) {
            byte[] plot = SyntheticRun.png(colour);
            assertTrue(images.stream().anyMatch(i -> java.util.Arrays.equals(i, plot)), "plot of colour " + colour);
        }
        assertFalse(html.contains("class=\"missing\""), "nothing is missing");
        assertFalse(html.contains("<script") || html.contains("src=\"http") || html.contains("href=\"http"),
                "self-contained, no scripts");
    }

    @Test
    void textFromFilesIsEscaped() throws IOException {
        String html = RunReport.html(RunReader.read(fullRun()));
        assertFalse(html.contains(SyntheticRun.NAME));
        assertTrue(html.contains("am &lt;softmax&gt; &amp; &quot;friends&quot;"));
        assertFalse(html.contains("<script>alert(1)</script>"));
        assertTrue(html.contains("&lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertEquals(1, count(html, "<pre>"), "the config is the only preformatted block");
        assertEquals(1, count(html, "</pre>"));
    }

    @Test
    void missingEvaluationsAreNamedWithTheCommandThatMakesThem() throws IOException {
        Path run = SyntheticRun.training(tmp.resolve("bare"), 10);
        String html = RunReport.html(RunReader.read(run));
        assertTrue(html.contains("no LFW evaluation yet: run <code>marginface eval lfw --model "
                + run.resolve("model")), html);
        assertTrue(html.contains("--out " + run.resolve("eval").resolve("lfw.json") + "</code>"));
        assertTrue(html.contains("no identification evaluation yet") && html.contains("eval/identify.json"));
        assertTrue(html.contains("no feature-norm study yet") && html.contains("eval/norms.json"));
        assertEquals(3, embedded(html).size(), "the training curves only");
    }

    @Test
    void aMissingPlotIsNotedBesideItsTable() throws IOException {
        Path run = fullRun();
        Files.delete(RunLayout.evalFile(run, RunLayout.LFW_ROC));
        Files.writeString(RunLayout.evalFile(run, RunLayout.IDENTIFY_CMC), "<svg/>");
        String html = RunReport.html(RunReader.read(run));
        assertTrue(html.contains("98.50% ± 0.25%"));
        assertTrue(html.contains("no <code>" + RunLayout.evalFile(run, RunLayout.LFW_ROC) + "</code>"), html);
        assertTrue(html.contains(RunLayout.evalFile(run, RunLayout.IDENTIFY_CMC) + "</code> is not a PNG image"));
        assertEquals(6, embedded(html).size());
    }

    @Test
    void aRunWithoutIterationsYetSaysSo() throws IOException {
        Path run = SyntheticRun.training(tmp.resolve("fresh"), 10);
        Files.writeString(run.resolve(RunLayout.METRICS), "");
        String html = RunReport.html(RunReader.read(run));
        assertTrue(html.contains("no training iterations in <code>metrics.jsonl</code> yet"));
        assertTrue(html.contains("none yet of 20"));
    }

    @Test
    void singleProtocolLfwFileIsRead() throws IOException {
        Path run = SyntheticRun.training(tmp.resolve("single"), 10);
        // eval lfw with one protocol writes the result's fields at the top level
        var fields = new java.util.LinkedHashMap<String, Object>(org.marginface.eval.EvalFiles.json().convertValue(
                SyntheticRun.verification(org.marginface.eval.Protocol.INSIGHTFACE, 0.9911), java.util.Map.class));
        fields.put("model", "/models/x");
        org.marginface.eval.EvalFiles.writeJson(fields, RunLayout.evalFile(run, RunLayout.LFW));
        LfwFile lfw = RunReader.read(run).lfw().orElseThrow();
        assertEquals(List.of("insightface"), List.copyOf(lfw.results().keySet()));
        assertEquals("/models/x", lfw.model().path());
        assertTrue(RunReport.html(RunReader.read(run)).contains("99.11% ± 0.25%"));
    }

    @Test
    void brokenInputsAreErrorsNamingTheFile() throws IOException {
        Path nowhere = tmp.resolve("nowhere");
        assertTrue(assertThrows(IOException.class, () -> RunReader.read(nowhere)).getMessage()
                .contains(nowhere.toString()));
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertTrue(assertThrows(IOException.class, () -> RunReader.read(empty)).getMessage()
                .contains("is not a training run"));

        Path run = fullRun();
        Path lfw = RunLayout.evalFile(run, RunLayout.LFW);
        Files.writeString(lfw, "{\"results\": {\"sphereface\": {\"accuracy\": \"high\"");
        assertTrue(assertThrows(IOException.class, () -> RunReader.read(run)).getMessage().startsWith(lfw + ": "));
        Files.writeString(lfw, "{\"results\": {\"sphereface\": {\"accuracy\": \"high\"}}}");
        assertTrue(assertThrows(IOException.class, () -> RunReader.read(run)).getMessage().startsWith(lfw + ": "));
        Files.delete(lfw);

        Path identify = RunLayout.evalFile(run, RunLayout.IDENTIFY);
        Files.writeString(identify, "{\"model\": \"m\"}");
        String message = assertThrows(IOException.class, () -> RunReader.read(run)).getMessage();
        assertTrue(message.startsWith(identify + ": ") && message.contains("\"result\""), message);
        Files.delete(identify);

        Path metrics = run.resolve(RunLayout.METRICS);
        List<String> lines = new ArrayList<>(Files.readAllLines(metrics));
        lines.add(3, "{\"iteration\": 3, \"loss\": ");
        Files.write(metrics, lines);
        message = assertThrows(IOException.class, () -> RunReader.read(run)).getMessage();
        assertTrue(message.startsWith(metrics + " line 4: "), message);
    }

    @Test
    void aLastLineCutShortByAKillIsLeftOut() throws IOException {
        Path run = SyntheticRun.training(tmp.resolve("killed"), 10);
        Files.writeString(run.resolve(RunLayout.METRICS), "{\"iteration\":11,\"loss\":0.",
                StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        RunContents contents = RunReader.read(run);
        assertEquals(10, contents.last().orElseThrow().iteration());
    }

    @Test
    void compareHasARowPerRunAndOverlaidCurves() throws IOException {
        Path evaluated = fullRun();
        Path bare = SyntheticRun.training(tmp.resolve("run-b"), 40);
        String html = CompareReport.html(List.of(RunReader.read(evaluated), RunReader.read(bare)));
        assertEquals(3, count(html, "<tr>"), "a header and a row per run");
        assertTrue(html.contains(evaluated.toString()) && html.contains(bare.toString()));
        assertTrue(html.contains("98.50% ± 0.25% (sphereface)"), "the paper's protocol is the headline");
        assertTrue(html.contains("<td>87.65%</td>"), "TAR@FAR=1e-3");
        assertTrue(html.contains("65.43% (5,000)"), "rank-1 at the most distractors");
        assertTrue(html.contains("<td>23.456</td>"), "clean mean norm");
        assertTrue(html.contains("<td>100 / 200</td>") && html.contains("<td>40 / 80</td>"), "iterations");
        assertTrue(html.contains("<td>6.0000</td>"), "run-b's final loss, 10 - 40/10");
        assertEquals(2, embedded(html).size(), "loss and accuracy, overlaid");
        assertFalse(html.contains(SyntheticRun.NAME));
    }

    @Test
    void runsThatLoggedTheirFeatureNormGetANormChart() throws IOException {
        Path bare = SyntheticRun.training(tmp.resolve("run-c"), 40);
        Path withNorms = SyntheticRun.training(tmp.resolve("run-d"), 40);
        String metrics = Files.readString(withNorms.resolve(RunLayout.METRICS), StandardCharsets.UTF_8);
        Files.writeString(withNorms.resolve(RunLayout.METRICS),
                metrics.replace("\"epoch\":0", "\"featureNorm\":12.5,\"epoch\":0"), StandardCharsets.UTF_8);
        assertEquals(12.5, RunReader.read(withNorms).training().get(0).featureNorm());
        assertTrue(Double.isNaN(RunReader.read(bare).training().get(0).featureNorm()));

        String single = RunReport.html(RunReader.read(withNorms));
        assertTrue(single.contains("alt=\"mean feature norm\""), "the run's own page");
        assertFalse(RunReport.html(RunReader.read(bare)).contains("alt=\"mean feature norm\""), "nothing to draw");
        String compared = CompareReport.html(List.of(RunReader.read(bare), RunReader.read(withNorms)));
        assertEquals(3, embedded(compared).size(), "loss, accuracy and the norm, overlaid");
        assertTrue(compared.contains("alt=\"mean feature norm\""));
    }

    @Test
    void seedsOfOneConfigKeepACurveEachInTheComparison() throws IOException {
        Path a = SyntheticRun.training(tmp.resolve("softmax-seed1"), 20);
        Path b = SyntheticRun.training(tmp.resolve("softmax-seed2"), 30);
        Path c = SyntheticRun.training(tmp.resolve("elsewhere/softmax-seed1"), 40);
        Map<String, List<TrainingPoint>> curves = CompareReport.curvesByRun(
                List.of(RunReader.read(a), RunReader.read(b), RunReader.read(c)));
        assertEquals(List.of("softmax-seed1", "softmax-seed2", "softmax-seed1 (2)"), List.copyOf(curves.keySet()));
        assertEquals(List.of(20, 30, 40), curves.values().stream().map(List::size).toList());
    }

    static List<byte[]> embedded(String html) {
        List<byte[]> images = new ArrayList<>();
        Matcher m = EMBEDDED.matcher(html);
        while (m.find()) {
            images.add(Base64.getDecoder().decode(m.group(1)));
        }
        return images;
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
