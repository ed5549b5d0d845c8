package org.marginface.serve;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.security.RouteRole;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.marginface.serve.ApiKeys.Role;

/**
 * The routes, each with the role it needs as Javalin's own route role, checked once before any matched
 * handler runs. A GET route answers HEAD as well. The table also names the methods of a path for the
 * {@code Allow} header of a 405.
 */
final class ApiRoutes {

    static final String API = "/api/v1";

    private record Route(HandlerType method, String path, Pattern pattern) {}

    private final Javalin app;
    private final ApiKeys keys;
    private final List<Route> routes = new ArrayList<>();

    ApiRoutes(Javalin app, ApiKeys keys) {
        this.app = app;
        this.keys = keys;
        app.beforeMatched(this::authorise);
    }

    /** A route under {@link #API} for {@code role} (none: open to all). */
    void api(HandlerType method, String path, Role role, Handler handler) {
        add(method, API + path, role, handler);
    }

    /** A route outside the API (the page and its assets). */
    void page(String path, Handler handler) {
        add(HandlerType.GET, path, null, handler);
    }

    private void add(HandlerType method, String path, Role role, Handler handler) {
        RouteRole[] roles = role == null ? new RouteRole[0] : new RouteRole[] {role};
        routes.add(new Route(method, path, pattern(path)));
        app.addHttpHandler(method, path, ErrorAnswers.guarded(handler), roles);
        if (method == HandlerType.GET) {
            routes.add(new Route(HandlerType.HEAD, path, pattern(path)));
            app.addHttpHandler(HandlerType.HEAD, path, ErrorAnswers.guarded(handler), roles);
        }
    }

    private static Pattern pattern(String path) {
        return Pattern.compile(Pattern.quote(path).replaceAll("\\{[^}/]+}", "\\\\E[^/]+\\\\Q"));
    }

    /** The API routes as {@code METHOD path} (HEAD left out), for checking them against the OpenAPI document. */
    List<String> apiRoutes() {
        return routes.stream().filter(r -> r.path.startsWith(API) && r.method != HandlerType.HEAD)
                .map(r -> r.method.name() + " " + r.path).toList();
    }

    /** The methods routed for a request path, for {@code Allow}. */
    Set<String> methodsOf(String path) {
        Set<String> methods = new LinkedHashSet<>();
        for (Route r : routes) {
            if (r.pattern.matcher(path).matches()) {
                methods.add(r.method.name());
            }
        }
        return methods;
    }

    private void authorise(Context ctx) {
        Set<RouteRole> needed = ctx.routeRoles();
        if (needed.isEmpty()) {
            return;
        }
        String presented = ctx.header("X-API-Key");
        String auth = ctx.header("Authorization");
        if (presented == null && auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            presented = auth.substring(7).trim();
        }
        if (presented == null || presented.isEmpty()) {
            throw new ApiException(401, "unauthenticated", "an API key is required (header X-API-Key)");
        }
        Role role = keys.roleOf(presented)
                .orElseThrow(() -> new ApiException(401, "unauthenticated", "unknown API key"));
        for (RouteRole r : needed) {
            if (!role.allows((Role) r)) {
                throw new ApiException(403, "forbidden", "this key may not change or read the gallery");
            }
        }
    }
}
