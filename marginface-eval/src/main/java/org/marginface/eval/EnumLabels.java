package org.marginface.eval;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The lower-case names under which the evaluation's choices appear on the command line and in JSON. */
final class EnumLabels {

    private EnumLabels() {}

    static String label(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    static <E extends Enum<E>> E parse(Class<E> type, String label) {
        for (E constant : type.getEnumConstants()) {
            if (label(constant).equalsIgnoreCase(label.trim())) {
                return constant;
            }
        }
        throw new IllegalArgumentException("unknown " + type.getSimpleName().toLowerCase(Locale.ROOT) + " '" + label
                + "', expected one of " + Arrays.stream(type.getEnumConstants()).map(EnumLabels::label)
                        .collect(Collectors.joining(", ")));
    }
}
