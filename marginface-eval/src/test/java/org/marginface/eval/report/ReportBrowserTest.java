package org.marginface.eval.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens reports in headless Chromium (Debian's {@code chromium}): the page must load without console
 * messages, the browser's DOM must hold the whole page, and a screenshot must come out. Skipped
 * without Chromium, except under CI=true, where .ci/run installs it.
 */
class ReportBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TempDir
    Path tmp;

    @BeforeAll
    static void needsChromium() {
        if (!Files.isExecutable(CHROMIUM)) {
            if ("true".equals(System.getenv("CI"))) {
                fail(CHROMIUM + " is missing under CI=true (.ci/run installs Debian's chromium package)");
            }
            Assumptions.abort(CHROMIUM + " is not installed (apt-get install chromium); skipping the browser test");
        }
    }

    private record Browser(int exitCode, String stdout, String stderr) {

        /** Chromium logs each console message (errors, uncaught exceptions, console.*) as a CONSOLE line. */
        List<String> consoleLines() {
            return stderr.lines().filter(l -> l.contains(":CONSOLE")).toList();
        }
    }

    private Browser chromium(Path html, String... action) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + Files.createTempDirectory(tmp, "profile"), "--enable-logging=stderr", "--v=0"));
        command.addAll(List.of(action));
        command.add(html.toUri().toString());
        Path out = Files.createTempFile(tmp, "chromium", ".out");
        Path err = Files.createTempFile(tmp, "chromium", ".err");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        // a guard against a hung browser, not a measure of speed
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail("chromium did not finish with " + html);
        }
        return new Browser(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private Path report() throws IOException {
        Path run = SyntheticRun.training(tmp.resolve("run"), 200);
        SyntheticRun.lfw(run);
        SyntheticRun.identification(run);
        SyntheticRun.norms(run);
        Path html = tmp.resolve("report.html");
        Files.writeString(html, RunReport.html(RunReader.read(run)), StandardCharsets.UTF_8);
        return html;
    }

    @Test
    void reportLoadsWithoutConsoleMessagesAndWhole() throws Exception {
        Path html = report();
        Browser browser = chromium(html, "--dump-dom");
        assertEquals(0, browser.exitCode(), browser.stderr());
        assertEquals(List.of(), browser.consoleLines());
        String dom = browser.stdout();
        assertTrue(dom.contains("<h2>Config</h2>") && dom.strip().endsWith("</html>"), dom);
        String written = Files.readString(html, StandardCharsets.UTF_8);
        assertEquals(RunReportTest.embedded(written).size(), RunReportTest.embedded(dom).size(),
                "every embedded image survives parsing");
        assertTrue(dom.contains("98.50% ± 0.25%"));
        assertFalse(dom.contains("<script"), "escaped text stays text in the browser's DOM too");
    }

    @Test
    void compareReportLoadsWithoutConsoleMessages() throws Exception {
        Path html = tmp.resolve("compare.html");
        Files.writeString(html, CompareReport.html(List.of(
                RunReader.read(SyntheticRun.training(tmp.resolve("a"), 50)),
                RunReader.read(SyntheticRun.training(tmp.resolve("b"), 80)))), StandardCharsets.UTF_8);
        Browser browser = chromium(html, "--dump-dom");
        assertEquals(0, browser.exitCode(), browser.stderr());
        assertEquals(List.of(), browser.consoleLines());
        assertTrue(browser.stdout().contains("Training curves"));
    }

    @Test
    void reportRendersToAScreenshot() throws Exception {
        Path html = report();
        Path png = tmp.resolve("screenshot.png");
        Browser browser = chromium(html, "--screenshot=" + png, "--window-size=1280,2400", "--hide-scrollbars");
        assertEquals(0, browser.exitCode(), browser.stderr());
        BufferedImage shot = ImageIO.read(png.toFile());
        assertNotNull(shot, "a PNG screenshot");
        assertEquals(1280, shot.getWidth());
    }

    /** The check above must be able to fail: a page with a script error does produce a console line. */
    @Test
    void consoleErrorsAreSeen() throws Exception {
        Path html = tmp.resolve("broken.html");
        Files.writeString(html, "<!DOCTYPE html><html><head><link rel=\"icon\" href=\"data:,\"></head>"
                + "<body><script>notDefined();</script></body></html>", StandardCharsets.UTF_8);
        Browser browser = chromium(html, "--dump-dom");
        assertEquals(1, browser.consoleLines().size(), browser.stderr());
        assertTrue(browser.consoleLines().get(0).contains("notDefined"));
    }
}
