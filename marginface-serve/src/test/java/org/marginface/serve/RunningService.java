package org.marginface.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.marginface.core.backbone.BackboneSpec;
import org.marginface.core.model.FaceModel;
import org.marginface.core.model.ModelDirectory;

/**
 * A real service on a loopback port with a small seeded model and a fresh gallery, and a plain HTTP
 * client for it. Tests close it when done.
 */
final class RunningService implements AutoCloseable {

    static final String ADMIN_KEY = "admin-key-0123456789abcdef";
    static final String CLIENT_KEY = "client-key-0123456789abcdef";
    static final ObjectMapper JSON = new ObjectMapper();

    /** An HTTP answer: status, content type and body. */
    record Answer(int status, String contentType, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }
    }

    final Path modelDir;
    final Path galleryDir;
    final FaceModel model;
    final FaceService service;
    final ServiceConfig config;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    /** Temporary directories this helper made, deleted on close (a test's own directories are its own). */
    private final List<Path> owned = new ArrayList<>();

    private RunningService(Path modelDir, Path galleryDir, FaceModel model, FaceService service, ServiceConfig config) {
        this.modelDir = modelDir;
        this.galleryDir = galleryDir;
        this.model = model;
        this.service = service;
        this.config = config;
    }

    private RunningService owning(Path... dirs) {
        owned.addAll(List.of(dirs));
        return this;
    }

    /** A seeded 64-d SphereFace-4 saved under /tmp, so that it has a fingerprint like a real model. */
    static Path smallModel() throws IOException {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "marginface-serve-model-");
        BackboneSpec spec = BackboneSpec.parse("sphereface4", 112, 96, 64);
        try (FaceModel m = FaceModel.create(spec, null, 0, 7)) {
            ModelDirectory.save(m, dir.resolve("model"));
        }
        return dir.resolve("model");
    }

    static RunningService start(ServiceConfig overrides, LandmarkAligner aligner) throws IOException {
        Path modelDir = smallModel();
        Path gallery = Files.createTempDirectory(Path.of("/tmp"), "marginface-serve-gallery-");
        return start(modelDir, gallery, overrides, aligner).owning(modelDir.getParent(), gallery);
    }

    static RunningService start(Path modelDir, Path gallery, ServiceConfig overrides, LandmarkAligner aligner)
            throws IOException {
        return start(modelDir, gallery, overrides, aligner, Optional.empty());
    }

    /** A service that detects faces in raw photos sent without landmarks (the caller closes the detector). */
    static RunningService start(ServiceConfig overrides, LandmarkAligner aligner, FaceDetector detector)
            throws IOException {
        Path gallery = Files.createTempDirectory(Path.of("/tmp"), "marginface-serve-gallery-");
        Path modelDir = smallModel();
        return start(modelDir, gallery, overrides, aligner, Optional.of(detector)).owning(modelDir.getParent(), gallery);
    }

    private static RunningService start(Path modelDir, Path gallery, ServiceConfig overrides, LandmarkAligner aligner,
            Optional<FaceDetector> detector) throws IOException {
        ServiceConfig config = overrides.withHostAndPort("127.0.0.1", 0);
        FaceModel model = ModelDirectory.load(modelDir);
        FaceService service = FaceService.start(model, gallery, config,
                new Threshold(config.threshold(), "the test's configuration"), aligner, detector);
        return new RunningService(modelDir, gallery, model, service, config);
    }

    static ServiceConfig testConfig(double threshold) {
        ServiceConfig d = ServiceConfig.defaults();
        return new ServiceConfig("127.0.0.1", 0, threshold, List.of(ADMIN_KEY), List.of(CLIENT_KEY),
                d.maxRequestBytes(), d.maxImagePixels(), d.maxImagesPerRequest(), d.maxBatch(),
                d.maxBatchWaitMillis(), d.maxQueuedFaces(), d.exactSearchBelow(), false, d.defaultTopK(),
                d.hnswCandidates(), d.hnswMaxConn(), d.hnswBeamWidth(), d.storeFaces(), d.detectionPixels(),
                d.decodingPixels());
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + service.port() + path);
    }

    Answer get(String path, String key) {
        return send(request(path, key).GET().build());
    }

    Answer delete(String path, String key) {
        return send(request(path, key).DELETE().build());
    }

    Answer postJson(String path, String key, Object body) {
        return send(path, "POST", key, "application/json", jsonBytes(body));
    }

    Answer patchJson(String path, String key, Object body) {
        return send(path, "PATCH", key, "application/json", jsonBytes(body));
    }

    Answer send(String path, String method, String key, String contentType, byte[] body) {
        HttpRequest.Builder b = request(path, key).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b.build());
    }

    private HttpRequest.Builder request(String path, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofMinutes(2));
        if (key != null) {
            b.header("X-API-Key", key);
        }
        return b;
    }

    private Answer send(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
        } catch (IOException e) {
            throw new AssertionError("request failed: " + request.method() + " " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static byte[] jsonBytes(Object body) {
        try {
            return body instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static String base64(Path file) throws IOException {
        return Base64.getEncoder().encodeToString(Files.readAllBytes(file));
    }

    @Override
    public void close() {
        service.close();
        model.close();
        for (Path dir : owned) {
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path dir) {
        try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary directory is not a test failure
        }
    }
}
