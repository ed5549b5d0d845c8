package org.marginface.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.marginface.core.model.FaceModel;
import org.marginface.core.model.ModelDirectory;
import org.marginface.serve.FaceService;
import org.marginface.serve.TemplateAligner;
import org.marginface.serve.ServiceConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run the face service: the HTTP API under /api/v1 and the web page at /, with an embedded"
                + " gallery in DIR. Keys come from the config file or MARGINFACE_ADMIN_KEYS / MARGINFACE_CLIENT_KEYS.",
                "Stops gracefully on SIGTERM (in-flight requests finish, the gallery is committed)."})
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "model directory")
    Path model;

    @Option(names = "--gallery", required = true, description = "gallery directory (created when missing)")
    Path gallery;

    @Option(names = "--port", description = "TCP port (default: the config's, else 8080; 0 picks a free one)")
    Integer port;

    @Option(names = "--host", description = "address to bind (default: the config's, else 127.0.0.1)")
    String host;

    @Option(names = "--config", description = "JSON configuration file (see README: The face service)")
    Path config;

    @Override
    public Integer call() throws Exception {
        ServiceConfig base = ServiceConfig.load(config).withKeysFrom(System.getenv());
        ServiceConfig effective = base.withHostAndPort(host != null ? host : base.host(),
                port != null ? port : base.port());
        FaceModel faceModel = ModelDirectory.load(model);
        FaceService service;
        try {
            service = FaceService.start(faceModel, gallery, effective, new TemplateAligner(), Optional.empty());
        } catch (RuntimeException | java.io.IOException e) {
            faceModel.close();
            throw e;
        }
        System.out.println("listening on http://" + effective.host() + ":" + service.port() + "/");
        System.out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            faceModel.close();
        }, "marginface-shutdown"));
        // the shutdown hook ends the process; returning would call System.exit from main while it runs
        new CountDownLatch(1).await();
        return 0;
    }
}
