package org.marginface.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.marginface.eval.SyntheticPairs.pair;
import static org.marginface.eval.SyntheticPairs.v;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.marginface.core.embed.FlipFusion;

/** The LFW report as a library call: the files `eval lfw` writes, without the command line. */
class LfwReportTest {

    @TempDir
    Path tmp;

    private static SyntheticPairs tenFolds() {
        SyntheticPairs pairs = new SyntheticPairs(2);
        float[][] matched = pair(v(1, 0), v(3, 4));
        float[][] mismatched = pair(v(1, 0), v(-3, 4));
        for (int f = 1; f <= 10; f++) {
            pairs.fold(List.of(matched, pair(v(0, 1), v(4, 3))), List.of(mismatched, pair(v(0, 1), v(4, -3))));
        }
        return pairs;
    }

    private static LfwReport.Source source() {
        return new LfwReport.Source(Path.of("models/m1"), null, null, FlipFusion.values()[0], Path.of("lfw/pairs.txt"));
    }

    @Test
    void oneProtocolPutsTheResultFirstThenTheSource() throws Exception {
        SyntheticPairs synthetic = tenFolds();
        Path json = tmp.resolve("eval/lfw.json");
        Files.createDirectories(json.getParent());
        LfwReport.Written written = LfwReport.write(synthetic.pairs(), synthetic.features(), List.of(Protocol.SPHEREFACE),
                source(), json);
        JsonNode report = EvalFiles.json().readTree(json.toFile());
        assertEquals("protocol", report.fieldNames().next());
        assertEquals(written.evaluations().get(Protocol.SPHEREFACE).result().accuracy(),
                report.get("accuracy").asDouble());
        assertEquals(Path.of("models/m1").toAbsolutePath().toString(), report.get("model").asText());
        assertTrue(report.has("pairs_file") && report.has("flip"), report.toString());
        assertEquals(2, report.path("thresholds").path("at_far").size(), report.toString());
        assertEquals(tmp.resolve("eval/lfw.csv"), written.scores().get(Protocol.SPHEREFACE));
        assertTrue(Files.size(tmp.resolve("eval/lfw.csv")) > 0);
        assertEquals(tmp.resolve("eval/lfw-roc.png"), written.roc());
        assertTrue(Files.size(written.roc()) > 0);
    }

    @Test
    void severalProtocolsGoUnderResultsWithAScoresFileEach() throws Exception {
        SyntheticPairs synthetic = tenFolds();
        Path json = tmp.resolve("lfw.json");
        LfwReport.Written written = LfwReport.write(synthetic.pairs(), synthetic.features(),
                List.of(Protocol.SPHEREFACE, Protocol.INSIGHTFACE), source(), json);
        JsonNode report = EvalFiles.json().readTree(json.toFile());
        assertEquals("model", report.fieldNames().next());
        // the serving thresholds belong to the model's features: once, beside the protocols' results
        assertEquals(2, report.path("thresholds").path("at_far").size(), report.toString());
        for (Protocol p : List.of(Protocol.SPHEREFACE, Protocol.INSIGHTFACE)) {
            assertTrue(report.get("results").has(p.label()), report.toString());
            assertTrue(report.get("results").get(p.label()).path("thresholds").isMissingNode(), report.toString());
            assertEquals(tmp.resolve("lfw-" + p.label() + ".csv"), written.scores().get(p));
            assertTrue(Files.isRegularFile(written.scores().get(p)));
        }
    }

    @Test
    void siblingsReplaceTheJsonExtension() {
        assertEquals(Path.of("out/lfw-roc.png"), EvalFiles.sibling(Path.of("out/lfw.json"), "-roc.png"));
        assertEquals(Path.of("out/lfw.txt.csv"), EvalFiles.sibling(Path.of("out/lfw.txt"), ".csv"));
    }
}
