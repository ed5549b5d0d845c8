package org.marginface.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.marginface.core.align.FaceLandmarks;
import org.marginface.core.detect.DetectedFace;
import org.marginface.core.detect.FaceBox;
import org.marginface.core.testing.TestData;
import org.marginface.serve.RunningService.Answer;

/**
 * The answers of issue 18 that were wrong or misleading: strict JSON fields, bad base64, 405 with
 * Allow, HEAD, lone surrogates, landmarks outside the photo or degenerate or mirrored, large photos
 * decoded subsampled, out of memory as JSON, enrolment all or nothing, and the stored face crops.
 * The service's detector is a stand-in that reports where it was called and what it saw.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServiceAnswersTest {

    private static final String ADMIN = RunningService.ADMIN_KEY;
    private static final String CLIENT = RunningService.CLIENT_KEY;

    /** What the stand-in detector does with the next photo. */
    private final AtomicReference<BufferedImage> seen = new AtomicReference<>();
    private volatile boolean outOfMemory;
    private RunningService s;
    private String crop64;
    private String photo64;

    @BeforeAll
    void start() throws IOException {
        Path lfw = TestData.require("lfw/lfw-112x96");
        try (var dirs = Files.list(lfw)) {
            Path dir = dirs.sorted().findFirst().orElseThrow();
            try (var files = Files.list(dir)) {
                crop64 = Base64.getEncoder().encodeToString(Files.readAllBytes(files.sorted().findFirst().orElseThrow()));
            }
        }
        photo64 = Base64.getEncoder().encodeToString(png(grey(400, 300)));
        FaceDetector standIn = photo -> {
            seen.set(photo);
            if (outOfMemory) {
                throw new OutOfMemoryError("Java heap space");
            }
            return List.of(faceIn(photo, 0.5), faceIn(photo, 0.2));
        };
        s = RunningService.start(RunningService.testConfig(0.5), new TemplateAligner(), standIn);
    }

    @AfterAll
    void stop() {
        if (s != null) {
            s.close();
        }
    }

    /** A plausible face centred at {@code (fx * width, height / 2)}, a fifth of the photo's width wide. */
    private static DetectedFace faceIn(BufferedImage photo, double fx) {
        double w = photo.getWidth() / 5.0;
        double cx = photo.getWidth() * fx;
        double cy = photo.getHeight() / 2.0;
        FaceLandmarks marks = FaceLandmarks.of(cx - 0.2 * w, cy - 0.15 * w, cx + 0.2 * w, cy - 0.15 * w, cx, cy + 0.05 * w,
                cx - 0.15 * w, cy + 0.25 * w, cx + 0.15 * w, cy + 0.25 * w);
        return new DetectedFace(new FaceBox(cx - w / 2, cy - w / 2, cx + w / 2, cy + w / 2), 0.99, marks);
    }

    static BufferedImage grey(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.GRAY);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.WHITE);
        g.fillOval(width / 3, height / 4, width / 3, height / 2);
        g.dispose();
        return image;
    }

    static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private String newSubject(String name) {
        Answer a = s.postJson("/api/v1/subjects", ADMIN, Map.of("name", name));
        assertEquals(201, a.status(), a.body());
        return a.json().get("id").asText();
    }

    private int subjectCount() {
        return s.get("/api/v1/subjects?limit=1000", ADMIN).json().get("total").asInt();
    }

    private static void assertError(Answer a, int status, String code, String mentions) {
        assertEquals(status, a.status(), a.body());
        JsonNode error = a.json().path("error");
        assertEquals(code, error.path("code").asText(), a.body());
        if (mentions != null) {
            assertTrue(error.path("message").asText().contains(mentions), a.body());
        }
    }

    // ---- 3: strict JSON ----

    @Test
    void trailingGarbageIsRefusedAndRenamesNothing() {
        String id = newSubject("Before");
        Answer a = s.send("/api/v1/subjects/" + id, "PATCH", ADMIN, "application/json",
                "{\"name\": \"After\"} trailing".getBytes(StandardCharsets.UTF_8));
        assertError(a, 400, "bad_json", "nothing after it");
        assertEquals("Before", s.get("/api/v1/subjects/" + id, ADMIN).json().get("name").asText());
        assertError(s.postJson("/api/v1/subjects", ADMIN, "{\"name\": \"A\"}{\"name\": \"B\"}"), 400, "bad_json", null);
        assertError(s.postJson("/api/v1/subjects", ADMIN, "{\"name\": \"A\", \"name\": \"B\"}"), 400, "bad_json", null);
    }

    @Test
    void fieldsAreNotCoerced() {
        int before = subjectCount();
        assertError(s.postJson("/api/v1/subjects", ADMIN, "{\"name\": \"X\", \"id\": 5}"), 400, "bad_id", "id");
        assertError(s.postJson("/api/v1/subjects", ADMIN, "{\"name\": true}"), 400, "bad_name", "name");
        assertEquals(before, subjectCount());
        String id = newSubject("Typed");
        assertError(s.postJson("/api/v1/subjects/" + id + "/faces", ADMIN, Map.of("images", crop64)), 400, "bad_field",
                "images");
        assertEquals(0, s.get("/api/v1/subjects/" + id, ADMIN).json().get("faces").asInt());
        assertError(s.postJson("/api/v1/identify", CLIENT, "{\"image\": \"" + crop64 + "\", \"k\": \"5\"}"), 400,
                "bad_field", "k");
        assertError(s.postJson("/api/v1/identify", CLIENT, "{\"image\": \"" + crop64 + "\", \"k\": null}"), 400,
                "bad_field", "k");
        assertError(s.postJson("/api/v1/identify", CLIENT, "{\"image\": \"" + crop64 + "\", \"k\": 2.5}"), 400,
                "bad_field", "k");
        assertError(s.postJson("/api/v1/verify", CLIENT, "{\"image\": \"" + crop64 + "\", \"subject\": 7}"), 400,
                "bad_field", "subject");
        assertEquals(200, s.postJson("/api/v1/identify", CLIENT, "{\"image\": \"" + crop64 + "\", \"k\": 5}").status());
    }

    // ---- 4: misleading answers ----

    @Test
    void badBase64IsNamedSo() {
        for (String bad : List.of("%%%not base64%%%", "abc$", "@@@@", "QUJD!")) {
            assertError(s.postJson("/api/v1/embed", CLIENT, Map.of("image", bad)), 400, "bad_base64", "image");
        }
    }

    @Test
    void aWrongMethodOnAKnownRouteIs405WithAllow() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(s.uri("/api/v1/identify"))
                .header("X-API-Key", CLIENT).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, r.statusCode(), r.body());
        assertEquals("POST", r.headers().firstValue("Allow").orElse(""));
        assertTrue(r.body().contains("method_not_allowed"), r.body());
        HttpResponse<String> d = http.send(HttpRequest.newBuilder(s.uri("/api/v1/subjects"))
                .header("X-API-Key", ADMIN).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, d.statusCode(), d.body());
        assertEquals(List.of("GET", "HEAD", "POST"),
                List.of(d.headers().firstValue("Allow").orElse("").split(", ")).stream().sorted().toList());
        assertEquals(404, s.get("/api/v1/nothing", ADMIN).status());
    }

    @Test
    void headOfThePageIsItsHeaders() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(s.uri("/"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), r.headers().toString());
        assertEquals("", r.body());
        assertEquals(200, s.get("/favicon.svg", null).status());
    }

    @Test
    void aLoneSurrogateIsRefusedNotStoredAsSomethingElse() {
        int before = subjectCount();
        assertError(s.postJson("/api/v1/subjects", ADMIN, "{\"name\": \"Ann\\ud800e\"}"), 400, "bad_name", "surrogate");
        assertEquals(before, subjectCount());
        Answer ok = s.postJson("/api/v1/subjects", ADMIN, "{\"name\": \"Ann \\ud83d\\ude00\"}");
        assertEquals(201, ok.status(), ok.body());
        assertEquals("Ann \ud83d\ude00", ok.json().get("name").asText());
    }

    // ---- 2: landmarks that cannot be aligned ----

    @Test
    void landmarksOutsideThePhotoDegenerateOrMirroredAre422() {
        String id = newSubject("Landmarks");
        String faces = "/api/v1/subjects/" + id + "/faces";
        double[][] bad = {
            {1e6, 1e6, 1e6 + 40, 1e6, 1e6 + 20, 1e6 + 20, 1e6 + 5, 1e6 + 40, 1e6 + 35, 1e6 + 40},
            {-50, 100, -10, 100, -30, 120, -45, 140, -15, 140},
            {100, 100, 140, 100, 180, 100, 220, 100, 260, 100},
            {240, 100, 160, 100, 200, 130, 235, 160, 165, 160},
        };
        String[] reasons = {"outside", "outside", "line of the eyes", "right eye"};
        for (int i = 0; i < bad.length; i++) {
            List<Double> marks = new ArrayList<>();
            for (double v : bad[i]) {
                marks.add(v);
            }
            Answer a = s.postJson(faces, ADMIN, Map.of("image", Map.of("data", photo64, "landmarks", marks)));
            assertError(a, 422, "bad_landmarks", reasons[i]);
        }
        assertEquals(0, s.get("/api/v1/subjects/" + id, ADMIN).json().get("faces").asInt());
        Answer good = s.postJson(faces, ADMIN, Map.of("image", Map.of("data", photo64,
                "landmarks", List.of(160, 100, 240, 100, 200, 130, 165, 160, 235, 160))));
        assertEquals(201, good.status(), good.body());
    }

    // ---- 1: large photos ----

    @Test
    void aLargePhotoReachesTheDetectorSubsampledAndIsAnsweredInItsOwnPixels() throws IOException {
        byte[] large = png(grey(4999, 4999));
        Answer a = s.postJson("/api/v1/embed", CLIENT, Map.of("image", Base64.getEncoder().encodeToString(large)));
        assertEquals(200, a.status(), a.body());
        BufferedImage detected = seen.get();
        long pixels = (long) detected.getWidth() * detected.getHeight();
        assertTrue(pixels <= ServiceConfig.DEFAULT_DETECTION_PIXELS, detected.getWidth() + "x" + detected.getHeight());
        int n = PhotoDecoder.subsampling(4999, 4999, ServiceConfig.DEFAULT_DETECTION_PIXELS);
        assertEquals((4999 + n - 1) / n, detected.getWidth());
        JsonNode photo = a.json().get("photo");
        assertEquals(4999, photo.get("width").asInt());
        assertEquals(2, photo.get("faces").size());
        assertEquals(0, photo.get("used").asInt(), a.body());
        DetectedFace expected = faceIn(detected, 0.5);
        assertEquals(expected.box().x1() * n, a.json().get("detection").get("box").get(0).asDouble(), 0.01);
        assertEquals(expected.box().y2() * n, a.json().get("detection").get("box").get(3).asDouble(), 0.01);
    }

    @Test
    void runningOutOfMemoryIsAnsweredAsJson() {
        outOfMemory = true;
        try {
            Answer a = s.postJson("/api/v1/embed", CLIENT, Map.of("image", photo64));
            assertError(a, 503, "insufficient_memory", null);
            assertTrue(a.contentType().startsWith("application/json"), a.contentType());
        } finally {
            outOfMemory = false;
        }
        assertEquals(200, s.postJson("/api/v1/embed", CLIENT, Map.of("image", photo64)).status());
    }

    // ---- 5-7: what the page needs ----

    @Test
    void verifyCanReturnBothAlignedCrops() throws IOException {
        Answer a = s.postJson("/api/v1/verify?crops=true", CLIENT, Map.of("image1", photo64, "image2", crop64));
        assertEquals(200, a.status(), a.body());
        for (String p : List.of("photo1", "photo2")) {
            String uri = a.json().get(p).get("crop").asText();
            assertTrue(uri.startsWith("data:image/jpeg;base64,"), uri);
            BufferedImage crop = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(uri.substring(23))));
            assertEquals(96, crop.getWidth());
            assertEquals(112, crop.getHeight());
        }
        assertEquals(0.5, a.json().get("threshold").asDouble());
        assertFalse(s.postJson("/api/v1/verify", CLIENT, Map.of("image1", photo64, "image2", crop64)).json()
                .get("photo1").has("crop"));
    }

    @Test
    void creatingASubjectWithARefusedImageCreatesNothing() throws IOException {
        int before = subjectCount();
        String gif = Base64.getEncoder().encodeToString("GIF89a\u0001\u0000\u0001\u0000".getBytes(StandardCharsets.ISO_8859_1));
        Answer refused = s.postJson("/api/v1/subjects", ADMIN, Map.of("name", "Half", "images", List.of(crop64, gif)));
        assertEquals(415, refused.status(), refused.body());
        assertEquals(before, subjectCount());
        Answer created = s.postJson("/api/v1/subjects", ADMIN, Map.of("name", "Whole", "images", List.of(crop64, photo64)));
        assertEquals(201, created.status(), created.body());
        assertEquals(2, created.json().get("faces").asInt());
        assertEquals(2, created.json().get("enrolled").size());
        assertEquals(before + 1, subjectCount());
    }

    @Test
    void enrolledFacesKeepTheirCropUntilDeleted() throws IOException {
        String id = newSubject("Thumbnails");
        Answer enrolled = s.postJson("/api/v1/subjects/" + id + "/faces", ADMIN, Map.of("images", List.of(photo64)));
        assertEquals(201, enrolled.status(), enrolled.body());
        String face = enrolled.json().get("faces").get(0).get("id").asText();
        assertTrue(s.get("/api/v1/subjects/" + id + "/faces", ADMIN).json().get("faces").get(0).get("image").asBoolean());
        String image = "/api/v1/subjects/" + id + "/faces/" + face + "/image";
        assertEquals(401, s.get(image, null).status());
        assertEquals(403, s.get(image, CLIENT).status());
        BufferedImage crop = getImage(image);
        assertEquals(96, crop.getWidth());
        assertEquals(112, crop.getHeight());
        assertEquals(204, s.delete("/api/v1/subjects/" + id + "/faces/" + face, ADMIN).status());
        assertEquals(404, s.get(image, ADMIN).status());
    }

    private BufferedImage getImage(String path) throws IOException {
        try {
            HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(s.uri(path))
                    .header("X-API-Key", ADMIN).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, r.statusCode());
            assertEquals("image/jpeg", r.headers().firstValue("Content-Type").orElse(""));
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(r.body()));
            assertNotNull(image);
            return image;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
