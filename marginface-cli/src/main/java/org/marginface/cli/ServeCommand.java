package org.marginface.cli;

import org.marginface.core.embed.EmbeddingModel;
import org.marginface.core.embed.InferenceRuntime;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.marginface.serve.FaceDetector;
import org.marginface.serve.FaceService;
import org.marginface.serve.MtcnnFaceDetector;
import org.marginface.serve.ServiceConfig;
import org.marginface.serve.TemplateAligner;
import org.marginface.serve.Threshold;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run the face service: the HTTP API under /api/v1 and the web page at /, with an embedded"
                + " gallery in DIR. Keys come from the config file or MARGINFACE_ADMIN_KEYS / MARGINFACE_CLIENT_KEYS.",
                "Raw photos sent without landmarks are detected (MTCNN, the main face; --models, --min-face as for"
                + " detect); without the detector's weights the service still starts and such photos get 422.",
                "Stops gracefully on SIGTERM (in-flight requests finish, the gallery is committed)."})
final class ServeCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    @Option(names = "--model", required = true, description = "model directory")
    Path model;

    @CommandLine.Mixin
    RuntimeOption runtime;

    @Option(names = "--gallery", required = true, description = "gallery directory (created when missing)")
    Path gallery;

    @Option(names = "--port", description = "TCP port (default: the config's, else 8080; 0 picks a free one)")
    Integer port;

    @Option(names = "--host", description = "address to bind (default: the config's, else 127.0.0.1)")
    String host;

    @Option(names = "--config", description = "JSON configuration file (see README: The face service)")
    Path config;

    @CommandLine.Mixin
    DetectorOptions detector;

    @Option(names = "--detectors", paramLabel = "N", description = "face detectors working at once for raw photos"
            + " sent without landmarks (default: the number of cores)")
    Integer detectors;

    @Override
    public Integer call() throws Exception {
        ServiceConfig base = ServiceConfig.load(config).withKeysFrom(System.getenv());
        ServiceConfig effective = base.withHostAndPort(host != null ? host : base.host(),
                port != null ? port : base.port());
        EmbeddingModel faceModel = runtime.load(model, InferenceRuntime.FOR_SINGLE_FACES);
        LOG.info("model {} ({}) on {}", model, faceModel.manifest().networkName(), faceModel.runtime().label());
        Threshold threshold;
        try {
            threshold = Threshold.resolve(effective.threshold(), Threshold.evaluationOf(model),
                    faceModel.manifest().fingerprint());
        } catch (java.io.IOException | RuntimeException e) {
            faceModel.close();
            throw e;
        }
        Optional<MtcnnFaceDetector> mtcnn = loadDetector();
        FaceService service;
        try {
            service = FaceService.start(faceModel, gallery, effective, threshold, new TemplateAligner(),
                    mtcnn.map(FaceDetector.class::cast));
        } catch (RuntimeException | java.io.IOException e) {
            mtcnn.ifPresent(MtcnnFaceDetector::close);
            faceModel.close();
            throw e;
        }
        System.out.println("listening on http://" + effective.host() + ":" + service.port() + "/");
        System.out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            mtcnn.ifPresent(MtcnnFaceDetector::close);
            faceModel.close();
        }, "marginface-shutdown"));
        // the shutdown hook ends the process; returning would call System.exit from main while it runs
        new CountDownLatch(1).await();
        return 0;
    }

    /**
     * The detector for raw photos, or none when its weights cannot be loaded: the service is still
     * useful with crops and landmarks, so that is a warning, and such requests get a 422 saying why.
     */
    Optional<MtcnnFaceDetector> loadDetector() {
        int n = detectors != null ? detectors : Runtime.getRuntime().availableProcessors();
        try {
            MtcnnFaceDetector loaded = MtcnnFaceDetector.load(detector.directory(), detector.settings(), n);
            LOG.info("face detection on: MTCNN from {}, {} detector(s)", detector.directory(), n);
            return Optional.of(loaded);
        } catch (java.io.IOException | RuntimeException e) {
            LOG.warn("face detection unavailable, raw photos need landmarks: {}", e.getMessage());
            return Optional.empty();
        }
    }
}
