package org.marginface.core.align;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class LandmarkFileTest {

    private static LandmarkFile parse(String... lines) throws IOException {
        return LandmarkFile.parse(new BufferedReader(new StringReader(String.join("\n", lines))));
    }

    @Test
    void readsTheLfwLayoutWithItsSourceColumn() throws IOException {
        LandmarkFile file = parse(
                "AJ_Cook/AJ_Cook_0001.jpg\tdlib\t103.7\t115.3\t148.5\t114.8\t114.0\t135.0\t105.0\t160.0\t145.0\t160.0",
                "Dir With Space/x.jpg\tmtcnn\t1 2 30 2 15 20 5 30 25 31");
        assertEquals(List.of(), file.problems());
        assertEquals(2, file.rows().size());
        LandmarkFile.Row row = file.rows().get(0);
        assertEquals(1, row.line());
        assertEquals("AJ_Cook/AJ_Cook_0001.jpg", row.path());
        assertEquals("dlib", row.label());
        assertEquals(new Point(103.7, 115.3), row.landmarks().leftEye());
        assertEquals(new Point(145.0, 160.0), row.landmarks().rightMouth());
        assertEquals("Dir With Space/x.jpg", file.rows().get(1).path());
    }

    @Test
    void readsPlainWhitespaceSeparatedRows() throws IOException {
        LandmarkFile file = parse("# path x1 y1 ... x5 y5", "", "a/b.png   1 2 30 2 15 20   5 30 25 31", "c.jpg 1e1 2 30 2 15 20 5 30 25 31.5");
        assertEquals(List.of(), file.problems());
        assertEquals(List.of(3, 4), file.rows().stream().map(LandmarkFile.Row::line).toList());
        assertEquals("", file.rows().get(0).label());
        assertEquals(10.0, file.rows().get(1).landmarks().leftEye().x());
    }

    @Test
    void badRowsAreReportedWithTheirLineNumberAndSkipped() throws IOException {
        LandmarkFile file = parse(
                "ok1.jpg 1 2 30 2 15 20 5 30 25 31",
                "short.jpg 1 2 30 2 15 20 5 30 25",
                "long.jpg 1 2 30 2 15 20 5 30 25 31 7",
                "word.jpg 1 2 30 2 15 twenty 5 30 25 31",
                "nan.jpg 1 2 30 2 15 NaN 5 30 25 31",
                "inf.jpg 1 2 30 2 15 20 5 30 25 -inf",
                "same.jpg 7 7 7 7 7 7 7 7 7 7",
                "/abs/olute.jpg 1 2 30 2 15 20 5 30 25 31",
                "../outside.jpg 1 2 30 2 15 20 5 30 25 31",
                "ok1.jpg 1 2 30 2 15 20 5 30 25 31",
                "\tdlib 1 2 30 2 15 20 5 30 25 31",
                "ok2.jpg label 1 2 30 2 15 20 5 30 25 31");
        assertEquals(List.of("ok1.jpg", "ok2.jpg"), file.rows().stream().map(LandmarkFile.Row::path).toList());
        List<String> reports = file.problems().stream().map(Object::toString).toList();
        assertEquals(10, reports.size(), String.join("\n", reports));
        assertStarts(reports.get(0), "line 2: short.jpg: expected 10 numbers", "found 9 values");
        assertStarts(reports.get(1), "line 3: long.jpg: expected 10 numbers", "found 11 values");
        assertStarts(reports.get(2), "line 4: word.jpg: 'twenty' is not a number (y3)", "");
        assertStarts(reports.get(3), "line 5: nan.jpg: non-finite landmark: nose", "");
        assertStarts(reports.get(4), "line 6: inf.jpg: non-finite landmark: right mouth corner", "");
        assertStarts(reports.get(5), "line 7: same.jpg: degenerate landmarks", "");
        assertStarts(reports.get(6), "line 8: /abs/olute.jpg: the path must be relative", "");
        assertStarts(reports.get(7), "line 9: ../outside.jpg: the path must be relative", "");
        assertStarts(reports.get(8), "line 10: ok1.jpg: listed again (first on line 1)", "");
        assertStarts(reports.get(9), "line 11: no image path", "");
    }

    private static void assertStarts(String report, String start, String contains) {
        assertTrue(report.startsWith(start) && report.contains(contains), report);
    }
}
