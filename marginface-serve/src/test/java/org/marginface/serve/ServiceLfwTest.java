package org.marginface.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.marginface.core.align.AlignmentTemplate;
import org.marginface.core.align.FaceAligner;
import org.marginface.core.align.FaceLandmarks;
import org.marginface.core.align.LandmarkFile;
import org.marginface.core.embed.Embedder;
import org.marginface.core.embed.FlipFusion;
import org.marginface.core.embed.Vectors;
import org.marginface.core.image.FaceImages;
import org.marginface.core.testing.TestData;
import org.marginface.serve.RunningService.Answer;

/**
 * The real service on a loopback port: LFW identities enrolled over HTTP, and every identify and
 * verify answer checked against the same model's embeddings computed offline with the Embedder.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServiceLfwTest {

    private static final int IDENTITIES = 12;
    private static final double THRESHOLD = 0.5;
    private static final double TOLERANCE = 1e-4;

    private RunningService service;
    /** enrolled image and probe image per identity name, in order */
    private final Map<String, Path[]> people = new LinkedHashMap<>();
    private final Map<Path, float[]> offline = new LinkedHashMap<>();
    private final Map<String, String> subjectIds = new LinkedHashMap<>();

    @BeforeAll
    void enrollLfw() throws IOException {
        Path lfw = TestData.require("lfw/lfw-112x96");
        try (Stream<Path> dirs = Files.list(lfw)) {
            for (Path dir : dirs.sorted().toList()) {
                List<Path> images;
                try (Stream<Path> files = Files.list(dir)) {
                    images = files.sorted().toList();
                }
                if (images.size() >= 2) {
                    people.put(dir.getFileName().toString(), new Path[] {images.get(0), images.get(1)});
                }
                if (people.size() == IDENTITIES) {
                    break;
                }
            }
        }
        service = RunningService.start(RunningService.testConfig(THRESHOLD), new TemplateAligner());
        try (Embedder embedder = service.model.embedder(FlipFusion.SUM)) {
            List<Path> all = people.values().stream().flatMap(Stream::of).toList();
            List<java.awt.image.BufferedImage> images = new ArrayList<>();
            for (Path p : all) {
                images.add(FaceImages.read(p));
            }
            List<float[]> raw = embedder.embedRaw(images);
            for (int i = 0; i < all.size(); i++) {
                offline.put(all.get(i), raw.get(i));
            }
        }
        int n = 0;
        for (Map.Entry<String, Path[]> person : people.entrySet()) {
            Answer created = service.postJson("/api/v1/subjects", RunningService.ADMIN_KEY,
                    Map.of("name", person.getKey()));
            assertEquals(201, created.status(), created.body());
            String id = created.json().get("id").asText();
            subjectIds.put(person.getKey(), id);
            // half the enrollments as JSON with base64, half as multipart uploads
            Answer enrolled = n++ % 2 == 0
                    ? service.postJson("/api/v1/subjects/" + id + "/faces", RunningService.ADMIN_KEY,
                            Map.of("images", List.of(RunningService.base64(person.getValue()[0]))))
                    : multipart("/api/v1/subjects/" + id + "/faces", Map.of("images", person.getValue()[0]));
            assertEquals(201, enrolled.status(), enrolled.body());
            assertEquals(Vectors.norm(offline.get(person.getValue()[0])),
                    enrolled.json().get("faces").get(0).get("norm").asDouble(), 1e-3);
        }
    }

    @AfterAll
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    private static double cosine(float[] a, float[] b) {
        return Vectors.dotFloat(Vectors.l2Normalize(a), Vectors.l2Normalize(b));
    }

    @Test
    void identifyRanksSubjectsAsTheOfflineEmbeddingsDo() throws IOException {
        for (Map.Entry<String, Path[]> person : people.entrySet()) {
            float[] probe = offline.get(person.getValue()[1]);
            List<Map.Entry<String, Double>> expected = new ArrayList<>();
            people.forEach((name, images) -> expected.add(Map.entry(name, cosine(probe, offline.get(images[0])))));
            expected.sort(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()));

            Answer answer = service.postJson("/api/v1/identify", RunningService.CLIENT_KEY,
                    Map.of("image", RunningService.base64(person.getValue()[1]), "k", 5));
            assertEquals(200, answer.status(), answer.body());
            JsonNode json = answer.json();
            JsonNode candidates = json.get("candidates");
            assertEquals(5, candidates.size());
            for (int i = 0; i < 5; i++) {
                assertEquals(expected.get(i).getKey(), candidates.get(i).get("subject").get("name").asText());
                assertEquals(subjectIds.get(expected.get(i).getKey()), candidates.get(i).get("subject").get("id").asText());
                assertEquals(expected.get(i).getValue(), candidates.get(i).get("similarity").asDouble(), TOLERANCE);
            }
            boolean known = expected.get(0).getValue() >= THRESHOLD;
            assertEquals(known ? "known" : "unknown", json.get("result").asText());
            assertEquals(known ? expected.get(0).getKey() : null,
                    json.get("subject").isNull() ? null : json.get("subject").get("name").asText());
            assertEquals(THRESHOLD, json.get("threshold").asDouble());
        }
    }

    @Test
    void verifyPairsAndSubjectsMatchTheOfflineCosines() throws IOException {
        List<String> names = new ArrayList<>(people.keySet());
        for (int i = 0; i < names.size(); i++) {
            Path a = people.get(names.get(i))[1];
            Path b = people.get(names.get((i + i % 2) % names.size()))[0];
            double expected = cosine(offline.get(a), offline.get(b));
            Answer pair = i % 2 == 0
                    ? service.postJson("/api/v1/verify", RunningService.CLIENT_KEY,
                            Map.of("image1", RunningService.base64(a), "image2", RunningService.base64(b)))
                    : multipart("/api/v1/verify", Map.of("image1", a, "image2", b));
            assertEquals(200, pair.status(), pair.body());
            assertEquals(expected, pair.json().get("similarity").asDouble(), TOLERANCE);
            assertEquals(expected >= THRESHOLD, pair.json().get("match").asBoolean());

            Answer subject = service.postJson("/api/v1/verify", RunningService.CLIENT_KEY,
                    Map.of("image", RunningService.base64(a), "subject", subjectIds.get(names.get(i))));
            assertEquals(200, subject.status(), subject.body());
            double toEnrolled = cosine(offline.get(a), offline.get(people.get(names.get(i))[0]));
            assertEquals(toEnrolled, subject.json().get("similarity").asDouble(), TOLERANCE);
            assertEquals(names.get(i), subject.json().get("subject").get("name").asText());
        }
    }

    @Test
    void embedGivesTheNormalisedFeatureAndItsNorm() throws IOException {
        Path image = people.values().iterator().next()[1];
        Answer answer = multipart("/api/v1/embed", Map.of("image", image));
        assertEquals(200, answer.status(), answer.body());
        float[] expected = Vectors.l2Normalize(offline.get(image));
        JsonNode embedding = answer.json().get("embedding");
        assertEquals(expected.length, embedding.size());
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], embedding.get(i).asDouble(), TOLERANCE);
        }
        assertEquals(Vectors.norm(offline.get(image)), answer.json().get("norm").asDouble(), 1e-3);
    }

    @Test
    void galleryRoutesListRenameAndPage() {
        Answer page = service.get("/api/v1/subjects?offset=2&limit=3", RunningService.ADMIN_KEY);
        assertEquals(200, page.status(), page.body());
        assertEquals(IDENTITIES, page.json().get("total").asInt());
        List<String> names = new ArrayList<>(people.keySet());
        for (int i = 0; i < 3; i++) {
            assertEquals(names.get(2 + i), page.json().get("subjects").get(i).get("name").asText());
            assertEquals(1, page.json().get("subjects").get(i).get("faces").asInt());
        }
        String id = subjectIds.get(names.get(0));
        Answer faces = service.get("/api/v1/subjects/" + id + "/faces", RunningService.ADMIN_KEY);
        assertEquals(1, faces.json().get("faces").size());
        Answer forbidden = service.get("/api/v1/subjects", RunningService.CLIENT_KEY);
        assertEquals(403, forbidden.status());
        assertEquals("forbidden", forbidden.json().get("error").get("code").asText());

        Answer temp = service.postJson("/api/v1/subjects", RunningService.ADMIN_KEY, Map.of("name", "Temp"));
        String tempId = temp.json().get("id").asText();
        Answer renamed = service.patchJson("/api/v1/subjects/" + tempId, RunningService.ADMIN_KEY, Map.of("name", "Renamed"));
        assertEquals("Renamed", renamed.json().get("name").asText());
        assertEquals("Renamed", service.get("/api/v1/subjects/" + tempId, RunningService.ADMIN_KEY).json().get("name").asText());
        assertEquals(204, service.delete("/api/v1/subjects/" + tempId, RunningService.ADMIN_KEY).status());
        assertEquals(404, service.get("/api/v1/subjects/" + tempId, RunningService.ADMIN_KEY).status());
    }

    @Test
    void metricsCountRequestsGalleryAndBatches() {
        Answer metrics = service.get("/api/v1/metrics", RunningService.CLIENT_KEY);
        assertEquals(200, metrics.status());
        assertTrue(metrics.contentType().startsWith("text/plain"), metrics.contentType());
        String text = metrics.body();
        assertTrue(text.contains("marginface_gallery_faces " + IDENTITIES), text);
        assertTrue(text.contains("marginface_http_requests_total{method=\"POST\",route=\"/api/v1/subjects/{subject}/faces\",status=\"201\"} "
                + IDENTITIES), text);
        assertTrue(text.contains("marginface_model_batch_size_count "), text);
        assertTrue(text.contains("marginface_http_request_duration_seconds_bucket{method=\"POST\",route=\"/api/v1/subjects\",le=\"+Inf\"}"), text);
    }

    @Test
    void rawPhotosWithLandmarksAreAlignedAsTheCoreAlignsThem() throws IOException {
        Path raw = TestData.require("lfw/lfw-deepfunneled-fold1");
        Map<String, double[]> landmarks = new LinkedHashMap<>();
        for (LandmarkFile.Row row : LandmarkFile.read(TestData.require("lfw/lfw-deepfunneled-landmarks.txt")).rows()) {
            if (Files.exists(raw.resolve(row.path())) && landmarks.size() < 3) {
                FaceLandmarks l = row.landmarks();
                landmarks.put(row.path(), new double[] {l.leftEye().x(), l.leftEye().y(), l.rightEye().x(),
                        l.rightEye().y(), l.nose().x(), l.nose().y(), l.leftMouth().x(), l.leftMouth().y(),
                        l.rightMouth().x(), l.rightMouth().y()});
            }
        }
        assertEquals(3, landmarks.size());
        FaceAligner aligner = new FaceAligner(AlignmentTemplate.SPHEREFACE_112X96);
        int n = 0;
        try (Embedder embedder = service.model.embedder(FlipFusion.SUM)) {
            for (Map.Entry<String, double[]> e : landmarks.entrySet()) {
                Path photo = raw.resolve(e.getKey());
                java.awt.image.BufferedImage crop = aligner.align(FaceImages.read(photo), FaceLandmarks.of(e.getValue()));
                float[] expected = Vectors.l2Normalize(embedder.embedRaw(List.of(crop)).get(0));
                String marks = java.util.Arrays.stream(e.getValue()).mapToObj(Double::toString)
                        .collect(java.util.stream.Collectors.joining(" "));
                Answer answer = n++ % 2 == 0
                        ? service.postJson("/api/v1/embed", RunningService.CLIENT_KEY, Map.of("image",
                                Map.of("data", RunningService.base64(photo), "landmarks", e.getValue())))
                        : multipart("/api/v1/embed", Map.of("image", photo), Map.of("landmarks", marks));
                assertEquals(200, answer.status(), answer.body());
                JsonNode embedding = answer.json().get("embedding");
                for (int i = 0; i < expected.length; i++) {
                    assertEquals(expected[i], embedding.get(i).asDouble(), TOLERANCE);
                }
            }
        }
        Path photo = raw.resolve(landmarks.keySet().iterator().next());
        Answer unaligned = service.postJson("/api/v1/embed", RunningService.CLIENT_KEY,
                Map.of("image", RunningService.base64(photo)));
        assertEquals(422, unaligned.status(), unaligned.body());
        assertEquals("landmarks_required", unaligned.json().get("error").get("code").asText());
        assertTrue(unaligned.json().get("error").get("message").asText().contains("face detection is unavailable"),
                unaligned.body());
        Answer degenerate = service.postJson("/api/v1/embed", RunningService.CLIENT_KEY, Map.of("image",
                Map.of("data", RunningService.base64(photo), "landmarks", List.of(5, 5, 5, 5, 5, 5, 5, 5, 5, 5))));
        assertEquals(422, degenerate.status(), degenerate.body());
        assertEquals("bad_landmarks", degenerate.json().get("error").get("code").asText());
    }

    private Answer multipart(String path, Map<String, Path> files) throws IOException {
        return multipart(path, files, Map.of());
    }

    /** A multipart/form-data request with one file part per entry and text fields. */
    private Answer multipart(String path, Map<String, Path> files, Map<String, String> fields) throws IOException {
        String boundary = "----marginface" + UUID.randomUUID();
        var body = new java.io.ByteArrayOutputStream();
        for (Map.Entry<String, Path> f : files.entrySet()) {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey() + "\"; filename=\""
                    + f.getValue().getFileName() + "\"\r\nContent-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.write(Files.readAllBytes(f.getValue()));
            body.write("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        for (Map.Entry<String, String> f : fields.entrySet()) {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey() + "\"\r\n\r\n"
                    + f.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        String key = path.contains("/subjects") ? RunningService.ADMIN_KEY : RunningService.CLIENT_KEY;
        return service.send(path, "POST", key, "multipart/form-data; boundary=" + boundary, body.toByteArray());
    }
}
