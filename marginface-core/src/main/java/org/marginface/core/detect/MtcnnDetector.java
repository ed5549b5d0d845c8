package org.marginface.core.detect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.marginface.core.align.FaceLandmarks;
import org.marginface.core.align.InvalidLandmarksException;
import org.marginface.core.detect.Candidates.Candidate;
import org.marginface.core.detect.Candidates.Overlap;
import org.marginface.core.detect.Candidates.Regression;
import org.marginface.core.engine.Engines;

/**
 * The MTCNN cascade of Zhang et al. (2016) on the authors' weights: P-Net over an image pyramid,
 * R-Net and O-Net over batches of square crops, with the authors' thresholds, non-maximum
 * suppressions, box regressions and squaring. Boxes and landmarks come out in the photo's pixel
 * coordinates (0-based pixel centres). Not thread-safe; use one per thread.
 */
public final class MtcnnDetector implements AutoCloseable {

    /**
     * The cascade's knobs. {@link #DEFAULT} is the authors' setting: faces from 20 px, pyramid
     * factor 0.709, stage thresholds 0.6, 0.7, 0.7.
     */
    public record Settings(int minFaceSize, double scaleFactor, double pnetThreshold, double rnetThreshold,
            double onetThreshold) {

        public static final Settings DEFAULT = new Settings(20, 0.709, 0.6, 0.7, 0.7);

        public Settings {
            if (minFaceSize < 12) {
                throw new IllegalArgumentException("minimum face size must be at least 12 px (P-Net's window), got "
                        + minFaceSize);
            }
            if (!(scaleFactor > 0.1 && scaleFactor < 1)) {
                throw new IllegalArgumentException("pyramid scale factor must be in (0.1, 1), got " + scaleFactor);
            }
            for (double t : new double[] {pnetThreshold, rnetThreshold, onetThreshold}) {
                if (!(t >= 0 && t <= 1)) {
                    throw new IllegalArgumentException("stage thresholds must be in [0, 1], got " + t);
                }
            }
        }

        public Settings withMinFaceSize(int size) {
            return new Settings(size, scaleFactor, pnetThreshold, rnetThreshold, onetThreshold);
        }
    }

    /**
     * How images and outputs relate to the networks' frame. The authors' weights expect the image
     * transposed and give regression and landmarks along the image's own x and y ({@link #AUTHORS});
     * the others exist so tests can show that they are wrong.
     */
    record Frame(boolean transposeInput, boolean swapOutputAxes) {
        static final Frame AUTHORS = new Frame(true, false);
    }

    private static final int PNET_STRIDE = 2;
    private static final int PNET_CELL = 12;
    /** Crops per R-Net/O-Net call: bounds the activations' memory on photos with thousands of candidates. */
    private static final int BATCH = 256;
    /**
     * Net-input pixels per P-Net call. Large photos are cut into strips of rows: whole-image calls on a
     * 1800x1800 level were several times slower per pixel (every activation a 100+ MB tensor).
     */
    private static final int STRIP_PIXELS = 1 << 17;
    private static final float MEAN = 127.5f;
    private static final float SCALE = 0.0078125f;

    private final Settings settings;
    private final Frame frame;
    private final NDManager manager;
    private final ParameterStore store;
    private final MtcnnNet pnet;
    private final MtcnnNet rnet;
    private final MtcnnNet onet;

    MtcnnDetector(MtcnnModels models, Settings settings, Frame frame) throws IOException {
        Engines.pytorch();
        this.settings = settings;
        this.frame = frame;
        this.manager = NDManager.newBaseManager();
        try {
            this.pnet = MtcnnNet.pnet().load(models.pnet(), manager);
            this.rnet = MtcnnNet.rnet().load(models.rnet(), manager);
            this.onet = MtcnnNet.onet().load(models.onet(), manager);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
        this.store = new ParameterStore(manager, false);
    }

    public MtcnnDetector(MtcnnModels models, Settings settings) throws IOException {
        this(models, settings, Frame.AUTHORS);
    }

    /** Loads and checks the weights in {@code modelsDir} (see {@link MtcnnModels#load}). */
    public static MtcnnDetector load(Path modelsDir, Settings settings) throws IOException {
        return new MtcnnDetector(MtcnnModels.load(modelsDir), settings);
    }

    public Settings settings() {
        return settings;
    }

    /** All faces in the photo, best score first. */
    public List<DetectedFace> detect(BufferedImage photo) {
        return detect(PlanarImage.of(photo));
    }

    List<DetectedFace> detect(PlanarImage image) {
        Engines.disableGradientsOnThisThread();
        try (NDManager scope = manager.newSubManager()) {
            List<Candidate> candidates = proposals(image, scope);
            if (candidates.isEmpty()) {
                return List.of();
            }
            candidates = refine(image, candidates, scope);
            if (candidates.isEmpty()) {
                return List.of();
            }
            return output(image, candidates, scope);
        }
    }

    /** The pyramid's scales: from 12/minFaceSize down by the factor while the short side stays ≥ 12. */
    static List<Double> scales(int width, int height, Settings settings) {
        List<Double> scales = new ArrayList<>();
        double m = (double) PNET_CELL / settings.minFaceSize();
        double side = Math.min(width, height) * m;
        double scale = m;
        while (side >= PNET_CELL) {
            scales.add(scale);
            scale *= settings.scaleFactor();
            side *= settings.scaleFactor();
        }
        return scales;
    }

    /** Stage 1: P-Net over the pyramid, NMS per scale and across scales, regression, squaring. */
    private List<Candidate> proposals(PlanarImage image, NDManager scope) {
        int w = image.width();
        int h = image.height();
        List<Candidate> all = new ArrayList<>();
        for (double scale : scales(w, h, settings)) {
            int hs = (int) Math.ceil(h * scale);
            int ws = (int) Math.ceil(w * scale);
            float[] input = netInput(image.resample(0, 0, w, h, ws, hs), ws, hs);
            // the net's rows run along the image's x when the input is transposed
            int rows = frame.transposeInput() ? ws : hs;
            int cols = frame.transposeInput() ? hs : ws;
            List<Candidate> found = new ArrayList<>();
            for (PnetStrip strip : PnetStrip.cover(rows, cols, STRIP_PIXELS)) {
                float[] part = strip.slice(input, cols);
                try (NDManager level = scope.newSubManager()) {
                    NDArray x = level.create(part, new Shape(1, 3, strip.inputRows(), cols));
                    NDList out = pnet.forward(store, new NDList(x), false);
                    float[] prob = out.get(0).toFloatArray();
                    float[] reg = out.get(1).toFloatArray();
                    long[] mapShape = out.get(0).getShape().getShape();
                    if (mapShape[2] != strip.outputRows()) {
                        throw new IllegalStateException("P-Net gave " + mapShape[2] + " rows for a strip of "
                                + strip.inputRows() + ", expected " + strip.outputRows());
                    }
                    int mapCols = (int) mapShape[3];
                    int plane = strip.outputRows() * mapCols;
                    for (int r = 0; r < strip.outputRows(); r++) {
                        for (int c = 0; c < mapCols; c++) {
                            int at = r * mapCols + c;
                            float score = prob[plane + at];
                            if (score < settings.pnetThreshold()) {
                                continue;
                            }
                            int row = strip.firstOutputRow() + r;
                            int cx = frame.transposeInput() ? row : c;
                            int cy = frame.transposeInput() ? c : row;
                            FaceBox box = new FaceBox(
                                    fix((PNET_STRIDE * cx + 1) / scale), fix((PNET_STRIDE * cy + 1) / scale),
                                    fix((PNET_STRIDE * cx + PNET_CELL) / scale), fix((PNET_STRIDE * cy + PNET_CELL) / scale));
                            found.add(new Candidate(box, score, regression(reg, at, plane)));
                        }
                    }
                }
            }
            all.addAll(Candidates.nms(found, 0.5, Overlap.UNION));
        }
        return Candidates.forNextStage(Candidates.nms(all, 0.7, Overlap.UNION), false);
    }

    /** Stage 2: R-Net on 24x24 crops; threshold, NMS, regression, squaring. */
    private List<Candidate> refine(PlanarImage image, List<Candidate> candidates, NDManager scope) {
        List<Candidate> usable = withArea(candidates);
        List<Candidate> passed = new ArrayList<>();
        forEachBatch(image, usable, rnet, scope, (batch, out) -> {
            float[] prob = out.get(0).toFloatArray();
            float[] reg = out.get(1).toFloatArray();
            for (int i = 0; i < batch.size(); i++) {
                double score = prob[2 * i + 1];
                if (score > settings.rnetThreshold()) {
                    passed.add(new Candidate(batch.get(i).box(), score, regression(reg, 4 * i, 1)));
                }
            }
        });
        return Candidates.forNextStage(Candidates.nms(passed, 0.7, Overlap.UNION), true);
    }

    /** Stage 3: O-Net on 48x48 crops; threshold, landmarks, regression, NMS by the smaller box. */
    private List<DetectedFace> output(PlanarImage image, List<Candidate> candidates, NDManager scope) {
        List<DetectedFace> faces = new ArrayList<>();
        forEachBatch(image, withArea(candidates), onet, scope, (batch, out) -> {
            float[] reg = out.get(1).toFloatArray();
            float[] marks = out.get(2).toFloatArray();
            float[] prob = out.get(0).toFloatArray();
            for (int i = 0; i < batch.size(); i++) {
                double score = prob[2 * i + 1];
                if (score <= settings.onetThreshold()) {
                    continue;
                }
                FaceBox box = batch.get(i).box();
                // landmarks are fractions of the crop box, five x then five y; -1 as in the authors' code
                double[] xy = new double[10];
                for (int k = 0; k < 5; k++) {
                    float u = marks[10 * i + (frame.swapOutputAxes() ? 5 + k : k)];
                    float v = marks[10 * i + (frame.swapOutputAxes() ? k : 5 + k)];
                    xy[2 * k] = box.width() * u + box.x1() - 1 - 1;
                    xy[2 * k + 1] = box.height() * v + box.y1() - 1 - 1;
                }
                FaceLandmarks landmarks;
                try {
                    landmarks = FaceLandmarks.of(xy);
                } catch (InvalidLandmarksException e) {
                    continue; // non-finite or collapsed points: no usable face
                }
                FaceBox regressed = Candidates.regress(box, regression(reg, 4 * i, 1), true);
                // the authors' boxes are 1-based; the output frame is 0-based (hence one more -1 above)
                faces.add(new DetectedFace(regressed.translate(-1, -1), score, landmarks));
            }
        });
        return Candidates.nms(faces, DetectedFace::box, DetectedFace::score, 0.7, Overlap.MIN);
    }

    private interface BatchResult {
        void accept(List<Candidate> batch, NDList out);
    }

    private void forEachBatch(PlanarImage image, List<Candidate> candidates, MtcnnNet net, NDManager scope,
            BatchResult result) {
        int size = net.inputSize();
        for (int from = 0; from < candidates.size(); from += BATCH) {
            List<Candidate> batch = candidates.subList(from, Math.min(candidates.size(), from + BATCH));
            float[] input = new float[batch.size() * 3 * size * size];
            for (int i = 0; i < batch.size(); i++) {
                FaceBox b = batch.get(i).box();
                // the box is 1-based and edge-inclusive; outside the photo the crop is zero (black)
                float[] crop = image.resample((int) b.x1() - 1, (int) b.y1() - 1, (int) b.width(), (int) b.height(),
                        size, size);
                System.arraycopy(netInput(crop, size, size), 0, input, i * 3 * size * size, 3 * size * size);
            }
            try (NDManager calls = scope.newSubManager()) {
                NDArray x = calls.create(input, inputShape(batch.size(), size, size));
                result.accept(batch, net.forward(store, new NDList(x), false));
            }
        }
    }

    /** Boxes that are at least a pixel wide and high (regression can collapse a box). */
    private static List<Candidate> withArea(List<Candidate> candidates) {
        return candidates.stream().filter(c -> c.box().width() >= 1 && c.box().height() >= 1).toList();
    }

    /** Regression k of a candidate at offset {@code at}, channels {@code stride} apart. */
    private Regression regression(float[] reg, int at, int stride) {
        double a = reg[at];
        double b = reg[at + stride];
        double c = reg[at + 2 * stride];
        double d = reg[at + 3 * stride];
        return frame.swapOutputAxes() ? new Regression(b, a, d, c) : new Regression(a, b, c, d);
    }

    private Shape inputShape(int n, int width, int height) {
        return frame.transposeInput() ? new Shape(n, 3, width, height) : new Shape(n, 3, height, width);
    }

    /** Planar RGB 0..255 → the networks' scaling, transposed when the frame says so. */
    private float[] netInput(float[] planes, int width, int height) {
        int plane = width * height;
        float[] out = new float[planes.length];
        for (int c = 0; c < 3; c++) {
            int base = c * plane;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int to = frame.transposeInput() ? x * height + y : y * width + x;
                    out[base + to] = (planes[base + y * width + x] - MEAN) * SCALE;
                }
            }
        }
        return out;
    }

    private static double fix(double v) {
        return v < 0 ? Math.ceil(v) : Math.floor(v);
    }

    @Override
    public void close() {
        manager.close();
    }
}
