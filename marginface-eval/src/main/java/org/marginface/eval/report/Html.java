package org.marginface.eval.report;

import java.util.Base64;
import java.util.Locale;

/** HTML text building: escaping, numbers, embedded images and the page frame. */
final class Html {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    /** Inline so the page is one self-contained file; no web fonts, no scripts. */
    private static final String STYLE = """
            body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 24px auto;
                   max-width: 1240px; color: #1b1f24; line-height: 1.4; padding: 0 16px; }
            h1 { font-size: 1.6em; margin-bottom: 0.2em; }
            h2 { font-size: 1.25em; border-bottom: 1px solid #d0d7de; padding-bottom: 4px; margin-top: 1.6em; }
            h3 { font-size: 1.05em; }
            .meta { color: #57606a; font-size: 0.9em; }
            table { border-collapse: collapse; margin: 8px 0 16px; font-size: 0.92em; }
            th, td { border: 1px solid #d0d7de; padding: 4px 10px; text-align: right; }
            th { background: #f6f8fa; }
            td.text, th.text { text-align: left; }
            pre { background: #f6f8fa; border: 1px solid #d0d7de; padding: 10px; overflow-x: auto;
                  font-size: 0.85em; max-height: 420px; }
            .plots { display: flex; flex-wrap: wrap; gap: 12px; }
            .plots img { width: 600px; max-width: 100%; border: 1px solid #d0d7de; }
            .missing { background: #fff8c5; border: 1px solid #d4a72c; padding: 8px 12px; border-radius: 4px; }
            code { background: #eff1f3; padding: 1px 4px; border-radius: 3px; }
            """;

    private Html() {}

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A fraction as a percentage with two decimals; "–" for a value that is not there. */
    static String percent(double fraction) {
        return Double.isFinite(fraction) ? String.format(Locale.ROOT, "%.2f%%", 100 * fraction) : "–";
    }

    static String number(double value, int decimals) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%." + decimals + "f", value) : "–";
    }

    /**
     * Compact, for learning rates and levels: at most six significant digits, no trailing zeros (0.02,
     * 0.00002), so that a rate computed as 0.02 x 0.1 x 0.1 x 0.1 does not show its rounding error.
     */
    static String compact(double value) {
        return Double.isFinite(value)
                ? new java.math.BigDecimal(value).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString()
                : "–";
    }

    static boolean isPng(byte[] bytes) {
        if (bytes.length < PNG_SIGNATURE.length) {
            return false;
        }
        for (int i = 0; i < PNG_SIGNATURE.length; i++) {
            if (bytes[i] != PNG_SIGNATURE[i]) {
                return false;
            }
        }
        return true;
    }

    static String image(byte[] png, String alt) {
        return "<img alt=\"" + escape(alt) + "\" src=\"data:image/png;base64,"
                + Base64.getEncoder().encodeToString(png) + "\">";
    }

    static String missing(String htmlMessage) {
        return "<p class=\"missing\">" + htmlMessage + "</p>\n";
    }

    static String page(String title, String body) {
        // the empty data: icon keeps the browser from asking for /favicon.ico
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<link rel=\"icon\" href=\"data:,\">\n"
                + "<title>" + escape(title) + "</title>\n<style>\n" + STYLE + "</style>\n</head>\n<body>\n"
                + body + "</body>\n</html>\n";
    }
}
