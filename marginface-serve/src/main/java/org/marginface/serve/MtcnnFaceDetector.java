package org.marginface.serve;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.marginface.core.detect.DetectedFace;
import org.marginface.core.detect.MtcnnDetector;
import org.marginface.core.detect.MtcnnModels;

/**
 * The service's face detector: MTCNN on the authors' weights, the same cascade as
 * {@code marginface detect}. A detector is not
 * thread-safe, so requests borrow one of a fixed few; a request waits while all are busy, which also
 * keeps detection (a few hundred ms of CPU per photo) from crowding out the model.
 */
public final class MtcnnFaceDetector implements FaceDetector, AutoCloseable {

    private final List<MtcnnDetector> all;
    private final BlockingQueue<MtcnnDetector> idle;

    private MtcnnFaceDetector(List<MtcnnDetector> all) {
        this.all = List.copyOf(all);
        this.idle = new ArrayBlockingQueue<>(all.size(), false, all);
    }

    /**
     * Loads and checks the weights in {@code modelsDir} once and builds {@code instances} detectors.
     *
     * @throws IOException when the weights are missing or not the authors' (the message says where to get them)
     */
    public static MtcnnFaceDetector load(Path modelsDir, MtcnnDetector.Settings settings, int instances)
            throws IOException {
        if (instances < 1) {
            throw new IllegalArgumentException("at least one detector, got " + instances);
        }
        MtcnnModels models = MtcnnModels.load(modelsDir);
        List<MtcnnDetector> detectors = new ArrayList<>();
        try {
            for (int i = 0; i < instances; i++) {
                detectors.add(new MtcnnDetector(models, settings));
            }
        } catch (IOException | RuntimeException e) {
            detectors.forEach(MtcnnDetector::close);
            throw e;
        }
        return new MtcnnFaceDetector(detectors);
    }

    @Override
    public List<DetectedFace> faces(BufferedImage photo) {
        MtcnnDetector detector;
        try {
            detector = idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a face detector", e);
        }
        try {
            return detector.detect(photo);
        } finally {
            idle.add(detector);
        }
    }

    /** Closes the detectors; call it after the service has stopped taking requests. */
    @Override
    public void close() {
        all.forEach(MtcnnDetector::close);
    }
}
