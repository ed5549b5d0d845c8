package org.marginface.core.export;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import org.marginface.core.align.AlignmentTemplate;
import org.marginface.core.align.Point;
import org.marginface.core.backbone.BackboneSpec;
import org.marginface.core.image.FaceImages;

/**
 * How to feed an exported graph, as string metadata in the ONNX file ({@code metadata_props}): what
 * `import onnx` reads back so that an exported model needs no options.
 *
 * @param input the input size, {@code HEIGHTxWIDTH}, e.g. {@code 112x96}
 * @param template the five alignment points in input pixel coordinates, {@code X1,Y1,...,X5,Y5}
 * @param normalize per-channel mean and standard deviation in pixel units, {@code M,M,M/S,S,S}
 * @param channels the channel order of the input, {@code rgb}
 * @param backbone the backbone's name, e.g. {@code sphereface20}
 */
public record OnnxMetadata(String input, String template, String normalize, String channels, String backbone) {

    public static final String INPUT = "marginface.input";
    public static final String TEMPLATE = "marginface.template";
    public static final String NORMALIZE = "marginface.normalize";
    public static final String CHANNELS = "marginface.channels";
    public static final String BACKBONE = "marginface.backbone";

    /**
     * The description of a marginface backbone: its input size, the alignment template of that size,
     * and the paper's scaling (x - 127.5) / 128 of RGB pixels that {@link FaceImages#toInput} applies.
     *
     * @throws IllegalArgumentException when no alignment template has the backbone's input size
     */
    public static OnnxMetadata of(BackboneSpec spec) {
        String size = spec.inputHeight() + "x" + spec.inputWidth();
        AlignmentTemplate template;
        try {
            template = AlignmentTemplate.fromLabel(size);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("backbone input " + size + " has no alignment template to record in the"
                    + " graph (" + e.getMessage() + ")");
        }
        StringJoiner points = new StringJoiner(",");
        for (Point p : template.landmarks().points()) {
            points.add(number(p.x())).add(number(p.y()));
        }
        String mean = number(FaceImages.MEAN);
        String std = number(1.0 / FaceImages.SCALE);
        return new OnnxMetadata(size, points.toString(), String.join(",", mean, mean, mean) + "/"
                + String.join(",", std, std, std), "rgb", spec.name());
    }

    /** The entries in the order they are written. */
    public Map<String, String> entries() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(INPUT, input);
        m.put(TEMPLATE, template);
        m.put(NORMALIZE, normalize);
        m.put(CHANNELS, channels);
        m.put(BACKBONE, backbone);
        return m;
    }

    /** Plain decimal without float noise: template sums such as 30.2946 + 8 print as 38.2946. */
    private static String number(double value) {
        return BigDecimal.valueOf(value).setScale(6, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
    }
}
