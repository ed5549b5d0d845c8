package org.marginface.serve;

import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.marginface.serve.ApiKeys.Role;

/** The service's own resources: the web page and its icon, health, the OpenAPI document and the metrics. */
final class InfoHandlers {

    private final String modelName;
    private final ServiceMetrics metrics;
    private final String page;
    private final String openApi;
    private final byte[] icon;

    InfoHandlers(String modelName, ServiceMetrics metrics) throws IOException {
        this.modelName = modelName;
        this.metrics = metrics;
        this.page = new String(resource("index.html"), StandardCharsets.UTF_8);
        this.openApi = new String(resource("openapi.json"), StandardCharsets.UTF_8);
        this.icon = resource("favicon.svg");
    }

    void register(ApiRoutes routes) {
        routes.page("/", ctx -> ctx.contentType("text/html; charset=utf-8").result(page));
        routes.page("/favicon.svg", ctx -> ctx.contentType("image/svg+xml").header("Cache-Control", "max-age=86400")
                .result(icon));
        routes.api(HandlerType.GET, "/health", null, ctx -> ctx.json(Map.of("status", "ok", "model", modelName)));
        routes.api(HandlerType.GET, "/openapi.json", Role.CLIENT, ctx -> ctx.contentType("application/json").result(openApi));
        routes.api(HandlerType.GET, "/metrics", Role.CLIENT,
                ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.prometheus()));
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = InfoHandlers.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("resource " + name + " missing from the build");
            }
            return in.readAllBytes();
        }
    }
}
