package org.marginface.cli;

/** Parses HEIGHTxWIDTH, e.g. 112x96. */
final class InputSize {

    private InputSize() {}

    static int[] parse(String text) {
        String[] parts = text.toLowerCase(java.util.Locale.ROOT).split("x");
        try {
            if (parts.length == 2) {
                return new int[] {Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim())};
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException("--input: expected HEIGHTxWIDTH such as 112x96, got '" + text + "'");
    }
}
