package org.marginface.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.marginface.serve.RunningService.Answer;

/** The served OpenAPI document describes exactly the routes the service has, and needs a key. */
class OpenApiDocumentTest {

    @Test
    void documentAndRoutesAgree() throws Exception {
        try (RunningService s = RunningService.start(RunningService.testConfig(0.5), new TemplateAligner())) {
            assertEquals(401, s.get("/api/v1/openapi.json", null).status());
            Answer doc = s.get("/api/v1/openapi.json", RunningService.CLIENT_KEY);
            assertEquals(200, doc.status());
            assertTrue(doc.contentType().startsWith("application/json"), doc.contentType());
            JsonNode paths = doc.json().get("paths");
            Set<String> documented = new TreeSet<>();
            for (Iterator<String> p = paths.fieldNames(); p.hasNext(); ) {
                String path = p.next();
                for (Iterator<String> m = paths.get(path).fieldNames(); m.hasNext(); ) {
                    String method = m.next();
                    if (!method.equals("parameters")) {
                        documented.add(method.toUpperCase(Locale.ROOT) + " " + ApiRoutes.API + path);
                    }
                }
            }
            assertEquals(new TreeSet<>(s.service.apiRoutes()), documented);
            // answers name the detected face they used
            JsonNode schemas = doc.json().get("components").get("schemas");
            for (String schema : new String[] {"Embedding", "Identification", "Verification"}) {
                assertEquals("#/components/schemas/Detection",
                        schemas.get(schema).get("properties").get("detection").get("$ref").asText(), schema);
            }
            assertTrue(schemas.get("Detection").get("properties").has("box"));

            Answer page = s.get("/", null);
            assertEquals(200, page.status());
            assertTrue(page.body().contains("Identify a photo"));
        }
    }
}
