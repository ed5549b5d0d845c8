package org.marginface.serve;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every refusal and fault as {@code {"error": {"code", "message"}}}: 4xx for the client's mistakes,
 * 405 with {@code Allow}, 503 when the heap runs out (the request may succeed later; the service
 * stays up), 500 without details for the service's own faults.
 */
final class ErrorAnswers {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorAnswers.class);

    private ErrorAnswers() {}

    static void register(Javalin app, ApiRoutes routes, long maxRequestBytes) {
        app.exception(ApiException.class, (e, ctx) -> error(ctx, e.status(), e.code(), e.getMessage()));
        app.exception(HttpResponseException.class, (e, ctx) -> {
            int status = e.getStatus();
            if (status == 405) {
                methodNotAllowed(ctx, routes);
            } else if (status == 413) {
                error(ctx, 413, "too_large", "the request body exceeds the limit of " + maxRequestBytes + " bytes");
            } else {
                error(ctx, status, status == 404 ? "not_found" : "bad_request", status == 404 ? "no such route"
                        : "bad request");
            }
        });
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("{} {} failed", ctx.method(), ctx.endpointHandlerPath(), e);
            error(ctx, 500, "internal", "internal error");
        });
        app.error(404, ctx -> {
            String result = ctx.result();
            if (result == null || !result.startsWith("{\"error\"")) {
                error(ctx, 404, "not_found", "no such route");
            }
        });
        app.error(405, ctx -> methodNotAllowed(ctx, routes));
    }

    /**
     * Javalin's exception handlers see exceptions only: an {@link OutOfMemoryError} escaped them and
     * Jetty answered 500 with an empty text body. Every handler runs inside this.
     */
    static Handler guarded(Handler handler) {
        return ctx -> {
            try {
                handler.handle(ctx);
            } catch (OutOfMemoryError e) {
                LOG.error("{} {} ran out of memory", ctx.method(), ctx.endpointHandlerPath());
                throw new ApiException(503, "insufficient_memory",
                        "the service ran out of memory for this request; try again later or send a smaller image");
            }
        };
    }

    private static void methodNotAllowed(Context ctx, ApiRoutes routes) {
        String allow = String.join(", ", routes.methodsOf(ctx.path()));
        ctx.header("Allow", allow);
        error(ctx, 405, "method_not_allowed", ctx.method().name() + " is not allowed on this route; allowed: " + allow);
    }

    static void error(Context ctx, int status, String code, String message) {
        ctx.status(status).json(Map.of("error", Map.of("code", code, "message", message)));
    }
}
