package org.marginface.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {

    @TempDir
    Path tmp;

    private Path run(String name, int iterations) throws Exception {
        Path run = Files.createDirectories(tmp.resolve(name));
        Files.writeString(run.resolve("config.yaml"), "name: " + name + "\nbackbone:\n  name: sphereface4\n");
        StringBuilder metrics = new StringBuilder();
        for (int i = 1; i <= iterations; i++) {
            metrics.append("{\"iteration\":").append(i).append(",\"loss\":").append(20 - i)
                    .append(",\"accuracy\":0.5,\"lr\":0.1,\"imagesPerSecond\":12.5}\n");
        }
        Files.writeString(run.resolve("metrics.jsonl"), metrics);
        return run;
    }

    @Test
    void writesARunReportAndAComparison() throws Exception {
        Path a = run("alpha", 12);
        Path b = run("beta", 7);
        Path single = tmp.resolve("out/alpha.html");
        assertEquals(0, Main.run("report", "--run", a.toString(), "--out", single.toString()));
        String html = Files.readString(single, StandardCharsets.UTF_8);
        assertTrue(html.contains("marginface run alpha") && html.contains("no LFW evaluation yet"), html);
        Path compared = tmp.resolve("compare.html");
        assertEquals(0, Main.run("report", "--compare", a.toString(), b.toString(), "--out", compared.toString()));
        html = Files.readString(compared, StandardCharsets.UTF_8);
        assertTrue(html.contains(">alpha<") && html.contains(">beta<") && html.contains("<td>8.0000</td>"), html);
    }

    @Test
    void badRunsAreOneLineNamingTheFile() throws Exception {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true));
        try {
            Path missing = tmp.resolve("no-such-run");
            assertEquals(2, Main.run("report", "--run", missing.toString(), "--out", tmp.resolve("x.html").toString()));
            assertTrue(captured.toString().contains("error: " + missing), captured.toString());
            Path a = run("alpha", 3);
            Path lfw = Files.createDirectories(a.resolve("eval")).resolve("lfw.json");
            Files.writeString(lfw, "not json");
            assertEquals(2, Main.run("report", "--compare", run("beta", 2).toString(), a.toString(),
                    "--out", tmp.resolve("y.html").toString()));
            assertTrue(captured.toString().contains("error: " + lfw + ": not valid JSON"), captured.toString());
            assertTrue(Files.notExists(tmp.resolve("x.html")) && Files.notExists(tmp.resolve("y.html")));
            // --run and --compare exclude each other, and a comparison needs two runs
            assertEquals(2, Main.run("report", "--run", a.toString(), "--compare", a.toString(), a.toString(),
                    "--out", tmp.resolve("z.html").toString()));
            assertEquals(2, Main.run("report", "--compare", a.toString(), "--out", tmp.resolve("z.html").toString()));
        } finally {
            System.setErr(err);
        }
    }
}
