package org.marginface.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.marginface.core.testing.TestData;

/**
 * The evaluation commands end to end on real LFW with an untrained, seeded SphereFace-20: the
 * sphereface protocol (which embeds the pairs' images), the insightface protocol from the cache, and
 * identification with all distractors.
 */
class EvalLfwIT {

    @TempDir
    Path tmp;

    @Test
    void lfwBothProtocolsAndIdentificationRunEndToEnd() throws Exception {
        Path lfw = TestData.require("lfw");
        Path model = tmp.resolve("sf20");
        Path cache = tmp.resolve("cache");
        Launcher.Run init = Launcher.run(tmp.resolve("init.log"), "init", "--backbone", "sphereface20", "--seed", "1",
                "--out", model.toString());
        assertEquals(0, init.exitCode(), init.output());

        Path first = tmp.resolve("lfw-sphereface.json");
        Launcher.Run sphereface = Launcher.run(tmp.resolve("sf.log"), "eval", "lfw", "--model", model.toString(),
                "--lfw", lfw.toString(), "--protocol", "sphereface", "--cache", cache.toString(), "--out", first.toString());
        assertEquals(0, sphereface.exitCode(), sphereface.output());
        JsonNode r = new ObjectMapper().readTree(first.toFile());
        assertEquals("sphereface", r.get("protocol").asText());
        assertEquals(6000, r.get("pairs").asInt());
        assertEquals(10, r.get("folds").size());
        double accuracy = r.get("accuracy").asDouble();
        // an untrained network is a weak but real face descriptor: better than chance, far from trained
        assertTrue(accuracy > 0.5 && accuracy < 0.95, "accuracy " + accuracy);
        for (String field : new String[] {"std", "auc", "eer", "tar_at_far", "manifest"}) {
            assertTrue(r.has(field), "missing " + field + " in " + r);
        }
        // the serving thresholds the face service reads: FAR 1e-3 and 1e-4, the stricter one higher
        JsonNode atFar = r.path("thresholds").path("at_far");
        assertEquals(2, atFar.size(), r.toString());
        assertTrue(atFar.get(1).get("threshold").asDouble() >= atFar.get(0).get("threshold").asDouble());
        assertTrue(r.path("thresholds").path("best_accuracy").asDouble() > 0.5);
        assertEquals(6001, Files.readAllLines(tmp.resolve("lfw-sphereface.csv")).size());
        assertTrue(Files.size(tmp.resolve("lfw-sphereface-roc.png")) > 1000);

        Path second = tmp.resolve("lfw-insightface.json");
        long start = System.nanoTime();
        Launcher.Run insightface = Launcher.run(tmp.resolve("if.log"), "eval", "lfw", "--model", model.toString(),
                "--lfw", lfw.toString(), "--protocol", "insightface", "--cache", cache.toString(), "--out", second.toString());
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(0, insightface.exitCode(), insightface.output());
        assertEquals("insightface", new ObjectMapper().readTree(second.toFile()).get("protocol").asText());
        // reported, not asserted: timing thresholds do not belong in tests on shared machines
        System.out.printf("second LFW evaluation (insightface, from the cache): %.1f s%n", seconds);
        assertTrue(!insightface.output().contains("embed 32/"), "the second evaluation embedded images again");

        Path identify = tmp.resolve("identify.json");
        Launcher.Run id = Launcher.run(tmp.resolve("id.log"), "eval", "identify", "--model", model.toString(),
                "--lfw", lfw.toString(), "--cache", cache.toString(), "--out", identify.toString());
        assertEquals(0, id.exitCode(), id.output());
        JsonNode result = new ObjectMapper().readTree(identify.toFile()).get("result");
        assertEquals(1680, result.get("probe_identities").asInt());
        JsonNode levels = result.get("levels");
        JsonNode all = levels.get(levels.size() - 1);
        assertEquals(4069, all.get("distractors").asInt(), all.toString());
        assertTrue(Files.size(tmp.resolve("identify-cmc.png")) > 1000);
    }
}
