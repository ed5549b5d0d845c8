package org.marginface.core.head;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeadSpecTest {

    @Test
    void marginIsZeroBeforeTheRampStartsThenRisesLinearlyToM() {
        HeadSpec.AmSoftmax h = new HeadSpec.AmSoftmax(30, 0.4, false, 200, 100);
        assertEquals(0, h.margin(0));
        assertEquals(0, h.margin(199));
        assertEquals(0, h.margin(200));
        assertEquals(0.1, h.margin(225), 1e-12);
        assertEquals(0.2, h.margin(250), 1e-12);
        assertEquals(0.4, h.margin(300), 1e-12);
        assertEquals(0.4, h.margin(10_000), 1e-12);
    }

    @Test
    void aStartWithoutRampSwitchesTheFullMarginOn() {
        HeadSpec.AmSoftmax h = new HeadSpec.AmSoftmax(30, 0.35, false, 50, 0);
        assertEquals(0, h.margin(49));
        assertEquals(0.35, h.margin(50));
        assertEquals(0.35, HeadSpec.AmSoftmax.paper().margin(0));
    }

    @Test
    void negativeScheduleValuesAreRejectedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new HeadSpec.AmSoftmax(30, 0.35, false, -1, 0));
        assertTrue(e.getMessage().contains("head.marginRampStart"), e.getMessage());
    }

    @Test
    void configParametersReachTheSpec() {
        HeadSpec spec = HeadSpecs.of("amsoftmax", Map.of("m", 0.3, "normalizeFeatures", false,
                "marginRampStart", 200, "marginRampIterations", 300));
        assertEquals(new HeadSpec.AmSoftmax(30, 0.3, false, 200, 300), spec);
    }

    @Test
    void manifestsWrittenBeforeTheRampStartExistedStillLoad() throws Exception {
        // the model directories' reader is this strict: a missing primitive is an error unless handled
        ObjectMapper strict = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        String old = "{\"type\":\"amsoftmax\",\"s\":30.0,\"m\":0.35,\"normalizeFeatures\":false,\"marginRampIterations\":400}";
        assertEquals(new HeadSpec.AmSoftmax(30, 0.35, false, 0, 400), strict.readValue(old, HeadSpec.class));
        HeadSpec current = new HeadSpec.AmSoftmax(30, 0.35, false, 200, 300);
        assertEquals(current, strict.readValue(strict.writeValueAsString(current), HeadSpec.class));
    }

    @Test
    void snakeCaseResultFilesNameEveryFieldTheSameWay() throws Exception {
        // evaluation JSON embeds the manifest with snake_case keys; the default for old manifests must not
        // pin the camelCase names there (an explicit @JsonProperty creator did)
        ObjectMapper snake = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        String json = snake.writeValueAsString(new HeadSpec.AmSoftmax(30, 0.35, false, 200, 300));
        assertTrue(json.contains("\"normalize_features\":false"), json);
        assertTrue(json.contains("\"margin_ramp_start\":200"), json);
        assertEquals(new HeadSpec.AmSoftmax(30, 0.35, false, 200, 300), snake.readValue(json, HeadSpec.class));
    }
}
