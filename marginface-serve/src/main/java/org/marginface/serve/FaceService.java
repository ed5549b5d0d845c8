package org.marginface.serve;

import org.marginface.core.embed.EmbeddingModel;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.marginface.core.detect.DetectionJson;
import org.marginface.core.embed.Embedder;
import org.marginface.core.embed.FlipFusion;
import org.marginface.core.model.FaceModel;
import org.marginface.serve.ApiKeys.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The face service: the HTTP API under {@code /api/v1}, the web page at {@code /}, the gallery and
 * the batching model behind them. Handlers are plain functions of the request; every error leaves as
 * {@code {"error": {"code", "message"}}} with a 4xx status (5xx only for the service's own faults,
 * without details).
 */
public final class FaceService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FaceService.class);
    static final String API = "/api/v1";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final int MAX_NAME = 200;
    private static final int MAX_PAGE = 1000;
    private static final int MAX_TOP_K = 100;

    private final ServiceConfig config;
    private final String modelFingerprint;
    private final String modelName;
    private final Gallery gallery;
    private final BatchingEmbedder embedder;
    private final FacePreparer preparer;
    private final ApiKeys keys;
    private final ServiceMetrics metrics = new ServiceMetrics();
    private final ObjectMapper json = new ObjectMapper();
    private final Javalin app;
    private final List<String> routes = new ArrayList<>();

    private FaceService(EmbeddingModel model, Gallery gallery, ServiceConfig config, LandmarkAligner aligner,
            Optional<FaceDetector> detector) {
        this.config = config;
        this.modelFingerprint = model.manifest().fingerprint();
        this.modelName = model.manifest().networkName();
        this.gallery = gallery;
        this.keys = new ApiKeys(config.adminKeys(), config.clientKeys());
        this.embedder = new BatchingEmbedder(model.embedder(FlipFusion.SUM), config.maxBatch(),
                config.maxBatchWaitMillis(), config.maxQueuedFaces(), metrics);
        this.preparer = new FacePreparer(new org.marginface.core.image.ImageDecoder(config.maxImagePixels(), 0), aligner, detector,
                model.input().height(), model.input().width());
        metrics.gauges(() -> count(gallery::subjectCount), () -> count(gallery::faceCount), embedder::queued);
        this.app = Javalin.create(c -> {
            c.showJavalinBanner = false;
            c.http.maxRequestSize = config.maxRequestBytes();
            c.jsonMapper(new JavalinJackson(json, false));
            c.jetty.defaultHost = config.host();
            c.jetty.multipartConfig.maxFileSize(config.maxRequestBytes(), SizeUnit.BYTES);
            c.jetty.multipartConfig.maxTotalRequestSize(config.maxRequestBytes(), SizeUnit.BYTES);
            // parts stay in memory (the body limit bounds them): nothing of a request is written to disk
            c.jetty.multipartConfig.maxInMemoryFileSize((int) Math.min(Integer.MAX_VALUE, config.maxRequestBytes()),
                    SizeUnit.BYTES);
            c.jetty.modifyServer(server -> {
                server.setStopTimeout(10_000);
                server.setErrorHandler(new JsonErrorHandler());
            });
            c.jetty.modifyServletContextHandler(handler -> handler.setErrorHandler(new JsonErrorHandler()));
            c.requestLogger.http(this::logRequest);
        });
        registerRoutes();
        registerErrors();
    }

    /**
     * Starts the service on {@code config.host():config.port()} with the gallery in {@code galleryDir}.
     * The model stays the caller's; close the service before the model.
     */
    public static FaceService start(EmbeddingModel model, Path galleryDir, ServiceConfig config, LandmarkAligner aligner,
            Optional<FaceDetector> detector) throws IOException {
        if (config.adminKeys().isEmpty() && config.clientKeys().isEmpty()) {
            throw new IllegalArgumentException("no API keys: set " + ServiceConfig.ADMIN_KEYS_ENV + " (and "
                    + ServiceConfig.CLIENT_KEYS_ENV + ") or adminKeys/clientKeys in the config file");
        }
        int dimension = FlipFusion.SUM.dimension(model.embeddingSize());
        Gallery gallery = Gallery.open(galleryDir, model.manifest().fingerprint(), dimension,
                config.galleryOptions());
        FaceService service;
        try {
            service = new FaceService(model, gallery, config, aligner, detector);
        } catch (RuntimeException e) {
            gallery.close();
            throw e;
        }
        service.app.start(config.host(), config.port());
        LOG.info("serving {} ({}) on http://{}:{}/ with a gallery of {} subjects, {} faces", service.modelName,
                service.modelFingerprint, config.host(), service.port(), gallery.subjectCount(), gallery.faceCount());
        return service;
    }

    public int port() {
        return app.port();
    }

    public Gallery gallery() {
        return gallery;
    }

    /** The API routes as {@code METHOD path}, for checking them against the OpenAPI document. */
    public List<String> apiRoutes() {
        return List.copyOf(routes);
    }

    // ---- routing ----

    private void registerRoutes() {
        app.get("/", ctx -> ctx.contentType("text/html; charset=utf-8").result(resource("index.html")));
        route(HandlerType.GET, "/health", null, ctx -> ctx.json(Map.of("status", "ok", "model", modelName)));
        route(HandlerType.GET, "/openapi.json", Role.CLIENT,
                ctx -> ctx.contentType("application/json").result(resource("openapi.json")));
        route(HandlerType.GET, "/metrics", Role.CLIENT,
                ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.prometheus()));
        route(HandlerType.POST, "/embed", Role.CLIENT, this::embed);
        route(HandlerType.POST, "/verify", Role.CLIENT, this::verify);
        route(HandlerType.POST, "/identify", Role.CLIENT, this::identify);
        route(HandlerType.POST, "/subjects", Role.ADMIN, this::createSubject);
        route(HandlerType.GET, "/subjects", Role.ADMIN, this::listSubjects);
        route(HandlerType.GET, "/subjects/{subject}", Role.ADMIN, this::getSubject);
        route(HandlerType.PATCH, "/subjects/{subject}", Role.ADMIN, this::renameSubject);
        route(HandlerType.DELETE, "/subjects/{subject}", Role.ADMIN, this::deleteSubject);
        route(HandlerType.POST, "/subjects/{subject}/faces", Role.ADMIN, this::enroll);
        route(HandlerType.GET, "/subjects/{subject}/faces", Role.ADMIN, this::listFaces);
        route(HandlerType.DELETE, "/subjects/{subject}/faces/{face}", Role.ADMIN, this::deleteFace);
    }

    /** Registers an API route guarded by a role ({@code null}: open to all). */
    private void route(HandlerType method, String path, Role needed, Handler handler) {
        routes.add(method.name() + " " + API + path);
        app.addHttpHandler(method, API + path, ctx -> {
            if (needed != null) {
                authorise(ctx, needed);
            }
            handler.handle(ctx);
        });
    }

    private void authorise(Context ctx, Role needed) {
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
        if (!role.allows(needed)) {
            throw new ApiException(403, "forbidden", "this key may not change or read the gallery");
        }
    }

    private void registerErrors() {
        app.exception(ApiException.class, (e, ctx) -> error(ctx, e.status(), e.code(), e.getMessage()));
        app.exception(HttpResponseException.class, (e, ctx) -> {
            int status = e.getStatus();
            error(ctx, status, status == 413 ? "too_large" : "bad_request",
                    status == 413 ? "the request body exceeds the limit of " + config.maxRequestBytes() + " bytes"
                            : "bad request");
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
        app.error(405, ctx -> error(ctx, 405, "method_not_allowed", "method not allowed on this route"));
    }

    private void error(Context ctx, int status, String code, String message) {
        Map<String, Object> body = Map.of("error", Map.of("code", code, "message", message));
        ctx.status(status).json(body);
    }

    private void logRequest(Context ctx, float millis) {
        String route;
        try {
            route = ctx.endpointHandlerPath();
        } catch (RuntimeException e) {
            route = "unmatched";
        }
        if (route == null || route.isEmpty() || route.equals("*")) {
            route = "unmatched";
        }
        int status = ctx.statusCode();
        metrics.request(ctx.method().name(), route, status, millis / 1000.0);
        // route patterns only: headers (and so keys) are never logged
        LOG.debug("{} {} {} {} ms", ctx.method(), route, status, String.format(Locale.ROOT, "%.1f", millis));
    }

    // ---- handlers ----

    private void embed(Context ctx) {
        FaceForm form = form(ctx, true);
        FacePreparer.Prepared face = preparer.prepare(requireOne(form, "image"));
        float[] raw = embedder.embed(List.of(face.crop())).get(0);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", modelFingerprint);
        out.put("dimension", raw.length);
        out.put("norm", Embedder.norm(raw));
        out.put("embedding", Embedder.l2Normalize(raw));
        out.put("detection", detection(face));
        ctx.json(out);
    }

    private void verify(Context ctx) throws IOException {
        FaceForm form = form(ctx, true);
        Optional<String> subjectId = form.text("subject");
        Map<String, Object> out = new LinkedHashMap<>();
        double similarity;
        if (subjectId.isPresent()) {
            String id = checkId(subjectId.get(), "subject");
            FacePreparer.Prepared face = preparer.prepare(requireOne(form, "image"));
            float[] probe = Embedder.l2Normalize(embedder.embed(List.of(face.crop())).get(0));
            Gallery.Match best = gallery.bestFaceOf(id, probe)
                    .orElseThrow(() -> ApiException.notFound("subject '" + id + "' does not exist or has no faces"));
            similarity = best.similarity();
            out.put("subject", Map.of("id", best.subjectId(), "name", best.name()));
            out.put("face", best.faceId());
            out.put("detection", detection(face));
        } else {
            List<FaceUpload> both = new ArrayList<>();
            both.add(requireOne(form, "image1"));
            both.add(requireOne(form, "image2"));
            List<FacePreparer.Prepared> faces = prepare(both);
            List<float[]> features = embedder.embed(crops(faces));
            similarity = Gallery.dot(Embedder.l2Normalize(features.get(0)), Embedder.l2Normalize(features.get(1)));
            out.put("detection1", detection(faces.get(0)));
            out.put("detection2", detection(faces.get(1)));
        }
        out.put("similarity", similarity);
        out.put("threshold", config.threshold());
        out.put("match", similarity >= config.threshold());
        ctx.json(out);
    }

    private void identify(Context ctx) throws IOException {
        FaceForm form = form(ctx, true);
        int k = intField(form.text("k"), config.defaultTopK(), 1, MAX_TOP_K, "k");
        FacePreparer.Prepared face = preparer.prepare(requireOne(form, "image"));
        float[] probe = Embedder.l2Normalize(embedder.embed(List.of(face.crop())).get(0));
        List<Gallery.Match> matches = gallery.identify(probe, k);
        List<Map<String, Object>> candidates = new ArrayList<>();
        for (Gallery.Match m : matches) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("subject", Map.of("id", m.subjectId(), "name", m.name() == null ? "" : m.name()));
            c.put("face", m.faceId());
            c.put("similarity", m.similarity());
            candidates.add(c);
        }
        boolean known = !matches.isEmpty() && matches.get(0).similarity() >= config.threshold();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("result", known ? "known" : "unknown");
        out.put("subject", known ? candidates.get(0).get("subject") : null);
        out.put("similarity", matches.isEmpty() ? null : matches.get(0).similarity());
        out.put("threshold", config.threshold());
        out.put("candidates", candidates);
        out.put("detection", detection(face));
        ctx.json(out);
    }

    private void createSubject(Context ctx) throws IOException {
        JsonNode body = jsonBody(ctx);
        String name = checkName(body.path("name"));
        String id = body.hasNonNull("id") ? checkId(body.get("id").asText(), "id") : null;
        Gallery.Subject s = gallery.createSubject(id, name);
        ctx.status(201).json(subjectJson(s));
    }

    private void listSubjects(Context ctx) throws IOException {
        int offset = intField(Optional.ofNullable(ctx.queryParam("offset")), 0, 0, Integer.MAX_VALUE, "offset");
        int limit = intField(Optional.ofNullable(ctx.queryParam("limit")), 50, 1, MAX_PAGE, "limit");
        Gallery.SubjectPage page = gallery.subjects(offset, limit);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("subjects", page.subjects().stream().map(FaceService::subjectJson).toList());
        out.put("total", page.total());
        out.put("offset", offset);
        out.put("limit", limit);
        ctx.json(out);
    }

    private void getSubject(Context ctx) throws IOException {
        String id = checkId(ctx.pathParam("subject"), "subject");
        ctx.json(subjectJson(gallery.subject(id).orElseThrow(() -> ApiException.notFound("no subject '" + id + "'"))));
    }

    private void renameSubject(Context ctx) throws IOException {
        String id = checkId(ctx.pathParam("subject"), "subject");
        String name = checkName(jsonBody(ctx).path("name"));
        ctx.json(subjectJson(gallery.renameSubject(id, name)));
    }

    private void deleteSubject(Context ctx) throws IOException {
        String id = checkId(ctx.pathParam("subject"), "subject");
        if (!gallery.deleteSubject(id)) {
            throw ApiException.notFound("no subject '" + id + "'");
        }
        ctx.status(204);
    }

    private void enroll(Context ctx) throws IOException {
        String id = checkId(ctx.pathParam("subject"), "subject");
        FaceForm form = form(ctx, true);
        List<FaceUpload> uploads = new ArrayList<>(form.images("images"));
        uploads.addAll(form.images("image"));
        if (uploads.isEmpty()) {
            throw ApiException.badRequest("missing_field", "send one or more images in 'images' (or 'image')");
        }
        if (uploads.size() > config.maxImagesPerRequest()) {
            throw new ApiException(413, "too_many_images", uploads.size() + " images; at most "
                    + config.maxImagesPerRequest() + " per request");
        }
        if (gallery.subject(id).isEmpty()) {
            throw ApiException.notFound("no subject '" + id + "'");
        }
        List<FacePreparer.Prepared> prepared = prepare(uploads);
        List<float[]> raw = embedder.embed(crops(prepared));
        List<float[]> unit = raw.stream().map(Embedder::l2Normalize).toList();
        List<Gallery.Face> faces = gallery.addFaces(id, unit);
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < faces.size(); i++) {
            Map<String, Object> face = new LinkedHashMap<>();
            face.put("id", faces.get(i).id());
            face.put("norm", Embedder.norm(raw.get(i)));
            face.put("detection", detection(prepared.get(i)));
            out.add(face);
        }
        ctx.status(201).json(Map.of("subject", id, "faces", out));
    }

    private void listFaces(Context ctx) throws IOException {
        String id = checkId(ctx.pathParam("subject"), "subject");
        if (gallery.subject(id).isEmpty()) {
            throw ApiException.notFound("no subject '" + id + "'");
        }
        List<Map<String, Object>> faces = gallery.faces(id).stream()
                .map(f -> Map.<String, Object>of("id", f.id(), "created", f.createdMillis())).toList();
        ctx.json(Map.of("subject", id, "faces", faces));
    }

    private void deleteFace(Context ctx) throws IOException {
        String id = checkId(ctx.pathParam("subject"), "subject");
        String face = checkId(ctx.pathParam("face"), "face");
        if (!gallery.deleteFace(id, face)) {
            throw ApiException.notFound("subject '" + id + "' has no face '" + face + "'");
        }
        ctx.status(204);
    }

    // ---- request helpers ----

    private List<FacePreparer.Prepared> prepare(List<FaceUpload> uploads) {
        List<FacePreparer.Prepared> faces = new ArrayList<>(uploads.size());
        for (FaceUpload u : uploads) {
            faces.add(preparer.prepare(u));
        }
        return faces;
    }

    private static List<BufferedImage> crops(List<FacePreparer.Prepared> faces) {
        return faces.stream().map(FacePreparer.Prepared::crop).toList();
    }

    /**
     * The face the service found and used ({@code box}, {@code score}, {@code landmarks} in the photo's
     * pixels, as {@code marginface detect} writes them), or null when the client gave a crop or landmarks.
     */
    private static ObjectNode detection(FacePreparer.Prepared face) {
        return face.detected().map(DetectionJson::face).orElse(null);
    }

    private static FaceUpload requireOne(FaceForm form, String field) {
        List<FaceUpload> images = form.images(field);
        if (images.size() != 1) {
            throw ApiException.badRequest("missing_field", images.isEmpty() ? "missing image '" + field + "'"
                    : "expected one image in '" + field + "', got " + images.size());
        }
        return images.get(0);
    }

    /** The request's fields from JSON or (where images are allowed) a multipart form; else 415. */
    private FaceForm form(Context ctx, boolean multipartAllowed) {
        String type = mediaType(ctx);
        if (type.equals("application/json")) {
            return FaceForm.json(jsonBody(ctx));
        }
        if (multipartAllowed && type.equals("multipart/form-data")) {
            checkDeclaredLength(ctx);
            return FaceForm.multipart(ctx);
        }
        throw new ApiException(415, "unsupported_media_type", "send application/json"
                + (multipartAllowed ? " or multipart/form-data" : ""));
    }

    private JsonNode jsonBody(Context ctx) {
        if (!mediaType(ctx).equals("application/json")) {
            throw new ApiException(415, "unsupported_media_type", "send application/json");
        }
        byte[] body = boundedBody(ctx);
        try {
            JsonNode node = json.readTree(body);
            if (node == null || !node.isObject()) {
                throw ApiException.badRequest("bad_json", "the body must be a JSON object");
            }
            return node;
        } catch (JacksonException e) {
            throw ApiException.badRequest("bad_json", "the body is not valid JSON");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the body up to the limit, whatever the declared length (chunked bodies declare none). */
    private byte[] boundedBody(Context ctx) {
        checkDeclaredLength(ctx);
        long max = config.maxRequestBytes();
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (body.length > max) {
                throw new ApiException(413, "too_large", "the request body exceeds the limit of " + max + " bytes");
            }
            return body;
        } catch (IOException e) {
            throw ApiException.badRequest("bad_body", "cannot read the request body");
        }
    }

    private void checkDeclaredLength(Context ctx) {
        if (ctx.req().getContentLengthLong() > config.maxRequestBytes()) {
            throw new ApiException(413, "too_large", "the request body exceeds the limit of "
                    + config.maxRequestBytes() + " bytes");
        }
    }

    private static String mediaType(Context ctx) {
        String type = ctx.contentType();
        if (type == null) {
            return "";
        }
        int semicolon = type.indexOf(';');
        return (semicolon < 0 ? type : type.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    private static String checkId(String id, String what) {
        if (id == null || !ID.matcher(id).matches()) {
            throw ApiException.badRequest("bad_id", what + ": expected 1 to 64 characters of A-Z a-z 0-9 _ -");
        }
        return id;
    }

    private static String checkName(JsonNode node) {
        if (!node.isTextual() || node.asText().isBlank()) {
            throw ApiException.badRequest("bad_name", "name: expected a non-empty string");
        }
        String name = node.asText().strip();
        if (name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.badRequest("bad_name", "name: at most " + MAX_NAME + " characters, no control characters");
        }
        return name;
    }

    private static int intField(Optional<String> text, int fallback, int min, int max, String name) {
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            int v = Integer.parseInt(text.get().trim());
            if (v < min || v > max) {
                throw ApiException.badRequest("bad_field", name + ": expected " + min + " to " + max);
            }
            return v;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("bad_field", name + ": expected an integer");
        }
    }

    private static Map<String, Object> subjectJson(Gallery.Subject s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", s.id());
        out.put("name", s.name());
        out.put("faces", s.faces());
        out.put("created", s.createdMillis());
        return out;
    }

    private interface IoCount {
        int get() throws IOException;
    }

    private static int count(IoCount c) {
        try {
            return c.get();
        } catch (IOException e) {
            return -1;
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = FaceService.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("resource " + name + " missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Stops taking requests, lets those in flight finish, then closes the model queue and the gallery. */
    @Override
    public void close() {
        app.stop();
        embedder.close();
        try {
            gallery.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LOG.info("stopped");
    }
}
