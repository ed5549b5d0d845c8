package org.marginface.train.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.marginface.core.head.HeadSpec;
import org.marginface.core.head.HeadSpecs;
import org.marginface.core.model.ModelDirectory;

/**
 * The loss head, written flat in the config: {@code type} and that head's own parameters beside it
 * ({@code head: {type: amsoftmax, s: 30, m: 0.35}}). Parameters a head does not have are errors, since
 * {@link HeadSpecs#of} alone would quietly take its default for a misspelt one.
 */
public record HeadConfig(String type, Map<String, Object> params) {

    public HeadConfig {
        Checks.notNull("head.type", type);
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        spec(type, params);
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

    private static HeadSpec spec(String type, Map<String, Object> params) {
        HeadSpec spec = HeadSpecs.of(type, params);
        Set<String> known = new TreeSet<>();
        JsonNode fields = ModelDirectory.JSON.valueToTree(spec);
        fields.fieldNames().forEachRemaining(known::add);
        known.remove("type");
        for (String key : params.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException("head." + key + ": unknown parameter of head '" + type + "' (known: "
                        + (known.isEmpty() ? "none" : String.join(", ", known)) + ")");
            }
        }
        return spec;
    }
}
