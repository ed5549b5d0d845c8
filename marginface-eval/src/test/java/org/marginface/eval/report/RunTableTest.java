package org.marginface.eval.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunTableTest {

    @TempDir
    Path tmp;

    @Test
    void rowTakesEachNumberFromItsFile() throws IOException {
        Path run = SyntheticRun.training(tmp.resolve("am-seed1"), 100);
        SyntheticRun.lfw(run);
        SyntheticRun.identification(run);
        SyntheticRun.norms(run);
        RunRow row = RunTable.row(RunReader.read(run), 3.0);
        assertEquals("am-seed1", row.run());
        assertEquals(1L, row.seed());
        assertEquals(100, row.iterations());
        assertEquals(200, row.plannedIterations());
        assertTrue(!row.finished());
        // the last 50 iterations: loss 10 - i/10 for i = 51..100 averages 10 - 7.55
        assertEquals(2.45, row.finalLoss(), 1e-9);
        assertEquals(0.755, row.finalAccuracy(), 1e-9);
        assertEquals(0.985, row.lfwAccuracy());
        assertEquals(0.0025, row.lfwStd());
        assertEquals(0.9812, row.lfwInsightface());
        assertEquals(0.8765, row.tarAtFar1e3());
        assertEquals(0.6543, row.rank1());
        assertEquals(5000, row.distractors());
        assertEquals(23.456, row.cleanNorm());
        assertEquals(12.345, row.degradedNorm());
        assertEquals(0.81, row.degradedAccuracy());
        assertNull(RunTable.row(RunReader.read(run), 2.0).degradedAccuracy(), "a level the study lacks stays empty");
    }

    @Test
    void tableGroupsSeedsOfOneConfigAndLeavesMissingNumbersEmpty() throws IOException {
        Path first = SyntheticRun.training(tmp.resolve("am-seed1"), 100);
        SyntheticRun.lfw(first);
        SyntheticRun.norms(first);
        Path second = SyntheticRun.training(tmp.resolve("am-seed2"), 100);
        SyntheticRun.norms(second);
        List<Path> written = RunTable.write(List.of(RunReader.read(first), RunReader.read(second)), 3.0, null,
                tmp.resolve("out/table"));
        assertEquals(5, written.size(), written.toString());
        written.forEach(file -> assertTrue(Files.isRegularFile(file), file.toString()));
        String md = Files.readString(tmp.resolve("out/table.md"), StandardCharsets.UTF_8);
        // one config line for both seeds: LFW from the one run that has it, norms as a mean with a range
        assertTrue(md.contains("| 2 (2 unfinished) | 98.50% |"), md);
        assertTrue(md.contains("| 23.46 (23.46–23.46) → 12.35 (12.35–12.35) |"), md);
        assertTrue(md.contains("| am-seed2 | 1 | 100 / 200 |"), md);
        List<String> csv = Files.readAllLines(tmp.resolve("out/table.csv"), StandardCharsets.UTF_8);
        assertEquals(3, csv.size());
        assertTrue(csv.get(2).startsWith("am-seed2,"), csv.get(2));
        assertTrue(csv.get(2).contains(",,,,,"), "no LFW, identification for the second run: " + csv.get(2));
    }

    @Test
    void pairedComparisonCountsDiscordantPairsAndTestsThem() throws IOException {
        Path a = SyntheticRun.training(tmp.resolve("a-seed1"), 10);
        Path b = SyntheticRun.training(tmp.resolve("b-seed1"), 10);
        // 20 pairs: both right on 10, only a right on 8, only b right on 1, both wrong on 1
        StringBuilder csvA = new StringBuilder("line,first,second,same,fold,cosine,correct\n");
        StringBuilder csvB = new StringBuilder("line,first,second,same,fold,cosine,correct\n");
        for (int i = 0; i < 20; i++) {
            boolean rightA = i < 18;
            boolean rightB = i < 10 || i == 18;
            csvA.append(i + 2).append(",x,y,true,1,0.5,").append(rightA).append('\n');
            csvB.append(i + 2).append(",x,y,true,1,0.5,").append(rightB).append('\n');
        }
        Files.createDirectories(a.resolve("eval"));
        Files.createDirectories(b.resolve("eval"));
        Files.writeString(a.resolve("eval/lfw-sphereface.csv"), csvA);
        Files.writeString(b.resolve("eval/lfw-sphereface.csv"), csvB);
        PairedComparison c = PairedComparison.of(RunReader.read(a), RunReader.read(b)).orElseThrow();
        assertEquals(8, c.onlyRun());
        assertEquals(1, c.onlyBaseline());
        assertEquals(36.0 / 9, c.chiSquare(), 1e-12); // (|8 - 1| - 1)^2 / 9
        assertEquals(2 * (1 + 9) / 512.0, c.pValue(), 1e-12); // 2 P(X <= 1), X ~ B(9, 1/2)
        List<Path> written = RunTable.write(List.of(RunReader.read(a), RunReader.read(b)), 3.0, "b-seed1",
                tmp.resolve("paired/table"));
        assertTrue(written.contains(tmp.resolve("paired/table-paired.json")), written.toString());
        String md = Files.readString(tmp.resolve("paired/table.md"), StandardCharsets.UTF_8);
        assertTrue(md.contains("| a-seed1 | 8 | 1 | 4.00 | 0.0391 |"), md);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> RunTable.write(List.of(RunReader.read(a)), 3.0, "nope", tmp.resolve("x/table")));
        assertTrue(e.getMessage().contains("--baseline nope"), e.getMessage());
    }
}
