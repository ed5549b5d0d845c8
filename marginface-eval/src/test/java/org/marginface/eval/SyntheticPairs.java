package org.marginface.eval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds a small pairs.txt fold by fold, with a chosen feature for every image it names. */
final class SyntheticPairs {

    static final Path ROOT = Path.of("/nowhere/lfw-112x96");

    private final int pairsPerFold;
    private final List<String> body = new ArrayList<>();
    private final Map<Path, float[]> features = new HashMap<>();
    private int names;
    private int folds;

    SyntheticPairs(int pairsPerFold) {
        this.pairsPerFold = pairsPerFold;
    }

    /** One fold: {@code matched} then {@code mismatched}, each a list of {first feature, second feature}. */
    SyntheticPairs fold(List<float[][]> matched, List<float[][]> mismatched) {
        if (matched.size() != pairsPerFold || mismatched.size() != pairsPerFold) {
            throw new IllegalArgumentException("a fold has " + pairsPerFold + " pairs of each kind");
        }
        for (float[][] pair : matched) {
            String name = "Person_" + names++;
            body.add(name + "\t1\t2");
            features.put(image(name, 1), pair[0]);
            features.put(image(name, 2), pair[1]);
        }
        for (float[][] pair : mismatched) {
            String a = "Person_" + names++;
            String b = "Person_" + names++;
            body.add(a + "\t1\t" + b + "\t1");
            features.put(image(a, 1), pair[0]);
            features.put(image(b, 1), pair[1]);
        }
        folds++;
        return this;
    }

    List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add(folds + "\t" + pairsPerFold);
        lines.addAll(body);
        return lines;
    }

    LfwPairs pairs() {
        return LfwPairs.parse(lines(), ROOT);
    }

    Map<Path, float[]> features() {
        return features;
    }

    static float[][] pair(float[] a, float[] b) {
        return new float[][] {a, b};
    }

    static float[] v(float... values) {
        return values;
    }

    static float[] negated(float[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = -v[i];
        }
        return out;
    }

    private static Path image(String name, int n) {
        return ROOT.resolve(name).resolve(String.format("%s_%04d.jpg", name, n));
    }
}
