package org.marginface.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.marginface.core.detect.MtcnnDetector;
import org.marginface.core.detect.MtcnnModels;
import picocli.CommandLine.Option;

/** The face detector's options, shared by the commands that detect. */
final class DetectorOptions {

    @Option(names = "--models", paramLabel = "DIR", description = "folder with det1-3.caffemodel (MTCNN), or a models"
            + " folder holding mtcnn/ (default: $MARGINFACE_MODELS, else ../shared/models/mtcnn)")
    Path models;

    @Option(names = "--min-face", paramLabel = "PX", defaultValue = "20",
            description = "smallest face side to detect, in pixels (default: ${DEFAULT-VALUE})")
    int minFace;

    MtcnnDetector load() throws IOException {
        return MtcnnDetector.load(directory(), settings());
    }

    /** The folder given, else the default one. */
    Path directory() {
        return models != null ? models : MtcnnModels.defaultDirectory();
    }

    MtcnnDetector.Settings settings() {
        return MtcnnDetector.Settings.DEFAULT.withMinFaceSize(minFace);
    }
}
