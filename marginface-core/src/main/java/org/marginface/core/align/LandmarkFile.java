package org.marginface.core.align;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A landmark file read leniently: the rows that give an image and five valid points, and, for
 * every other row, its line number and what is wrong with it, so that one bad row costs one image
 * and not the whole run.
 *
 * <p>One image a line, in either of two layouts:
 * <ul>
 *   <li>{@code path x1 y1 x2 y2 x3 y3 x4 y4 x5 y5}, separated by any whitespace;
 *   <li>{@code path label x1 y1 … x5 y5}: one text column after the path (the LFW landmark file's
 *       {@code dlib} / {@code mtcnn} source). It must not be a number, so that a row with eleven
 *       numbers is reported rather than read with its first number taken for a label.
 * </ul>
 * When a line holds a tab, the path is everything before the first tab (so it may contain spaces).
 * The points are in the order of {@link FaceLandmarks}: left eye, right eye, nose, left mouth corner,
 * right mouth corner. Paths are relative to the image directory and must stay inside it; a path
 * listed twice is reported at its second occurrence. Blank lines and lines starting with {@code #}
 * are skipped.
 *
 * @param rows the usable rows, in file order
 * @param problems the rows that were skipped, in file order
 */
public record LandmarkFile(List<Row> rows, List<Problem> problems) {

    /** How many numbers a row carries: x and y of the five points. */
    public static final int NUMBERS = 2 * FaceLandmarks.COUNT;

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    // plain decimals only: Double.parseDouble would also take hex floats and a trailing 'd' or 'f'
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    public LandmarkFile {
        rows = List.copyOf(rows);
        problems = List.copyOf(problems);
    }

    /**
     * A usable row.
     *
     * @param line 1-based line number in the file
     * @param path the image's path relative to the image directory, as written in the file
     * @param label the optional text column, or the empty string
     * @param landmarks the five points
     */
    public record Row(int line, String path, String label, FaceLandmarks landmarks) {}

    /**
     * A row that was skipped, or an image that failed later (see {@link #of(Row, String)}).
     *
     * @param line 1-based line number in the file
     * @param path the row's path, or the empty string when the line did not get that far
     * @param reason what is wrong, for a person to read
     */
    public record Problem(int line, String path, String reason) {

        /** A problem found after the row was read, e.g. a missing or undecodable image. */
        public static Problem of(Row row, String reason) {
            return new Problem(row.line(), row.path(), reason);
        }

        @Override
        public String toString() {
            return "line " + line + ": " + (path.isEmpty() ? "" : path + ": ") + reason;
        }
    }

    /** Reads a landmark file (UTF-8). */
    public static LandmarkFile read(Path file) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(reader);
        }
    }

    /** Parses landmark lines from a reader, which stays open. */
    public static LandmarkFile parse(BufferedReader reader) throws IOException {
        List<Row> rows = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        Map<String, Integer> firstLineOfPath = new HashMap<>();
        int lineNumber = 0;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            lineNumber++;
            if (lineNumber == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1); // a byte-order mark is not part of the first path
            }
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            try {
                Row row = parseRow(lineNumber, line);
                Integer earlier = firstLineOfPath.putIfAbsent(normalised(row.path()), lineNumber);
                if (earlier != null) {
                    problems.add(new Problem(lineNumber, row.path(), "listed again (first on line " + earlier + ")"));
                } else {
                    rows.add(row);
                }
            } catch (BadRow e) {
                problems.add(new Problem(lineNumber, e.path, e.getMessage()));
            }
        }
        return new LandmarkFile(rows, problems);
    }

    private static Row parseRow(int lineNumber, String line) {
        String path;
        String rest;
        int tab = line.indexOf('\t');
        if (tab >= 0) {
            path = line.substring(0, tab).strip();
            rest = line.substring(tab + 1).strip();
        } else {
            String[] split = WHITESPACE.split(line.strip(), 2);
            path = split[0];
            rest = split.length > 1 ? split[1] : "";
        }
        checkPath(path);
        String[] values = rest.isEmpty() ? new String[0] : WHITESPACE.split(rest);
        String label = "";
        int first = 0;
        if (values.length == NUMBERS + 1 && parseNumber(values[0]) == null) {
            label = values[0];
            first = 1;
        }
        if (values.length - first != NUMBERS) {
            throw new BadRow(path, "expected " + NUMBERS + " numbers (x1 y1 ... x5 y5), optionally after one text column,"
                    + " but found " + values.length + " values after the path");
        }
        double[] xy = new double[NUMBERS];
        for (int i = 0; i < NUMBERS; i++) {
            Double number = parseNumber(values[first + i]);
            if (number == null) {
                throw new BadRow(path, "'" + values[first + i] + "' is not a number (" + (i % 2 == 0 ? "x" : "y") + (i / 2 + 1) + ")");
            }
            xy[i] = number;
        }
        try {
            return new Row(lineNumber, path, label, FaceLandmarks.of(xy));
        } catch (InvalidLandmarksException e) {
            throw new BadRow(path, e.getMessage());
        }
    }

    private static void checkPath(String path) {
        if (path.isEmpty()) {
            throw new BadRow("", "no image path before the numbers");
        }
        Path p;
        try {
            p = Path.of(path);
        } catch (InvalidPathException e) {
            throw new BadRow("", "not a valid path: " + e.getMessage());
        }
        if (p.isAbsolute() || p.normalize().startsWith("..")) {
            throw new BadRow(path, "the path must be relative to the image directory and stay inside it");
        }
    }

    private static String normalised(String path) {
        return Path.of(path).normalize().toString();
    }

    /** A decimal number; NaN and infinities in the usual spellings too, so that they are reported as non-finite. */
    private static Double parseNumber(String text) {
        switch (text.toLowerCase(Locale.ROOT)) {
            case "nan", "+nan", "-nan":
                return Double.NaN;
            case "inf", "+inf", "infinity", "+infinity":
                return Double.POSITIVE_INFINITY;
            case "-inf", "-infinity":
                return Double.NEGATIVE_INFINITY;
            default:
                break;
        }
        if (!DECIMAL.matcher(text).matches()) {
            return null;
        }
        return Double.parseDouble(text);
    }

    /** A row's problem on its way out of {@link #parseRow}. */
    private static final class BadRow extends RuntimeException {
        final String path;

        BadRow(String path, String reason) {
            super(reason, null, false, false);
            this.path = path;
        }
    }
}
