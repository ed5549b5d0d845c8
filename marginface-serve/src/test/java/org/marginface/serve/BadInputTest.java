package org.marginface.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.marginface.core.testing.TestData;
import org.marginface.serve.RunningService.Answer;

/**
 * More than a hundred malformed requests: each must get a 4xx JSON error without a stack trace, and
 * afterwards the service must be healthy and the gallery exactly as before.
 */
class BadInputTest {

    private record Case(String name, Supplier<Answer> request) {}

    private static final String ADMIN = RunningService.ADMIN_KEY;
    private static final String CLIENT = RunningService.CLIENT_KEY;
    private static final long MAX_BODY = 1L << 20;

    @Test
    void malformedRequestsGetOnly4xxAndChangeNothing() throws IOException {
        Path face = firstLfwImage();
        byte[] jpeg = Files.readAllBytes(face);
        String jpeg64 = Base64.getEncoder().encodeToString(jpeg);
        ServiceConfig d = RunningService.testConfig(0.5);
        ServiceConfig config = new ServiceConfig(d.host(), 0, d.threshold(), d.adminKeys(), d.clientKeys(), MAX_BODY,
                4_000_000L, 4, d.maxBatch(), d.maxBatchWaitMillis(), d.maxQueuedFaces(), d.exactSearchBelow(), false,
                d.defaultTopK(), d.hnswCandidates(), d.hnswMaxConn(), d.hnswBeamWidth(), d.storeFaces(),
                d.detectionPixels(), d.decodingPixels());
        try (RunningService s = RunningService.start(config, new TemplateAligner())) {
            Answer created = s.postJson("/api/v1/subjects", ADMIN, Map.of("name", "Existing"));
            String id = created.json().get("id").asText();
            assertEquals(201, s.postJson("/api/v1/subjects/" + id + "/faces", ADMIN, Map.of("image", jpeg64)).status());
            String before = gallerySnapshot(s, id);

            List<Case> cases = new ArrayList<>();
            String[] clientRoutes = {"/api/v1/embed", "/api/v1/verify", "/api/v1/identify"};
            String faces = "/api/v1/subjects/" + id + "/faces";
            // keys: missing, wrong, or a client key where the gallery changes
            for (String key : new String[] {null, "", "wrong-key-0123456789abcdef", ADMIN + "x", "Bearer"}) {
                for (String route : clientRoutes) {
                    cases.add(new Case("key " + key + " " + route, () -> s.postJson(route, key, Map.of("image", jpeg64))));
                }
                cases.add(new Case("key " + key + " enroll", () -> s.postJson(faces, key, Map.of("image", jpeg64))));
                cases.add(new Case("key " + key + " metrics", () -> s.get("/api/v1/metrics", key)));
            }
            cases.add(new Case("client creates", () -> s.postJson("/api/v1/subjects", CLIENT, Map.of("name", "X"))));
            cases.add(new Case("client enrolls", () -> s.postJson(faces, CLIENT, Map.of("image", jpeg64))));
            cases.add(new Case("client renames", () -> s.patchJson("/api/v1/subjects/" + id, CLIENT, Map.of("name", "X"))));
            cases.add(new Case("client deletes", () -> s.delete("/api/v1/subjects/" + id, CLIENT)));
            cases.add(new Case("client deletes face", () -> s.delete(faces + "/f0", CLIENT)));
            cases.add(new Case("client lists", () -> s.get("/api/v1/subjects", CLIENT)));

            // corrupt, truncated and oversized images, through every image route
            List<byte[]> badImages = new ArrayList<>();
            Random random = new Random(5);
            for (int n : new int[] {1, 16, 200, 5000}) {
                byte[] noise = new byte[n];
                random.nextBytes(noise);
                badImages.add(noise);
            }
            for (int cut : new int[] {2, 4, 20, 100, 400, jpeg.length / 2, jpeg.length - 3}) {
                badImages.add(Arrays.copyOf(jpeg, cut));
            }
            byte[] corrupt = jpeg.clone();
            for (int i = 200; i < corrupt.length; i += 7) {
                corrupt[i] = (byte) random.nextInt();
            }
            badImages.add(corrupt);
            badImages.add(hugePng(30_000, 30_000));
            badImages.add(hugePng(100_000, 1));
            badImages.add(withJpegSize(jpeg, 30_000, 30_000));
            badImages.add("GIF89a\u0001\u0000\u0001\u0000".getBytes(StandardCharsets.ISO_8859_1));
            badImages.add(new byte[0]);
            for (int i = 0; i < badImages.size(); i++) {
                String image64 = Base64.getEncoder().encodeToString(badImages.get(i));
                String route = clientRoutes[i % 2 == 0 ? 0 : 2];
                int n = i;
                cases.add(new Case("bad image " + n + " " + route, () -> s.postJson(route, CLIENT, Map.of("image", image64))));
                cases.add(new Case("bad image " + n + " enroll", () -> s.postJson(faces, ADMIN, Map.of("images", List.of(jpeg64, image64)))));
                cases.add(new Case("bad image " + n + " multipart", () -> multipart(s, "/api/v1/identify", badImages.get(n))));
            }
            cases.add(new Case("crop of the wrong size without landmarks",
                    () -> s.postJson("/api/v1/identify", CLIENT, Map.of("image", wrongSizePng()))));

            // content types
            for (String type : new String[] {null, "text/plain", "application/xml", "image/jpeg", "application/x-www-form-urlencoded",
                    "multipart/form-data", "multipart/form-data; boundary=nothing-here"}) {
                cases.add(new Case("type " + type + " identify", () -> s.send("/api/v1/identify", "POST", CLIENT, type, jpeg)));
                cases.add(new Case("type " + type + " subjects", () -> s.send("/api/v1/subjects", "POST", ADMIN, type,
                        "{\"name\":\"X\"}".getBytes(StandardCharsets.UTF_8))));
            }

            // bad JSON and bad fields
            for (String body : new String[] {"", "{", "{\"image\":", "[]", "42", "\"text\"", "null", "{\"image\": 5}",
                    "{\"image\": {\"landmarks\": [1,2]}}", "{\"image\": \"%%%not base64%%%\"}",
                    "{\"image\": {\"data\": \"" + jpeg64 + "\", \"landmarks\": [1,2,3]}}",
                    "{\"image\": {\"data\": \"" + jpeg64 + "\", \"landmarks\": \"ten numbers\"}}",
                    "{\"image\": {\"data\": \"" + jpeg64 + "\", \"landmarks\": [1,2,3,4,5,6,7,8,9,\"x\"]}}",
                    "{\"image\": {\"data\": \"" + jpeg64 + "\", \"landmarks\": [5,5,5,5,5,5,5,5,5,5]}}",
                    "{\"image\": {\"data\": \"" + jpeg64 + "\", \"landmarks\": [1e400,2,3,4,5,6,7,8,9,10]}}",
                    "{\"image\": \"" + jpeg64 + "\", \"k\": 0}", "{\"image\": \"" + jpeg64 + "\", \"k\": 100000}",
                    "{\"image\": \"" + jpeg64 + "\", \"k\": \"many\"}", "{\"image\": \"" + jpeg64 + "\", \"k\": [1]}",
                    "{\"images\": [\"" + jpeg64 + "\"]}", "{\"image\": [\"" + jpeg64 + "\", \"" + jpeg64 + "\"]}"}) {
                cases.add(new Case("json " + abbreviate(body), () -> s.postJson("/api/v1/identify", CLIENT, body)));
            }
            for (String body : new String[] {"{}", "{\"name\": \"\"}", "{\"name\": 5}", "{\"name\": \"a\\u0000b\"}",
                    "{\"name\": \"" + "n".repeat(300) + "\"}", "{\"name\": \"X\", \"id\": \"../../etc\"}",
                    "{\"name\": \"X\", \"id\": \"" + id + "\"}", "{\"name\": [\"X\"]}"}) {
                cases.add(new Case("subject " + abbreviate(body), () -> s.postJson("/api/v1/subjects", ADMIN, body)));
            }
            cases.add(new Case("rename to nothing", () -> s.patchJson("/api/v1/subjects/" + id, ADMIN, "{\"name\": \"\"}")));
            cases.add(new Case("verify without second", () -> s.postJson("/api/v1/verify", CLIENT, Map.of("image1", jpeg64))));
            cases.add(new Case("verify subject without image", () -> s.postJson("/api/v1/verify", CLIENT, Map.of("subject", id))));
            cases.add(new Case("enroll nothing", () -> s.postJson(faces, ADMIN, Map.of())));
            cases.add(new Case("enroll too many", () -> s.postJson(faces, ADMIN, Map.of("images", List.of(jpeg64, jpeg64, jpeg64, jpeg64, jpeg64)))));
            byte[] tooLarge = new byte[(int) MAX_BODY + 10];
            Arrays.fill(tooLarge, (byte) ' ');
            cases.add(new Case("body too large", () -> s.send("/api/v1/identify", "POST", CLIENT, "application/json", tooLarge)));

            // unknown subjects and faces, hostile ids, unknown routes
            for (String bad : new String[] {"nobody", "s0000000000000000", "..", "%2e%2e%2fetc", "a%00b", "x".repeat(100)}) {
                cases.add(new Case("get " + bad, () -> s.get("/api/v1/subjects/" + bad, ADMIN)));
                cases.add(new Case("delete " + bad, () -> s.delete("/api/v1/subjects/" + bad, ADMIN)));
                cases.add(new Case("enroll " + bad, () -> s.postJson("/api/v1/subjects/" + bad + "/faces", ADMIN, Map.of("image", jpeg64))));
                cases.add(new Case("verify " + bad, () -> s.postJson("/api/v1/verify", CLIENT, Map.of("image", jpeg64, "subject", bad))));
            }
            cases.add(new Case("rename unknown", () -> s.patchJson("/api/v1/subjects/nobody", ADMIN, Map.of("name", "X"))));
            cases.add(new Case("faces of unknown", () -> s.get("/api/v1/subjects/nobody/faces", ADMIN)));
            cases.add(new Case("delete unknown face", () -> s.delete(faces + "/fnothing", ADMIN)));
            cases.add(new Case("unknown route", () -> s.get("/api/v1/nothing", ADMIN)));
            cases.add(new Case("path outside", () -> s.get("/api/v1/../../etc/passwd", ADMIN)));
            cases.add(new Case("wrong method", () -> s.get("/api/v1/identify", CLIENT)));
            cases.add(new Case("bad paging", () -> s.get("/api/v1/subjects?limit=0", ADMIN)));
            cases.add(new Case("bad paging 2", () -> s.get("/api/v1/subjects?offset=-1", ADMIN)));
            cases.add(new Case("bad paging 3", () -> s.get("/api/v1/subjects?limit=abc", ADMIN)));

            assertTrue(cases.size() >= 100, "only " + cases.size() + " cases");
            List<String> wrong = new ArrayList<>();
            for (Case c : cases) {
                Answer a = c.request.get();
                if (a.status() < 400 || a.status() >= 500) {
                    wrong.add(c.name + " -> " + a.status() + " " + abbreviate(a.body()));
                    continue;
                }
                JsonNode error = a.json().path("error");
                if (!error.path("code").isTextual() || !error.path("message").isTextual()
                        || a.body().contains("Exception") || a.body().contains("\tat ") || a.body().contains("/tmp")) {
                    wrong.add(c.name + " -> " + a.status() + " without a clean JSON error: " + abbreviate(a.body()));
                }
            }
            assertTrue(wrong.isEmpty(), cases.size() + " cases, " + wrong.size() + " wrong:\n" + String.join("\n", wrong));

            assertEquals(200, s.get("/api/v1/health", null).status());
            assertEquals(before, gallerySnapshot(s, id));
            Answer identify = s.postJson("/api/v1/identify", CLIENT, Map.of("image", jpeg64));
            assertEquals(200, identify.status(), identify.body());
            assertEquals(id, identify.json().get("candidates").get(0).get("subject").get("id").asText());
        }
    }

    private static Path firstLfwImage() throws IOException {
        Path lfw = TestData.require("lfw/lfw-112x96");
        try (var dirs = Files.list(lfw)) {
            Path dir = dirs.sorted().findFirst().orElseThrow();
            try (var files = Files.list(dir)) {
                return files.sorted().findFirst().orElseThrow();
            }
        }
    }

    private static String gallerySnapshot(RunningService s, String id) {
        return s.get("/api/v1/subjects?limit=1000", ADMIN).body() + s.get("/api/v1/subjects/" + id + "/faces", ADMIN).body();
    }

    private static Answer multipart(RunningService s, String path, byte[] image) {
        String boundary = "----marginface-bad";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"x.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(image);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return s.send(path, "POST", CLIENT, "multipart/form-data; boundary=" + boundary, body.toByteArray());
    }

    /** A PNG of a few bytes whose header declares {@code width x height} pixels (no pixel data follows). */
    static byte[] hugePng(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2)
                .put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        chunk(out, "IDAT", new byte[2048]);
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(t);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /** The JPEG with its frame header (SOF0/SOF2) rewritten to declare another size. */
    private static byte[] withJpegSize(byte[] jpeg, int width, int height) {
        byte[] out = jpeg.clone();
        for (int i = 2; i + 9 < out.length; i++) {
            if ((out[i] & 0xff) == 0xff && ((out[i + 1] & 0xff) == 0xc0 || (out[i + 1] & 0xff) == 0xc2)) {
                out[i + 5] = (byte) (height >> 8);
                out[i + 6] = (byte) height;
                out[i + 7] = (byte) (width >> 8);
                out[i + 8] = (byte) width;
                return out;
            }
        }
        throw new AssertionError("no frame header in the JPEG");
    }

    private static String wrongSizePng() {
        try {
            var image = new java.awt.image.BufferedImage(200, 150, java.awt.image.BufferedImage.TYPE_3BYTE_BGR);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            javax.imageio.ImageIO.write(image, "png", out);
            return Base64.getEncoder().encodeToString(out.toByteArray());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }

    @Test
    void hugePngIsSmall() {
        assertFalse(hugePng(30_000, 30_000).length > 4096);
    }
}
