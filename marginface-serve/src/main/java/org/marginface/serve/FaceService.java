package org.marginface.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.marginface.core.embed.EmbeddingModel;
import org.marginface.core.embed.FlipFusion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The face service: the HTTP API under {@code /api/v1}, the web page at {@code /}, the gallery and
 * the batching model behind them. This class builds the parts and owns their lifecycle; routing and
 * roles are {@link ApiRoutes}, request parsing and limits {@link Requests}, error answers
 * {@link ErrorAnswers}, and each resource has its handler class.
 */
public final class FaceService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FaceService.class);

    private final Gallery gallery;
    private final BatchingEmbedder embedder;
    private final ServiceMetrics metrics = new ServiceMetrics();
    private final Javalin app;
    private final ApiRoutes routes;

    private FaceService(EmbeddingModel model, Gallery gallery, ServiceConfig config, Threshold threshold,
            LandmarkAligner aligner, Optional<FaceDetector> detector) throws IOException {
        this.gallery = gallery;
        this.embedder = new BatchingEmbedder(model.embedder(FlipFusion.SUM), config.maxBatch(),
                config.maxBatchWaitMillis(), config.maxQueuedFaces(), metrics);
        PhotoDecoder decoder = new PhotoDecoder(config.maxImagePixels(), config.detectionPixels(),
                new PixelBudget(config.decodingPixels()));
        FacePreparer preparer = new FacePreparer(decoder, aligner, detector, model.input());
        FacePipeline pipeline = new FacePipeline(preparer, embedder);
        metrics.gauges(() -> count(gallery::subjectCount), () -> count(gallery::faceCount), embedder::queued);
        this.app = Javalin.create(c -> {
            c.showJavalinBanner = false;
            c.http.maxRequestSize = config.maxRequestBytes();
            c.http.prefer405over404 = true;
            c.jsonMapper(new JavalinJackson(new ObjectMapper(), false));
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
        this.routes = new ApiRoutes(app, new ApiKeys(config.adminKeys(), config.clientKeys()));
        Requests requests = new Requests(config.maxRequestBytes());
        FaceHandlers faces = new FaceHandlers(requests, pipeline, gallery, config.storeFaces(),
                config.maxImagesPerRequest());
        new InfoHandlers(model.manifest().networkName(), metrics).register(routes);
        new RecognitionHandlers(requests, pipeline, gallery, threshold, model.manifest().fingerprint(),
                config.defaultTopK()).register(routes);
        new SubjectHandlers(requests, gallery, faces).register(routes);
        faces.register(routes);
        ErrorAnswers.register(app, routes, config.maxRequestBytes());
    }

    /**
     * Starts the service on {@code config.host():config.port()} with the gallery in {@code galleryDir},
     * calling two faces the same person at {@code threshold}. The model stays the caller's; close the
     * service before the model.
     */
    public static FaceService start(EmbeddingModel model, Path galleryDir, ServiceConfig config, Threshold threshold,
            LandmarkAligner aligner, Optional<FaceDetector> detector) throws IOException {
        if (config.adminKeys().isEmpty() && config.clientKeys().isEmpty()) {
            throw new IllegalArgumentException("no API keys: set " + ServiceConfig.ADMIN_KEYS_ENV + " (and "
                    + ServiceConfig.CLIENT_KEYS_ENV + ") or adminKeys/clientKeys in the config file");
        }
        int dimension = FlipFusion.SUM.dimension(model.embeddingSize());
        Gallery gallery = Gallery.open(galleryDir, model.manifest().fingerprint(), dimension,
                config.galleryOptions());
        FaceService service;
        try {
            service = new FaceService(model, gallery, config, threshold, aligner, detector);
        } catch (IOException | RuntimeException e) {
            gallery.close();
            throw e;
        }
        service.app.start(config.host(), config.port());
        LOG.info("serving {} ({}) on http://{}:{}/ with a gallery of {} subjects, {} faces", model.manifest().networkName(),
                model.manifest().fingerprint(), config.host(), service.port(), gallery.subjectCount(),
                gallery.faceCount());
        LOG.info("threshold {} from {}", String.format(Locale.ROOT, "%.4f", threshold.value()), threshold.source());
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
        return routes.apiRoutes();
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
