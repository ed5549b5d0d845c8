package org.marginface.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.marginface.core.testing.TestData;

/**
 * {@code bin/marginface serve} as a child process: clients enroll faces and record every 2xx, the
 * service is killed with SIGKILL at random moments, restarted, and every acknowledged face must be
 * there. The last run ends with SIGTERM, which must stop the service gracefully.
 */
class ServeDurabilityIT {

    private static final String ADMIN_KEY = "durability-admin-key-0123456789";
    private static final int KILLS = 10;
    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)/");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A started service process, its port and its log. */
    private record Service(Process process, int port, Path log) {}

    @Test
    void everyAcknowledgedEnrollmentSurvivesSigkill() throws Exception {
        Path lfw = TestData.require("lfw/lfw-112x96");
        List<String> images = new ArrayList<>();
        try (Stream<Path> files = Files.walk(lfw, 2)) {
            for (Path p : files.filter(Files::isRegularFile).sorted().limit(8).toList()) {
                images.add(Base64.getEncoder().encodeToString(Files.readAllBytes(p)));
            }
        }
        Path work = Files.createTempDirectory(Path.of("/tmp"), "marginface-durability-");
        Path model = work.resolve("model");
        Launcher.Run init = Launcher.run(work.resolve("init.log"), "init", "--backbone", "sphereface4",
                "--embedding", "64", "--out", model.toString());
        assertEquals(0, init.exitCode(), init.output());
        Path gallery = work.resolve("gallery");

        Map<String, Set<String>> acknowledged = new ConcurrentHashMap<>();
        Random random = new Random(11);
        for (int round = 0; round <= KILLS; round++) {
            Service service = start(model, gallery, work.resolve("serve-" + round + ".log"));
            try {
                // everything acknowledged before the last kill is there
                for (Map.Entry<String, Set<String>> subject : acknowledged.entrySet()) {
                    HttpResponse<String> faces = get(service, "/api/v1/subjects/" + subject.getKey() + "/faces");
                    assertEquals(200, faces.statusCode(), "round " + round + ": subject " + subject.getKey()
                            + " acknowledged but missing: " + faces.body());
                    Set<String> found = new TreeSet<>();
                    JSON.readTree(faces.body()).get("faces").forEach(f -> found.add(f.get("id").asText()));
                    assertTrue(found.containsAll(subject.getValue()), "round " + round + ": acknowledged faces "
                            + subject.getValue() + " of " + subject.getKey() + ", found " + found);
                }
                if (round == KILLS) {
                    stopGracefully(service);
                    break;
                }
                AtomicBoolean running = new AtomicBoolean(true);
                List<Thread> clients = new ArrayList<>();
                for (int c = 0; c < 2; c++) {
                    int client = c;
                    int r = round;
                    Thread t = new Thread(() -> enrollUntilStopped(service, images, acknowledged, running,
                            "round " + r + " client " + client));
                    t.start();
                    clients.add(t);
                }
                // SIGKILL at a random moment while the clients are enrolling
                Thread.sleep(300 + random.nextInt(2500));
                service.process.destroyForcibly();
                assertTrue(service.process.waitFor(60, TimeUnit.SECONDS), "the killed service did not exit");
                running.set(false);
                for (Thread t : clients) {
                    t.join(TimeUnit.MINUTES.toMillis(2));
                }
            } finally {
                service.process.destroyForcibly();
            }
        }
        int faces = acknowledged.values().stream().mapToInt(Set::size).sum();
        assertTrue(faces > 0, "no enrollment was acknowledged at all");
        try (Stream<Path> paths = Files.walk(work)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private void enrollUntilStopped(Service service, List<String> images, Map<String, Set<String>> acknowledged,
            AtomicBoolean running, String name) {
        try {
            HttpResponse<String> created = post(service, "/api/v1/subjects", Map.of("name", name));
            if (created.statusCode() != 201) {
                return;
            }
            String subject = JSON.readTree(created.body()).get("id").asText();
            acknowledged.put(subject, ConcurrentHashMap.newKeySet());
            for (int i = 0; running.get() && i < 10_000; i++) {
                HttpResponse<String> enrolled = post(service, "/api/v1/subjects/" + subject + "/faces",
                        Map.of("images", List.of(images.get(i % images.size()))));
                if (enrolled.statusCode() / 100 == 2) {
                    for (JsonNode face : JSON.readTree(enrolled.body()).get("faces")) {
                        acknowledged.get(subject).add(face.get("id").asText());
                    }
                }
            }
        } catch (IOException e) {
            // the service was killed mid-request: that request was never acknowledged
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Service start(Path model, Path gallery, Path log) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(Launcher.home().resolve("bin/marginface").toString(), "serve",
                "--model", model.toString(), "--gallery", gallery.toString(), "--port", "0", "--host", "127.0.0.1")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("MARGINFACE_ADMIN_KEYS", ADMIN_KEY);
        pb.environment().put("MARGINFACE_JAVA_OPTS", "-Xmx1g");
        pb.environment().put("MARGINFACE_THREADS", "1");
        Process process = pb.start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            Matcher m = LISTENING.matcher(Files.readString(log));
            if (m.find()) {
                return new Service(process, Integer.parseInt(m.group(1)), log);
            }
            if (!process.isAlive()) {
                throw new AssertionError("the service exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            Thread.sleep(100);
        }
        process.destroyForcibly();
        throw new AssertionError("the service did not start in 3 minutes:\n" + Files.readString(log));
    }

    private void stopGracefully(Service service) throws IOException, InterruptedException {
        service.process.destroy();
        assertTrue(service.process.waitFor(60, TimeUnit.SECONDS), "SIGTERM did not stop the service");
        String log = Files.readString(service.log);
        assertTrue(log.contains("stopped"), log);
    }

    private HttpResponse<String> get(Service s, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port + path))
                .header("X-API-Key", ADMIN_KEY).timeout(Duration.ofMinutes(1)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(Service s, String path, Object body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port + path))
                .header("X-API-Key", ADMIN_KEY).header("Content-Type", "application/json")
                .timeout(Duration.ofMinutes(1))
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
