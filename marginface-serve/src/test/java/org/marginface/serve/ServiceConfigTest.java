package org.marginface.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.marginface.serve.ApiKeys.Role;

class ServiceConfigTest {

    @TempDir
    Path dir;

    @Test
    void fileOverridesTheNamedFieldsAndTheEnvironmentAddsKeys() throws IOException {
        Path file = dir.resolve("serve.json");
        Files.writeString(file, "{\"threshold\": 0.42, \"maxBatch\": 8, \"adminKeys\": [\"file-admin-key-0123456789\"]}");
        ServiceConfig config = ServiceConfig.load(file).withKeysFrom(Map.of(
                ServiceConfig.CLIENT_KEYS_ENV, "env-client-key-0123456789, other-client-key-0123456789"));
        assertEquals(0.42, config.threshold());
        assertEquals(8, config.maxBatch());
        assertEquals(ServiceConfig.defaults().maxImagePixels(), config.maxImagePixels());
        assertEquals(List.of("file-admin-key-0123456789"), config.adminKeys());
        assertEquals(List.of("env-client-key-0123456789", "other-client-key-0123456789"), config.clientKeys());
    }

    @Test
    void unknownFieldsShortKeysAndBadValuesAreRefused() throws IOException {
        Path typo = dir.resolve("typo.json");
        Files.writeString(typo, "{\"treshold\": 0.4}");
        IOException e = assertThrows(IOException.class, () -> ServiceConfig.load(typo));
        assertTrue(e.getMessage().contains("treshold"), e.getMessage());
        Path shortKey = dir.resolve("short.json");
        Files.writeString(shortKey, "{\"adminKeys\": [\"short\"]}");
        assertThrows(IllegalArgumentException.class, () -> ServiceConfig.load(shortKey));
        Path threshold = dir.resolve("threshold.json");
        Files.writeString(threshold, "{\"threshold\": 2}");
        assertThrows(IllegalArgumentException.class, () -> ServiceConfig.load(threshold));
    }

    @Test
    void theHnswSettingsReachTheGalleryAndBadValuesNameTheirKey() throws IOException {
        assertEquals(Gallery.Options.DEFAULT_CANDIDATES, ServiceConfig.defaults().galleryOptions().hnswCandidates());
        Path file = dir.resolve("hnsw.json");
        Files.writeString(file, "{\"hnswCandidates\": 1600, \"hnswMaxConn\": 32, \"hnswBeamWidth\": 200,"
                + " \"quantized\": true}");
        Gallery.Options options = ServiceConfig.load(file).galleryOptions();
        assertEquals(new Gallery.Options(10_000, true, 32, 200, 1600), options);
        for (String bad : List.of("\"hnswCandidates\": 0", "\"hnswCandidates\": 1000000", "\"hnswMaxConn\": 0",
                "\"hnswMaxConn\": 513", "\"hnswBeamWidth\": -1", "\"hnswBeamWidth\": 5000")) {
            Files.writeString(file, "{" + bad + "}");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServiceConfig.load(file));
            String key = bad.substring(1, bad.indexOf('"', 1));
            assertTrue(e.getMessage().contains(key), bad + ": " + e.getMessage());
        }
    }

    @Test
    void aShortKeyIsNamedByWhereItCameFrom() throws IOException {
        Path file = dir.resolve("short-key.json");
        Files.writeString(file, "{\"clientKeys\": [\"client-key-0123456789\", \"short\"]}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServiceConfig.load(file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("clientKeys")
                && e.getMessage().contains("key 2 of 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ServiceConfig.defaults()
                .withKeysFrom(Map.of(ServiceConfig.ADMIN_KEYS_ENV, "tiny")));
        assertTrue(e.getMessage().contains(ServiceConfig.ADMIN_KEYS_ENV), e.getMessage());
        assertFalse(e.getMessage().contains("tiny"), "the key itself is never shown: " + e.getMessage());
    }

    @Test
    void theSameKeyAsAdminAndClientIsRefused() throws IOException {
        String key = "shared-key-0123456789abc";
        Path file = dir.resolve("both.json");
        Files.writeString(file, "{\"adminKeys\": [\"" + key + "\"]}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServiceConfig.load(file).withKeysFrom(Map.of(ServiceConfig.CLIENT_KEYS_ENV, key)));
        assertTrue(e.getMessage().contains("both"), e.getMessage());
        assertFalse(e.getMessage().contains(key), "the key itself is never shown: " + e.getMessage());
    }

    @Test
    void withoutAThresholdTheConfigurationLeavesItToTheModel() throws IOException {
        assertEquals(null, ServiceConfig.defaults().threshold());
        assertTrue(ServiceConfig.defaults().storeFaces());
        Path file = dir.resolve("faces.json");
        Files.writeString(file, "{\"storeFaces\": false}");
        assertFalse(ServiceConfig.load(file).storeFaces());
    }

    @Test
    void keysGiveTheirRoleOnly() {
        ApiKeys keys = new ApiKeys(List.of("admin-key-0123456789abc"), List.of("client-key-0123456789abc"));
        assertEquals(Role.ADMIN, keys.roleOf("admin-key-0123456789abc").orElseThrow());
        assertEquals(Role.CLIENT, keys.roleOf("client-key-0123456789abc").orElseThrow());
        assertTrue(keys.roleOf("client-key-0123456789ab").isEmpty());
        assertTrue(keys.roleOf("").isEmpty());
        assertFalse(Role.CLIENT.allows(Role.ADMIN));
        assertTrue(Role.ADMIN.allows(Role.CLIENT));
    }
}
