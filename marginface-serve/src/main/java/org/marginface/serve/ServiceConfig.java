package org.marginface.serve;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the service is told at start: a JSON file (every field optional) overlaid by the environment
 * for the keys ({@code MARGINFACE_ADMIN_KEYS}, {@code MARGINFACE_CLIENT_KEYS}, comma-separated).
 *
 * @param host address to bind; loopback unless told otherwise
 * @param port TCP port; 0 picks a free one
 * @param threshold cosine similarity at or above which two faces are the same person; null: the one at
 *     FAR 1e-3 that the model's own LFW evaluation ({@code RUN/eval/lfw.json} beside {@code RUN/model},
 *     embedded with image and mirror summed) recorded, else {@link Threshold#FALLBACK} (see
 *     {@link Threshold#resolve})
 * @param adminKeys keys that may change the gallery (and do everything else)
 * @param clientKeys keys that may only embed, verify and identify
 * @param maxRequestBytes largest request body accepted
 * @param maxImagePixels largest width x height of an image, checked from its header before decoding
 * @param maxImagesPerRequest most images in one enrollment
 * @param maxBatch most faces in one model call
 * @param maxBatchWaitMillis how long the first face of a batch waits for company
 * @param maxQueuedFaces faces waiting for the model before new requests are turned away (503)
 * @param exactSearchBelow galleries with fewer faces are searched exactly, larger ones by HNSW
 * @param quantized int7 scalar-quantised vectors in the HNSW index
 * @param defaultTopK subjects returned by identify when the request does not say
 * @param hnswCandidates faces an HNSW search collects (Lucene's k, "efSearch"): recall against time
 * @param hnswMaxConn HNSW neighbours per node ("M"), for segments written or merged from then on
 * @param hnswBeamWidth HNSW candidates while inserting ("efConstruction"), as {@code hnswMaxConn}
 * @param storeFaces keep a small JPEG of each enrolled face's aligned crop in the gallery (for the web
 *     page's thumbnails); off for deployments that must not keep face images
 * @param detectionPixels photos with more pixels are decoded subsampled (every n-th pixel of every n-th
 *     row) to at most this many before detection and alignment
 * @param decodingPixels most pixels decoded and in detection at once, over all requests; a request
 *     waits until its photo fits
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record ServiceConfig(
        String host,
        int port,
        Double threshold,
        List<String> adminKeys,
        List<String> clientKeys,
        long maxRequestBytes,
        long maxImagePixels,
        int maxImagesPerRequest,
        int maxBatch,
        int maxBatchWaitMillis,
        int maxQueuedFaces,
        int exactSearchBelow,
        boolean quantized,
        int defaultTopK,
        int hnswCandidates,
        int hnswMaxConn,
        int hnswBeamWidth,
        boolean storeFaces,
        long detectionPixels,
        long decodingPixels) {

    public static final String ADMIN_KEYS_ENV = "MARGINFACE_ADMIN_KEYS";
    public static final String CLIENT_KEYS_ENV = "MARGINFACE_CLIENT_KEYS";

    public ServiceConfig {
        adminKeys = adminKeys == null ? List.of() : List.copyOf(adminKeys);
        clientKeys = clientKeys == null ? List.of() : List.copyOf(clientKeys);
        if (threshold != null && !(threshold >= -1 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must lie in [-1, 1], got " + threshold);
        }
        requirePositive("maxRequestBytes", maxRequestBytes);
        requirePositive("maxImagePixels", maxImagePixels);
        requirePositive("maxImagesPerRequest", maxImagesPerRequest);
        requirePositive("maxBatch", maxBatch);
        requirePositive("maxQueuedFaces", maxQueuedFaces);
        requirePositive("defaultTopK", defaultTopK);
        requirePositive("detectionPixels", detectionPixels);
        requirePositive("decodingPixels", decodingPixels);
        if (detectionPixels > decodingPixels) {
            throw new IllegalArgumentException("detectionPixels (" + detectionPixels + ") must not exceed decodingPixels ("
                    + decodingPixels + "): one photo would never fit");
        }
        if (maxBatchWaitMillis < 0 || exactSearchBelow < 0 || port < 0 || port > 65535) {
            throw new IllegalArgumentException("maxBatchWaitMillis, exactSearchBelow and port must not be negative"
                    + " (port at most 65535)");
        }
        // the gallery's own checks, so that a bad value fails at start, naming its key (on the parameters:
        // the fields are not assigned yet inside a compact constructor)
        new Gallery.Options(exactSearchBelow, quantized, hnswMaxConn, hnswBeamWidth, hnswCandidates);
        checkKeys("adminKeys", adminKeys);
        checkKeys("clientKeys", clientKeys);
        for (String key : adminKeys) {
            if (clientKeys.contains(key)) {
                // a key in both lists would silently act as admin: the operator meant one of the two
                throw new IllegalArgumentException("the same key is in both the admin and the client keys (admin key "
                        + (adminKeys.indexOf(key) + 1) + " of " + adminKeys.size() + "): give each key one role");
            }
        }
    }

    /** Shortest API key accepted. */
    public static final int MIN_KEY_LENGTH = 16;

    /** Refuses short keys, naming where they came from ({@code source}: a field or a variable). */
    static void checkKeys(String source, List<String> keys) {
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            if (key == null || key.length() < MIN_KEY_LENGTH) {
                throw new IllegalArgumentException(source + ": key " + (i + 1) + " of " + keys.size() + " has "
                        + (key == null ? 0 : key.length()) + " characters; every API key needs at least "
                        + MIN_KEY_LENGTH);
            }
        }
    }

    /** How the gallery indexes and searches, from this configuration. */
    public Gallery.Options galleryOptions() {
        return new Gallery.Options(exactSearchBelow, quantized, hnswMaxConn, hnswBeamWidth, hnswCandidates);
    }

    private static void requirePositive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    public static ServiceConfig defaults() {
        return new ServiceConfig("127.0.0.1", 8080, null, List.of(), List.of(), 8L << 20, 25_000_000L, 32,
                32, 5, 1024, 10_000, false, 5, Gallery.Options.DEFAULT_CANDIDATES, 16, 100, true,
                DEFAULT_DETECTION_PIXELS, DEFAULT_DECODING_PIXELS);
    }

    /**
     * 2 megapixels (about 1630 x 1225): MTCNN still finds faces of 20 pixels there, 60 pixels in a
     * 25-megapixel original, and a photo costs about 0.3 GB while it is detected.
     */
    public static final long DEFAULT_DETECTION_PIXELS = 2_000_000L;
    /** Four photos of the detection size at once: about 1.2 GB, within the default heap of a 8 GB machine. */
    public static final long DEFAULT_DECODING_PIXELS = 4 * DEFAULT_DETECTION_PIXELS;

    /** The defaults, overlaid by a JSON file's fields when {@code file} is not null. */
    public static ServiceConfig load(Path file) throws IOException {
        if (file == null) {
            return defaults();
        }
        ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        try {
            return json.readerForUpdating(Mutable.of(defaults())).<Mutable>readValue(Files.readString(file)).freeze();
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException(file + ": " + e.getOriginalMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** The same configuration with the keys named in the environment added. */
    public ServiceConfig withKeysFrom(Map<String, String> env) {
        List<String> admin = split(env.get(ADMIN_KEYS_ENV));
        List<String> client = split(env.get(CLIENT_KEYS_ENV));
        checkKeys(ADMIN_KEYS_ENV, admin);
        checkKeys(CLIENT_KEYS_ENV, client);
        return new ServiceConfig(host, port, threshold, concat(adminKeys, admin), concat(clientKeys, client),
                maxRequestBytes, maxImagePixels, maxImagesPerRequest, maxBatch, maxBatchWaitMillis, maxQueuedFaces,
                exactSearchBelow, quantized, defaultTopK, hnswCandidates, hnswMaxConn, hnswBeamWidth, storeFaces,
                detectionPixels, decodingPixels);
    }

    public ServiceConfig withHostAndPort(String newHost, int newPort) {
        return new ServiceConfig(newHost, newPort, threshold, adminKeys, clientKeys, maxRequestBytes, maxImagePixels,
                maxImagesPerRequest, maxBatch, maxBatchWaitMillis, maxQueuedFaces, exactSearchBelow, quantized,
                defaultTopK, hnswCandidates, hnswMaxConn, hnswBeamWidth, storeFaces, detectionPixels, decodingPixels);
    }

    private static List<String> split(String value) {
        List<String> keys = new ArrayList<>();
        if (value != null) {
            for (String k : value.split(",")) {
                if (!k.isBlank()) {
                    keys.add(k.trim());
                }
            }
        }
        return keys;
    }

    /** The JSON binding: Jackson fills the fields a file names and leaves the defaults in the rest. */
    static final class Mutable {
        public String host;
        public int port;
        public Double threshold;
        public List<String> adminKeys;
        public List<String> clientKeys;
        public long maxRequestBytes;
        public long maxImagePixels;
        public int maxImagesPerRequest;
        public int maxBatch;
        public int maxBatchWaitMillis;
        public int maxQueuedFaces;
        public int exactSearchBelow;
        public boolean quantized;
        public int defaultTopK;
        public int hnswCandidates;
        public int hnswMaxConn;
        public int hnswBeamWidth;
        public boolean storeFaces;
        public long detectionPixels;
        public long decodingPixels;

        static Mutable of(ServiceConfig c) {
            Mutable m = new Mutable();
            m.host = c.host;
            m.port = c.port;
            m.threshold = c.threshold;
            m.adminKeys = c.adminKeys;
            m.clientKeys = c.clientKeys;
            m.maxRequestBytes = c.maxRequestBytes;
            m.maxImagePixels = c.maxImagePixels;
            m.maxImagesPerRequest = c.maxImagesPerRequest;
            m.maxBatch = c.maxBatch;
            m.maxBatchWaitMillis = c.maxBatchWaitMillis;
            m.maxQueuedFaces = c.maxQueuedFaces;
            m.exactSearchBelow = c.exactSearchBelow;
            m.quantized = c.quantized;
            m.defaultTopK = c.defaultTopK;
            m.hnswCandidates = c.hnswCandidates;
            m.hnswMaxConn = c.hnswMaxConn;
            m.hnswBeamWidth = c.hnswBeamWidth;
            m.storeFaces = c.storeFaces;
            m.detectionPixels = c.detectionPixels;
            m.decodingPixels = c.decodingPixels;
            return m;
        }

        ServiceConfig freeze() {
            return new ServiceConfig(host, port, threshold, adminKeys, clientKeys, maxRequestBytes, maxImagePixels,
                    maxImagesPerRequest, maxBatch, maxBatchWaitMillis, maxQueuedFaces, exactSearchBelow, quantized,
                    defaultTopK, hnswCandidates, hnswMaxConn, hnswBeamWidth, storeFaces, detectionPixels,
                    decodingPixels);
        }
    }
}
