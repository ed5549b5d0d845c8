package org.marginface.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.marginface.core.detect.MtcnnDetector;
import org.marginface.core.testing.TestData;
import org.marginface.core.testing.TestModels;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web page in headless Chromium against the real service: enrol two LFW people from their
 * crops (and a refused enrolment that leaves nothing), verify them side by side, identify one and see
 * the right name with the candidates' faces, browse the gallery as faces, page through it to its end,
 * reload with the stored key; and raw photos, whose detected faces the page draws. The browser's
 * console must stay free of errors and warnings. Each view is saved as a screenshot under /tmp.
 */
class WebPageBrowserTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("/tmp/marginface-serve-web");

    private static void requireBrowser() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true but chromium or chromium-driver is missing (.ci/run installs them)");
            }
            Assumptions.abort("headless Chromium not installed (apt-get install chromium chromium-driver)");
        }
    }

    @Test
    void enrollVerifyIdentifyAndBrowseShowTheFaces() throws IOException {
        requireBrowser();
        Path lfw = TestData.require("lfw/lfw-112x96");
        List<Path> people;
        try (Stream<Path> dirs = Files.list(lfw)) {
            people = dirs.sorted().limit(2).map(WebPageBrowserTest::firstImage).toList();
        }
        String alice = people.get(0).getParent().getFileName().toString().replace('_', ' ');
        String bob = people.get(1).getParent().getFileName().toString().replace('_', ' ');
        Path gif = Files.createTempFile("marginface-web-", ".gif");
        Files.write(gif, "GIF89a\u0001\u0000\u0001\u0000".getBytes(StandardCharsets.ISO_8859_1));

        try (RunningService service = RunningService.start(RunningService.testConfig(0.9), new TemplateAligner())) {
            WebDriver browser = startBrowser();
            try {
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
                browser.get(service.uri("/").toString());
                wait.until(d -> d.findElement(By.id("gallery-info")).getText().contains("enter a key"));
                browser.findElement(By.id("api-key")).sendKeys(RunningService.ADMIN_KEY);
                // a refused photo among good ones enrols nothing, not even the person
                enroll(browser, "Half Enrolled", people.get(0).toRealPath() + "\n" + gif.toRealPath());
                wait.until(d -> d.findElement(By.id("enroll-status")).getText().contains("nothing was enrolled"));
                assertEquals(0, service.service.gallery().subjectCount());
                // Chromium logs the refusal itself (a 415 answer) as a failed resource: that one only
                List<String> refusal = consoleNoise(browser);
                assertTrue(refusal.size() == 1 && refusal.get(0).contains("status of 415"), String.join("\n", refusal));
                String aliceTwice = people.get(0).toRealPath() + "\n" + people.get(0).toRealPath();
                enroll(browser, alice, aliceTwice);
                wait.until(d -> d.findElement(By.id("enroll-status")).getText().startsWith("Enrolled " + alice
                        + " with 2 photo(s)"));
                enroll(browser, bob, people.get(1).toRealPath().toString());
                wait.until(d -> d.findElement(By.id("enroll-status")).getText().startsWith("Enrolled " + bob));
                wait.until(d -> loaded(d, "#enroll-photos .photo-image") == 1);
                shoot(browser, "enroll-section", "enroll");

                browser.findElement(By.id("verify-file1")).sendKeys(people.get(0).toRealPath().toString());
                browser.findElement(By.id("verify-file2")).sendKeys(people.get(1).toRealPath().toString());
                browser.findElement(By.id("verify-button")).click();
                wait.until(d -> !d.findElement(By.id("verify-result")).getText().isEmpty());
                String verdict = browser.findElement(By.id("verify-result")).getText();
                assertTrue(verdict.contains("similarity") && verdict.contains("threshold 0.900"), verdict);
                wait.until(d -> loaded(d, "#verify-crop1") == 1 && loaded(d, "#verify-crop2") == 1);
                assertEquals(2, browser.findElements(By.cssSelector("#verify-photos .photo-image")).size());
                shoot(browser, "verify-section", "verify");

                browser.findElement(By.id("identify-file")).sendKeys(people.get(0).toRealPath().toString());
                browser.findElement(By.id("identify-button")).click();
                wait.until(d -> !d.findElement(By.id("identify-result")).getText().isEmpty());
                String result = browser.findElement(By.id("identify-result")).getText();
                assertTrue(result.startsWith(alice + " (similarity"), result);
                wait.until(d -> loaded(d, "#identify-probe") == 1 && loaded(d, ".candidate-face") == 2);
                shoot(browser, "identify-section", "identify");

                // the gallery as faces: Alice has two enrolled crops, Bob one
                wait.until(d -> d.findElement(By.id("gallery-info")).getText().contains("of 2"));
                wait.until(d -> loaded(d, "#gallery-list img.thumbnail") == 3);
                String gallery = browser.findElement(By.id("gallery-list")).getText();
                assertTrue(gallery.contains(alice) && gallery.contains(bob), gallery);
                assertEquals(3, service.service.gallery().faceCount());
                shoot(browser, "gallery-section", "gallery");

                // reloaded with the key in session storage, the gallery shows without a click
                browser.navigate().refresh();
                wait.until(d -> d.findElement(By.id("gallery-info")).getText().contains("1–2 of 2"));

                // paging stops at the end
                for (int i = 0; i < 21; i++) {
                    assertEquals(201, service.postJson("/api/v1/subjects", RunningService.ADMIN_KEY,
                            Map.of("name", "Person " + i)).status());
                }
                browser.findElement(By.id("gallery-refresh")).click();
                wait.until(d -> d.findElement(By.id("gallery-info")).getText().equals("1–20 of 23"));
                browser.findElement(By.id("gallery-next")).click();
                wait.until(d -> d.findElement(By.id("gallery-info")).getText().equals("21–23 of 23"));
                wait.until(d -> !d.findElement(By.id("gallery-next")).isEnabled());
                assertFalse(browser.findElement(By.id("gallery-next")).isEnabled());
                ((JavascriptExecutor) browser).executeScript("document.getElementById('gallery-next').click()");
                assertEquals("21–23 of 23", browser.findElement(By.id("gallery-info")).getText());

                assertQuietConsole(browser);
            } finally {
                browser.quit();
                Files.deleteIfExists(gif);
            }
        }
    }

    @Test
    void rawPhotosShowEveryDetectedFaceAndTheOneUsed() throws IOException {
        requireBrowser();
        Path fold1 = TestData.require("lfw/lfw-deepfunneled-fold1");
        Path enrolled = fold1.resolve("Abel_Pacheco/Abel_Pacheco_0001.jpg");
        Path probe = fold1.resolve("Abel_Pacheco/Abel_Pacheco_0002.jpg");
        // a CelebA photo with a second person in it (docs/detection-several-faces.md)
        Path group = TestData.require("celeba/raw-sample").resolve("027509.jpg");
        try (MtcnnFaceDetector detector = MtcnnFaceDetector.load(TestModels.require("mtcnn"),
                        MtcnnDetector.Settings.DEFAULT, 1);
                RunningService service = RunningService.start(RunningService.testConfig(0.2), new TemplateAligner(),
                        detector)) {
            WebDriver browser = startBrowser();
            try {
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
                browser.get(service.uri("/").toString());
                browser.findElement(By.id("api-key")).sendKeys(RunningService.ADMIN_KEY);
                enroll(browser, "Abel Pacheco", enrolled.toRealPath() + "\n" + probe.toRealPath());
                wait.until(d -> d.findElement(By.id("enroll-status")).getText().startsWith("Enrolled Abel Pacheco"));
                String status = browser.findElement(By.id("enroll-status")).getText();
                assertTrue(status.contains("face found at ("), status);
                assertEquals(2, browser.findElements(By.cssSelector("#enroll-photos rect.used")).size());
                shoot(browser, "enroll-section", "enroll-raw");

                browser.findElement(By.id("identify-file")).sendKeys(group.toRealPath().toString());
                browser.findElement(By.id("identify-button")).click();
                wait.until(d -> !d.findElement(By.id("identify-result")).getText().isEmpty());
                String result = browser.findElement(By.id("identify-result")).getText();
                assertTrue(result.contains("face found at ("), result);
                // every face boxed, one of them marked as used
                assertEquals(1, browser.findElements(By.cssSelector("#identify-photos rect.used")).size());
                assertTrue(browser.findElements(By.cssSelector("#identify-photos rect.face")).size() >= 2);
                wait.until(d -> loaded(d, "#identify-probe") == 1 && loaded(d, ".candidate-face") == 1);
                shoot(browser, "identify-section", "identify-raw");
                assertQuietConsole(browser);
            } finally {
                browser.quit();
            }
        }
    }

    private static void enroll(WebDriver browser, String name, String files) {
        // a file input keeps (and adds to) its files: start each enrolment from none
        ((JavascriptExecutor) browser).executeScript("document.getElementById('enroll-status').textContent = '';"
                + " document.getElementById('enroll-files').value = ''");
        browser.findElement(By.id("enroll-name")).clear();
        browser.findElement(By.id("enroll-name")).sendKeys(name);
        browser.findElement(By.id("enroll-files")).sendKeys(files);
        browser.findElement(By.id("enroll-button")).click();
    }

    /** How many of the selected images have loaded pixels. */
    private static long loaded(WebDriver browser, String selector) {
        Object n = ((JavascriptExecutor) browser).executeScript("return Array.from(document.querySelectorAll(arguments[0]))"
                + ".filter((i) => i.complete && i.naturalWidth > 0).length", selector);
        return ((Number) n).longValue();
    }

    private static void shoot(WebDriver browser, String id, String name) throws IOException {
        WebElement section = browser.findElement(By.id(id));
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView()", section);
        Files.createDirectories(SCREENSHOTS);
        Path shot = section.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** No console errors or warnings (a missing favicon, a failed request) and no DOM notices (password field). */
    private static void assertQuietConsole(WebDriver browser) {
        List<String> noisy = consoleNoise(browser);
        assertTrue(noisy.isEmpty(), "console:\n" + String.join("\n", noisy));
    }

    /** The console's errors, warnings and DOM notices since the last call (reading empties the buffer). */
    private static List<String> consoleNoise(WebDriver browser) {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue() || e.getMessage().contains("[DOM]"))
                .map(LogEntry::toString).toList();
    }

    private static Path firstImage(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().findFirst().orElseThrow();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static WebDriver startBrowser() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1000,1500");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService driver = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(driver, options);
    }
}
