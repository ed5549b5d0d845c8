package org.marginface.train.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What differs between the config a checkpoint was trained with and the run's {@code config.yaml} at
 * resume, and which of those differences a resumed run may follow.
 *
 * <p>A resumed run must be the run that was started, so any change that alters what the model sees
 * or how it is updated is refused. The keys in {@link #CHANGEABLE} only say where and how often
 * things are written, how fast data is decoded, or when training ends (for the multistep schedule,
 * whose learning rate does not depend on the end), so they may change; the README lists them.
 */
final class ConfigChanges {

    /** Keys a resumed run may follow (further conditions on {@code schedule.iterations}, see {@link #refusal}). */
    static final Set<String> CHANGEABLE = Set.of("name", "schedule.iterations", "data.workers", "data.prefetch",
            "checkpoint.every", "checkpoint.keep", "evaluation.every", "evaluation.lfw", "evaluation.bins");

    /** One key whose value differs ({@code null} where a side does not have the key). */
    record Change(String key, JsonNode before, JsonNode after) {
        @Override
        public String toString() {
            return key + " " + text(before) + " -> " + text(after);
        }

        private static String text(JsonNode value) {
            return value == null ? "(absent)" : value.isTextual() ? "'" + value.asText() + "'" : value.toString();
        }
    }

    private ConfigChanges() {}

    /** Every leaf key (dotted path; lists are leaves) whose value differs, in key order. */
    static List<Change> between(JsonNode before, JsonNode after) {
        Map<String, JsonNode> a = new TreeMap<>();
        Map<String, JsonNode> b = new TreeMap<>();
        flatten(before, "", a);
        flatten(after, "", b);
        TreeMap<String, Change> changes = new TreeMap<>();
        for (var e : a.entrySet()) {
            JsonNode other = b.get(e.getKey());
            if (!sameValue(e.getValue(), other)) {
                changes.put(e.getKey(), new Change(e.getKey(), e.getValue(), other));
            }
        }
        for (var e : b.entrySet()) {
            if (!a.containsKey(e.getKey())) {
                changes.put(e.getKey(), new Change(e.getKey(), null, e.getValue()));
            }
        }
        return new ArrayList<>(changes.values());
    }

    /**
     * Why a resume from a checkpoint of iteration {@code at} may not follow these changes, or null if it may.
     *
     * @param scheduleType the schedule type both configs share (a change of it is refused on its own)
     */
    static String refusal(List<Change> changes, long at, String scheduleType) {
        List<String> refused = new ArrayList<>();
        for (Change c : changes) {
            if (!CHANGEABLE.contains(c.key()) || c.before() == null || c.after() == null) {
                refused.add(c.toString());
            } else if (c.key().equals("schedule.iterations")) {
                if (!scheduleType.equals("multistep")) {
                    refused.add(c + " (the " + scheduleType + " schedule's learning rate depends on schedule.iterations;"
                            + " only a multistep run may be extended)");
                } else if (c.after().asLong() < at) {
                    refused.add(c + " (the checkpoint is already at iteration " + at + ")");
                }
            }
        }
        return refused.isEmpty() ? null : String.join("; ", refused);
    }

    private static boolean sameValue(JsonNode x, JsonNode y) {
        if (x == null || y == null) {
            return x == y;
        }
        if (x.isNumber() && y.isNumber()) {
            // 0 and 0.0 are one value: YAML keeps what was typed, the loader binds both to the same number
            return x.asDouble() == y.asDouble() || x.equals(y);
        }
        return x.equals(y);
    }

    private static void flatten(JsonNode node, String prefix, Map<String, JsonNode> out) {
        if (node == null) {
            return;
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(e.getValue(), prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), out);
            }
        } else {
            out.put(prefix, node);
        }
    }
}
