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
        List<Path> written = RunTable.write(List.of(RunReader.read(first), RunReader.read(second)), 3.0,
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
}
