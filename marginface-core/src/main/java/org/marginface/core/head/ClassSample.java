package org.marginface.core.head;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * The classes one step of a sampled head ("partial FC") scores: every label of the batch plus
 * uniformly drawn other classes, {@code max(labels, ceil(rate·C))} in all.
 *
 * @param rows the class indices used, in increasing order
 * @param labels the batch's labels renumbered into {@code rows}
 */
public record ClassSample(long[] rows, long[] labels) {

    /** Checks a sample rate: in (0, 1]. */
    public static double requireRate(double rate) {
        if (!(rate > 0 && rate <= 1)) {
            throw new IllegalArgumentException("head.sampleRate must be in (0, 1], got " + rate);
        }
        return rate;
    }

    /** Refuses class sampling for a head with a bias per class (plain softmax). */
    public static void requireSamplable(HeadSpec spec) {
        if (spec.hasBias()) {
            String cosineHeads = HeadSpecs.names().stream()
                    .filter(name -> !HeadSpecs.of(name, Map.of()).hasBias())
                    .collect(Collectors.joining(", "));
            throw new IllegalArgumentException("head.sampleRate: class sampling needs a cosine head (" + cosineHeads
                    + "), not " + spec.type() + " with a bias");
        }
    }

    /**
     * The generator of a sample at one step of a seeded run: a function of (seed, step) alone, so a
     * resumed run draws what the uninterrupted one drew.
     */
    public static SplittableRandom random(long seed, long step) {
        return new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (step + 1)));
    }

    /** Draws a sample; the draws cost O(sample), not O(C). */
    public static ClassSample draw(long[] labels, int numClasses, double rate, SplittableRandom random) {
        Set<Long> chosen = new HashSet<>();
        for (long label : labels) {
            if (label < 0 || label >= numClasses) {
                throw new IllegalArgumentException("label " + label + " outside 0.." + (numClasses - 1));
            }
            chosen.add(label);
        }
        int wanted = Math.max(chosen.size(), (int) Math.min(numClasses, Math.ceil(rate * numClasses)));
        if (wanted == numClasses) {
            for (long c = 0; c < numClasses; c++) {
                chosen.add(c);
            }
        } else {
            while (chosen.size() < wanted) {
                chosen.add(random.nextLong(numClasses));
            }
        }
        long[] rows = chosen.stream().mapToLong(Long::longValue).sorted().toArray();
        Map<Long, Long> position = new HashMap<>(rows.length * 2);
        for (int i = 0; i < rows.length; i++) {
            position.put(rows[i], (long) i);
        }
        return new ClassSample(rows, Arrays.stream(labels).map(position::get).toArray());
    }
}
