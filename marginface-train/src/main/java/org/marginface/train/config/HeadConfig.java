package org.marginface.train.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.marginface.core.head.ClassSample;
import org.marginface.core.head.HeadParams;
import org.marginface.core.head.HeadSpec;
import org.marginface.core.head.HeadSpecs;
import org.marginface.core.model.ModelDirectory;

/**
 * The loss head, written flat in the config: {@code type} and that head's own parameters beside it
 * ({@code head: {type: amsoftmax, s: 30, m: 0.35}}). Parameters a head does not have are errors, since
 * {@link HeadSpecs#of} alone would quietly take its default for a misspelt one. {@code sampleRate}
 * (default 1), accepted beside any cosine head, is the share of classes each training step scores
 * ("partial FC", see {@link org.marginface.core.head.ClassifierHead#sampleClasses}); it is how the head
 * trains, not part of the model, so the manifest's head does not record it.
 */
public record HeadConfig(String type, Map<String, Object> params) {

    /** The key of the sample rate. */
    public static final String SAMPLE_RATE = "sampleRate";

    public HeadConfig {
        Checks.notNull("head.type", type);
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        HeadSpec spec = spec(type, params);
        if (sampleRate(params) < 1) {
            ClassSample.requireSamplable(spec);
        }
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static HeadConfig fromYaml(Map<String, Object> fields) {
        Map<String, Object> params = new LinkedHashMap<>(fields);
        Object type = params.remove("type");
        if (type != null && !(type instanceof String)) {
            throw new IllegalArgumentException("head.type: expected a name, got '" + type + "'");
        }
        return new HeadConfig((String) type, params);
    }

    @JsonValue
    Map<String, Object> toYaml() {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("type", type);
        all.putAll(params);
        return all;
    }

    public HeadSpec spec() {
        return spec(type, params);
    }

    /** The share of classes each training step scores, in (0, 1]. */
    public double sampleRate() {
        return sampleRate(params);
    }

    private static double sampleRate(Map<String, Object> params) {
        return ClassSample.requireRate(new HeadParams(params).number(SAMPLE_RATE, 1));
    }

    private static HeadSpec spec(String type, Map<String, Object> all) {
        Map<String, Object> params = new LinkedHashMap<>(all);
        params.remove(SAMPLE_RATE);
        HeadSpec spec = HeadSpecs.of(type, params);
        Set<String> known = new TreeSet<>();
        JsonNode fields = ModelDirectory.JSON.valueToTree(spec);
        fields.fieldNames().forEachRemaining(known::add);
        known.remove("type");
        if (!spec.hasBias()) {
            known.add(SAMPLE_RATE);
        }
        for (String key : params.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException("head." + key + ": unknown parameter of head '" + type + "' (known: "
                        + (known.isEmpty() ? "none" : String.join(", ", known)) + ")");
            }
        }
        return spec;
    }
}
