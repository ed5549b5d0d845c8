package org.marginface.core.export;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.List;
import org.marginface.core.model.ModelInput;

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

    /** The description of a model that takes {@code input}, as its manifest records it. */
    public static OnnxMetadata of(ModelInput input, String backbone) {
        StringJoiner points = new StringJoiner(",");
        for (double v : input.template()) {
            points.add(number(v));
        }
        return new OnnxMetadata(input.height() + "x" + input.width(), points.toString(),
                numbers(input.mean()) + "/" + numbers(input.std()), input.channels().toString(), backbone);
    }

    private static String numbers(List<Double> values) {
        StringJoiner joined = new StringJoiner(",");
        for (double v : values) {
            joined.add(number(v));
        }
        return joined.toString();
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
