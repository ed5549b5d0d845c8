package org.marginface.train.config;

/** Validation helpers whose messages name the config key at fault. */
final class Checks {

    private Checks() {}

    static void notNull(String key, Object value) {
        if (value == null) {
            throw new IllegalArgumentException(key + ": missing");
        }
    }

    static void positive(String key, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(key + ": must be a positive number, got " + value);
        }
    }

    /** For whole-number keys: the message shows the value as it was written ({@code got 0}, not {@code got 0.0}). */
    static void positive(String key, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(key + ": must be a positive whole number, got " + value);
        }
    }

    static void nonNegative(String key, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(key + ": must be zero or a positive whole number, got " + value);
        }
    }

    static void nonNegative(String key, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(key + ": must be zero or positive, got " + value);
        }
    }

    static void fraction(String key, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(key + ": must be between 0 and 1, got " + value);
        }
    }
}
