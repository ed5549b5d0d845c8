package org.marginface.core.head;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The heads' names come from their records alone: configs, manifests and messages agree with them. */
class HeadRegistryTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void everyPermittedHeadIsNamedBuiltFromDefaultsAndRoundTripsThroughJson() throws Exception {
        Map<String, Class<?>> records = new LinkedHashMap<>();
        records.put("softmax", HeadSpec.Softmax.class);
        records.put("normface", HeadSpec.NormFace.class);
        records.put("sphereface", HeadSpec.SphereFace.class);
        records.put("amsoftmax", HeadSpec.AmSoftmax.class);
        records.put("arcface", HeadSpec.ArcFace.class);
        records.put("combined", HeadSpec.CombinedMargin.class);
        assertEquals(List.copyOf(records.keySet()), HeadSpecs.names());
        for (String name : HeadSpecs.names()) {
            HeadSpec spec = HeadSpecs.of(name, Map.of());
            assertEquals(records.get(name), spec.getClass(), name);
            assertEquals(name, spec.type());
            String written = json.writeValueAsString(spec);
            assertTrue(written.startsWith("{\"type\":\"" + name + "\""), written);
            assertEquals(spec, json.readValue(written, HeadSpec.class));
        }
    }

    @Test
    void aliasesReachTheirHead() throws Exception {
        assertEquals(HeadSpec.AmSoftmax.paper(), HeadSpecs.of("CosFace", Map.of()));
        assertEquals(HeadSpec.SphereFace.defaults(), HeadSpecs.of("asoftmax", Map.of()));
        assertEquals(HeadSpec.AmSoftmax.paper(),
                json.readValue("{\"type\":\"cosface\",\"s\":30,\"m\":0.35,\"normalizeFeatures\":true,"
                        + "\"marginRampStart\":0,\"marginRampIterations\":0}", HeadSpec.class));
    }

    @Test
    void unknownNamesAreRefusedListingTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HeadSpecs.of("magface", Map.of()));
        assertEquals("head.type: unknown head 'magface' (known: " + String.join(", ", HeadSpecs.names()) + ")",
                e.getMessage());
        Exception fromJson = assertThrows(Exception.class,
                () -> json.readValue("{\"type\":\"magface\",\"s\":30}", HeadSpec.class));
        assertTrue(fromJson.getMessage().contains("magface"), fromJson.getMessage());
        assertTrue(fromJson.getMessage().contains(String.join(", ", HeadSpecs.names())), fromJson.getMessage());
    }

    @Test
    void parameterValuesAreCheckedByKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HeadSpecs.of("sphereface", Map.of("m", 3.5)));
        assertTrue(e.getMessage().startsWith("head.m: expected a whole number"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> HeadSpecs.of("arcface", Map.of("s", "big")));
        assertTrue(e.getMessage().startsWith("head.s: expected a number"), e.getMessage());
    }
}
