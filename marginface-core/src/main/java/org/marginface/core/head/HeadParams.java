package org.marginface.core.head;

import java.util.Map;

/**
 * A head's parameters by name, as a config or the command line gives them, read with the head's own
 * defaults. Every {@link HeadSpec} record has a constructor taking one.
 */
public record HeadParams(Map<String, Object> values) {

    public HeadParams {
        // a config may hold an empty (null) value, read as absent
        values = java.util.Collections.unmodifiableMap(new java.util.HashMap<>(values));
    }

    /** The number under {@code key}, or {@code fallback} when it is absent. */
    public double number(String key, double fallback) {
        Object v = values.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(v.toString());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("head." + key + ": expected a number, got '" + v + "'", e);
        }
    }

    /** The whole number under {@code key}, or {@code fallback} when it is absent. */
    public long integer(String key, long fallback) {
        double v = number(key, fallback);
        if (v != Math.rint(v) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("head." + key + ": expected a whole number, got " + values.get(key));
        }
        return (long) v;
    }

    /** The flag under {@code key}, or {@code fallback} when it is absent. */
    public boolean flag(String key, boolean fallback) {
        Object v = values.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        String s = v.toString();
        if (s.equals("true") || s.equals("false")) {
            return Boolean.parseBoolean(s);
        }
        throw new IllegalArgumentException("head." + key + ": expected true or false, got '" + v + "'");
    }
}
