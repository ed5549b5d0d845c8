package org.marginface.core.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.marginface.core.align.AlignmentTemplate;
import org.marginface.core.align.FaceLandmarks;
import org.marginface.core.backbone.BackboneSpec;
import org.marginface.core.image.FaceImages;

/**
 * What a model takes: the aligned crop's size and template, and how pixels become network input:
 * each colour's value v (0-255) becomes {@code (v − mean) / std} with that colour's mean and standard
 * deviation, and the three planes are stacked in {@code channels} order. Training
 * ({@code planes(byte[], ...)}) and the embedders of both runtimes ({@link #planes(BufferedImage)} on
 * libtorch, {@code planes(byte[], ...)} with its mirror on ONNX Runtime) turn images into input
 * through it; the face detector has its own input scaling.
 *
 * @param height crop height in pixels
 * @param width crop width in pixels
 * @param template the five template points {@code x1, y1, ..., x5, y5} in crop pixel coordinates
 * @param mean per-colour mean in pixel units, in the order R, G, B whatever {@code channels} is
 *     (one value is taken for all three)
 * @param std per-colour standard deviation in pixel units, R, G, B (one value is taken for all three)
 * @param channels the order of the input planes
 */
public record ModelInput(int height, int width, List<Double> template, List<Double> mean, List<Double> std,
        Channels channels) {

    /** The order of the three input planes. */
    public enum Channels {
        @JsonProperty("rgb") RGB,
        @JsonProperty("bgr") BGR;

        public static Channels parse(String text) {
            return switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "rgb" -> RGB;
                case "bgr" -> BGR;
                default -> throw new IllegalArgumentException("channels: expected rgb or bgr, got '" + text + "'");
            };
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The paper's scaling, (x − 127.5) / 128, marginface's own backbones' normalisation. */
    public static final List<Double> PAPER_MEAN = List.of(127.5, 127.5, 127.5);
    public static final List<Double> PAPER_STD = List.of(128.0, 128.0, 128.0);
    /** ImageNet's mean and standard deviation in pixel units (0.485, 0.456, 0.406 / 0.229, 0.224, 0.225 times 255). */
    public static final List<Double> IMAGENET_MEAN = List.of(123.675, 116.28, 103.53);
    public static final List<Double> IMAGENET_STD = List.of(58.395, 57.12, 57.375);

    public ModelInput {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("input: size must be positive, got " + height + "x" + width);
        }
        if (template == null || template.size() != 2 * FaceLandmarks.COUNT) {
            throw new IllegalArgumentException("input.template: expected 10 numbers (x1,y1,...,x5,y5), got "
                    + (template == null ? "none" : template.size()));
        }
        mean = three("input.mean", mean);
        std = three("input.std", std);
        for (double s : std) {
            if (!(s > 0) || Double.isInfinite(s)) {
                throw new IllegalArgumentException("input.std: every value must be positive and finite, got " + std);
            }
        }
        for (double m : mean) {
            if (!Double.isFinite(m)) {
                throw new IllegalArgumentException("input.mean: every value must be finite, got " + mean);
            }
        }
        template = List.copyOf(template);
        if (channels == null) {
            channels = Channels.RGB;
        }
    }

    private static List<Double> three(String field, List<Double> values) {
        if (values == null || (values.size() != 1 && values.size() != 3)) {
            throw new IllegalArgumentException(field + ": expected one value or three (R, G, B), got "
                    + (values == null ? "none" : values));
        }
        return values.size() == 1 ? List.of(values.get(0), values.get(0), values.get(0)) : List.copyOf(values);
    }

    /** The input of a model: the template's size and points, normalisation and channel order. */
    public static ModelInput of(AlignmentTemplate template, List<Double> mean, List<Double> std, Channels channels) {
        return new ModelInput(template.height(), template.width(), flatten(template.landmarks()), mean, std, channels);
    }

    /**
     * What a marginface backbone takes, and what manifests that predate this field are read as: the
     * named template of its input size (for a size without one, the 112x96 template's points scaled to
     * the size), (x − 127.5) / 128 and RGB.
     */
    public static ModelInput defaultFor(BackboneSpec spec) {
        int h = spec.inputHeight();
        int w = spec.inputWidth();
        AlignmentTemplate template = AlignmentTemplate.values().stream()
                .filter(t -> t.height() == h && t.width() == w).findFirst()
                // a size without a named template (small test networks): the paper's points scaled to it
                .orElseGet(() -> {
                    AlignmentTemplate paper = AlignmentTemplate.SPHEREFACE_112X96;
                    double[] xy = new double[2 * FaceLandmarks.COUNT];
                    var points = paper.landmarks().points();
                    for (int i = 0; i < points.size(); i++) {
                        xy[2 * i] = points.get(i).x() * w / paper.width();
                        xy[2 * i + 1] = points.get(i).y() * h / paper.height();
                    }
                    return AlignmentTemplate.of(h, w, FaceLandmarks.of(xy));
                });
        return of(template, PAPER_MEAN, PAPER_STD, Channels.RGB);
    }

    /** The alignment template: where the landmarks go in this model's crop. */
    @JsonIgnore
    public AlignmentTemplate alignment() {
        double[] xy = new double[template.size()];
        for (int i = 0; i < xy.length; i++) {
            xy[i] = template.get(i);
        }
        return AlignmentTemplate.of(height, width, FaceLandmarks.of(xy));
    }

    /**
     * A short description, e.g. {@code 112x112, template 112x112, (x - 127.5) / 128, rgb} (a value per
     * colour only when the three differ: {@code (x - 123.675,116.28,103.53) / 58.395,57.12,57.375}).
     */
    public String describe() {
        return String.format(Locale.ROOT, "%dx%d, template %s, (x - %s) / %s, %s", height, width, alignment().label(),
                join(mean), join(std), channels);
    }

    private static String join(List<Double> values) {
        if (values.get(0).equals(values.get(1)) && values.get(1).equals(values.get(2))) {
            return trim(values.get(0));
        }
        return trim(values.get(0)) + "," + trim(values.get(1)) + "," + trim(values.get(2));
    }

    private static String trim(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v) : Double.toString(v);
    }

    /**
     * Columns added on each side to an aligned crop of {@code cropHeight x cropWidth} so that it
     * becomes this model's input: 0 for a crop of the input size, 8 for a 112x96 crop given to a model
     * whose template is the 112x96 one shifted by 8 columns (the square 112x112 one). -1 otherwise.
     */
    public int padding(int cropHeight, int cropWidth) {
        if (cropHeight == height && cropWidth == width) {
            return 0;
        }
        for (AlignmentTemplate named : AlignmentTemplate.values()) {
            if (named.height() == cropHeight && named.width() == cropWidth) {
                return alignment().paddingOf(named);
            }
        }
        return -1;
    }

    /**
     * The aligned crop as this model's input: as it is when it has the input size, padded with black
     * columns when it is a crop of a narrower template this one extends ({@link #padding}).
     *
     * @throws IOException naming {@code source} when the crop fits neither way
     */
    public BufferedImage fit(BufferedImage crop, Object source) throws IOException {
        int pad = padding(crop.getHeight(), crop.getWidth());
        if (pad == 0) {
            return crop;
        }
        if (pad < 0) {
            throw new IOException(source + ": image is " + crop.getWidth() + "x" + crop.getHeight()
                    + " (width x height) but the model takes aligned " + width + "x" + height
                    + " faces; align it first (marginface align)");
        }
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        var g = out.createGraphics();
        try {
            g.drawImage(crop, pad, 0, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** The image (of the input size) as 3 x H x W floats, normalised and in channel order. */
    public float[] planes(BufferedImage image) {
        float[] out = new float[3 * height * width];
        planes(rgb(image), false, out, 0);
        return out;
    }

    /**
     * The image as the interleaved RGB bytes {@link #planes(byte[], boolean, float[], int)} takes.
     *
     * @throws IllegalArgumentException when the image does not have the input size
     */
    public byte[] rgb(BufferedImage image) {
        if (image.getHeight() != height || image.getWidth() != width) {
            throw new IllegalArgumentException("image is " + image.getWidth() + "x" + image.getHeight()
                    + " (width x height) but the model takes aligned " + width + "x" + height + " faces");
        }
        return FaceImages.rgbBytes(image);
    }

    /**
     * Interleaved RGB bytes of an H x W image (the input size) as 3 x H x W floats written into
     * {@code out} at {@code offset}, normalised and in channel order, optionally mirrored left-right.
     */
    public void planes(byte[] rgb, boolean mirror, float[] out, int offset) {
        float[] m = floats(mean);
        float[] s = floats(std);
        int plane = height * width;
        int r = offset + (channels == Channels.RGB ? 0 : 2 * plane);
        int g = offset + plane;
        int b = offset + (channels == Channels.RGB ? 2 * plane : 0);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int src = 3 * (y * width + (mirror ? width - 1 - x : x));
                int dst = y * width + x;
                out[r + dst] = ((rgb[src] & 0xFF) - m[0]) / s[0];
                out[g + dst] = ((rgb[src + 1] & 0xFF) - m[1]) / s[1];
                out[b + dst] = ((rgb[src + 2] & 0xFF) - m[2]) / s[2];
            }
        }
    }

    private static float[] floats(List<Double> values) {
        return new float[] {values.get(0).floatValue(), values.get(1).floatValue(), values.get(2).floatValue()};
    }

    private static List<Double> flatten(FaceLandmarks points) {
        List<Double> xy = new java.util.ArrayList<>();
        for (var p : points.points()) {
            xy.add(p.x());
            xy.add(p.y());
        }
        return List.copyOf(xy);
    }
}
