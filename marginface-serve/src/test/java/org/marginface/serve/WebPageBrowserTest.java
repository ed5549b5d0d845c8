package org.marginface.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.marginface.core.detect.MtcnnDetector;
import org.marginface.core.testing.TestData;
import org.marginface.core.testing.TestModels;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web page in headless Chromium against the real service: enroll two LFW people from their
 * photos, identify one of them, see the right name, and find both in the gallery; and raw photos
 * without landmarks, whose detected face the page reports.
 */
class WebPageBrowserTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOT = Path.of("/tmp/marginface-serve-web-page.png");
    static final Path RAW_SCREENSHOT = Path.of("/tmp/marginface-serve-web-page-raw.png");

    @Test
    void enrollThenIdentifyShowsTheRightName() throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true but chromium or chromium-driver is missing (.ci/run installs them)");
            }
            Assumptions.abort("headless Chromium not installed (apt-get install chromium chromium-driver)");
        }
        Path lfw = TestData.require("lfw/lfw-112x96");
        List<Path> people;
        try (Stream<Path> dirs = Files.list(lfw)) {
            people = dirs.sorted().limit(2).map(WebPageBrowserTest::firstImage).toList();
        }
        String alice = people.get(0).getParent().getFileName().toString().replace('_', ' ');
        String bob = people.get(1).getParent().getFileName().toString().replace('_', ' ');

        try (RunningService service = RunningService.start(RunningService.testConfig(0.9), new TemplateAligner())) {
            WebDriver browser = startBrowser();
            try {
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
                browser.get(service.uri("/").toString());
                browser.findElement(By.id("api-key")).sendKeys(RunningService.ADMIN_KEY);
                for (int i = 0; i < 2; i++) {
                    String name = i == 0 ? alice : bob;
                    browser.findElement(By.id("enroll-name")).clear();
                    browser.findElement(By.id("enroll-name")).sendKeys(name);
                    browser.findElement(By.id("enroll-files")).sendKeys(people.get(i).toRealPath().toString());
                    browser.findElement(By.id("enroll-button")).click();
                    wait.until(d -> d.findElement(By.id("enroll-status")).getText().startsWith("Enrolled " + name));
                }
                browser.findElement(By.id("identify-file")).sendKeys(people.get(0).toRealPath().toString());
                browser.findElement(By.id("identify-button")).click();
                wait.until(d -> !d.findElement(By.id("identify-result")).getText().isEmpty());
                String result = browser.findElement(By.id("identify-result")).getText();
                assertTrue(result.startsWith(alice + " (similarity"), result);

                wait.until(d -> d.findElement(By.id("gallery-info")).getText().contains("of 2"));
                String gallery = browser.findElement(By.id("gallery-list")).getText();
                assertTrue(gallery.contains(alice) && gallery.contains(bob), gallery);
                assertEquals(2, service.service.gallery().faceCount());

                Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
                Files.copy(shot, SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                browser.quit();
            }
        }
    }

    @Test
    void rawPhotosWithoutLandmarksAreEnrolledAndIdentified() throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true but chromium or chromium-driver is missing (.ci/run installs them)");
            }
            Assumptions.abort("headless Chromium not installed (apt-get install chromium chromium-driver)");
        }
        Path fold1 = TestData.require("lfw/lfw-deepfunneled-fold1");
        Path enrolled = fold1.resolve("Abel_Pacheco/Abel_Pacheco_0001.jpg");
        Path probe = fold1.resolve("Abel_Pacheco/Abel_Pacheco_0002.jpg");
        try (MtcnnFaceDetector detector = MtcnnFaceDetector.load(TestModels.require("mtcnn"),
                        MtcnnDetector.Settings.DEFAULT, 1);
                RunningService service = RunningService.start(RunningService.testConfig(0.2), new TemplateAligner(),
                        detector)) {
            WebDriver browser = startBrowser();
            try {
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
                browser.get(service.uri("/").toString());
                browser.findElement(By.id("api-key")).sendKeys(RunningService.ADMIN_KEY);
                browser.findElement(By.id("enroll-name")).sendKeys("Abel Pacheco");
                browser.findElement(By.id("enroll-files")).sendKeys(enrolled.toRealPath().toString());
                browser.findElement(By.id("enroll-button")).click();
                wait.until(d -> d.findElement(By.id("enroll-status")).getText().startsWith("Enrolled Abel Pacheco"));
                String status = browser.findElement(By.id("enroll-status")).getText();
                assertTrue(status.contains("face found at ("), status);

                browser.findElement(By.id("identify-file")).sendKeys(probe.toRealPath().toString());
                browser.findElement(By.id("identify-button")).click();
                wait.until(d -> !d.findElement(By.id("identify-result")).getText().isEmpty());
                String result = browser.findElement(By.id("identify-result")).getText();
                // one person in the gallery: whatever the untrained model's similarity, the face used is shown
                assertTrue(result.contains("face found at ("), result);
                assertEquals(1, service.service.gallery().faceCount());

                Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
                Files.copy(shot, RAW_SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                browser.quit();
            }
        }
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
        ChromeDriverService driver = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(driver, options);
    }
}
