package org.marginface.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * LFW View 2 pairs: {@code folds} folds of {@code pairsPerFold} matched lines ({@code Name n1 n2})
 * followed by as many mismatched lines ({@code Name1 n1 Name2 n2}), in file order, after a header
 * {@code folds pairsPerFold}. Images are {@code Name/Name_000n.jpg} under the image root.
 *
 * @param imageRoot     the folder the image paths are resolved under
 * @param folds         number of folds (10 for View 2)
 * @param pairsPerFold  matched pairs per fold, also mismatched pairs per fold (300 for View 2)
 * @param pairs         every pair in file order
 * @param source        where the pairs come from, as errors name it: {@code pairs.txt}, or a
 *                      verification set's {@code .bin} file
 * @param counted       what a pair's {@link LfwPair#line()} counts in the source: {@code line} of a
 *                      pairs.txt, {@code pair} (1-based) of a {@code .bin}
 */
public record LfwPairs(Path imageRoot, int folds, int pairsPerFold, List<LfwPair> pairs, String source,
        String counted) {

    public LfwPairs {
        pairs = List.copyOf(pairs);
    }

    /** Where {@code pair} is in the source, for errors: {@code pairs.txt line 12}, {@code lfw.bin pair 5}. */
    public String at(LfwPair pair) {
        return source + " " + counted + " " + pair.line();
    }

    /** Reads pairs.txt and checks that every image it names exists under {@code imageRoot}. */
    public static LfwPairs read(Path pairsFile, Path imageRoot) throws IOException {
        LfwPairs parsed = parse(Files.readAllLines(pairsFile, StandardCharsets.UTF_8), imageRoot);
        for (LfwPair pair : parsed.pairs) {
            for (Path image : List.of(pair.first(), pair.second())) {
                if (!Files.isRegularFile(image)) {
                    throw new LfwPairsException(pairsFile + " line " + pair.line() + ": image "
                            + parsed.relative(image) + " not found under " + imageRoot);
                }
            }
        }
        return parsed;
    }

    /** Parses the lines of a pairs.txt without touching the file system. */
    public static LfwPairs parse(List<String> lines, Path imageRoot) {
        if (lines.isEmpty()) {
            throw new LfwPairsException("pairs.txt is empty");
        }
        String[] header = lines.get(0).trim().split("\\s+");
        if (header.length != 2) {
            throw new LfwPairsException("pairs.txt line 1: expected a header 'folds pairsPerFold', got '"
                    + lines.get(0) + "'");
        }
        int folds = positive(header[0], 1);
        int pairsPerFold = positive(header[1], 1);
        int perFold = 2 * pairsPerFold;

        List<LfwPair> pairs = new ArrayList<>(folds * perFold);
        int[] matched = new int[folds];
        for (int i = 1; i < lines.size(); i++) {
            String text = lines.get(i).trim();
            int lineNumber = i + 1;
            if (text.isEmpty()) {
                continue;
            }
            if (pairs.size() == folds * perFold) {
                throw new LfwPairsException("pairs.txt line " + lineNumber + ": more than the "
                        + folds * perFold + " pairs the header announces");
            }
            int fold = pairs.size() / perFold + 1;
            String[] t = text.split("\\s+");
            LfwPair pair;
            if (t.length == 3) {
                pair = new LfwPair(lineNumber, fold, image(imageRoot, t[0], t[1], lineNumber),
                        image(imageRoot, t[0], t[2], lineNumber), true);
                matched[fold - 1]++;
            } else if (t.length == 4) {
                pair = new LfwPair(lineNumber, fold, image(imageRoot, t[0], t[1], lineNumber),
                        image(imageRoot, t[2], t[3], lineNumber), false);
            } else {
                throw new LfwPairsException("pairs.txt line " + lineNumber
                        + ": expected 'Name n1 n2' or 'Name1 n1 Name2 n2', got '" + text + "'");
            }
            pairs.add(pair);
        }
        if (pairs.size() != folds * perFold) {
            throw new LfwPairsException("pairs.txt has " + pairs.size() + " pairs, the header announces "
                    + folds + " folds of " + perFold);
        }
        for (int f = 0; f < folds; f++) {
            if (matched[f] != pairsPerFold) {
                throw new LfwPairsException("pairs.txt fold " + (f + 1) + " has " + matched[f]
                        + " matched pairs, expected " + pairsPerFold);
            }
        }
        return new LfwPairs(imageRoot, folds, pairsPerFold, pairs, "pairs.txt", "line");
    }

    /** The distinct images the pairs name, in order of first appearance. */
    public List<Path> images() {
        Set<Path> distinct = new LinkedHashSet<>();
        for (LfwPair pair : pairs) {
            distinct.add(pair.first());
            distinct.add(pair.second());
        }
        return List.copyOf(distinct);
    }

    /** An image path relative to the image root, as written in reports. */
    public String relative(Path image) {
        return imageRoot.relativize(image).toString().replace('\\', '/');
    }

    private static Path image(Path root, String name, String number, int line) {
        int n = positive(number, line);
        return root.resolve(name).resolve(String.format(Locale.ROOT, "%s_%04d.jpg", name, n));
    }

    private static int positive(String text, int line) {
        try {
            int value = Integer.parseInt(text);
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below with the line
        }
        throw new LfwPairsException("pairs.txt line " + line + ": expected a positive number, got '" + text + "'");
    }
}
