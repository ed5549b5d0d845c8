package org.marginface.serve;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Identification over large synthetic galleries: one random unit vector per identity, probes that are
 * an enrolled vector plus noise, and for each probe the top-1 subject by exact search next to the
 * top-1 by HNSW (float or int7 vectors). Recall@1 is the fraction of probes where they agree.
 */
public final class GalleryBench {

    /** The measurements of one index over one gallery. */
    public record Result(int identities, int dimension, String index, int segments, double buildSeconds,
            double p50Millis, double p99Millis, double exactP50Millis, double recallAt1, int queries) {}

    private GalleryBench() {}

    /**
     * Builds a gallery of {@code identities} under {@code dir} (float, then int7 when asked) and
     * measures {@code queries} probes whose cosine to their identity is about {@code probeCosine}.
     */
    public static List<Result> run(Path dir, int identities, int dimension, int queries, double probeCosine,
            boolean withQuantized, boolean merge, long seed, Consumer<String> progress) throws IOException {
        Random random = new Random(seed);
        int[] probeOf = new int[queries];
        Map<Integer, Integer> probeIndex = new HashMap<>();
        for (int q = 0; q < queries; q++) {
            int id;
            do {
                id = random.nextInt(identities);
            } while (probeIndex.containsKey(id));
            probeOf[q] = id;
            probeIndex.put(id, q);
        }
        float[][] probes = new float[queries][];
        List<Result> results = new ArrayList<>();
        for (boolean quantized : withQuantized ? new boolean[] {false, true} : new boolean[] {false}) {
            Path indexDir = dir.resolve(identities + "-" + dimension + (quantized ? "-int7" : "-float"));
            Gallery.Options options = new Gallery.Options(0, quantized, 16, 100);
            long start = System.nanoTime();
            try (Gallery gallery = Gallery.open(indexDir, "synthetic-" + seed, dimension, options)) {
                if (gallery.faceCount() != identities) {
                    load(gallery, identities, dimension, seed, probeIndex, probes, probeCosine, progress);
                    if (merge) {
                        gallery.optimise();
                    }
                } else {
                    // reused index: regenerate the probes only
                    load(null, identities, dimension, seed, probeIndex, probes, probeCosine, progress);
                }
                double buildSeconds = (System.nanoTime() - start) / 1e9;
                progress.accept(String.format(java.util.Locale.ROOT, "%d identities, %s: built in %.1f s",
                        identities, quantized ? "int7" : "float", buildSeconds));
                results.add(measure(gallery, identities, dimension, quantized ? "HNSW int7" : "HNSW float32",
                        buildSeconds, probes));
            }
        }
        return results;
    }

    private static void load(Gallery gallery, int identities, int dimension, long seed, Map<Integer, Integer> probeIndex,
            float[][] probes, double probeCosine, Consumer<String> progress) throws IOException {
        int chunk = 20_000;
        SplittableRandom noise = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
        for (int from = 0; from < identities; from += chunk) {
            int to = Math.min(identities, from + chunk);
            List<String> names = new ArrayList<>(to - from);
            List<float[]> vectors = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) {
                float[] v = identityVector(seed, i, dimension);
                names.add("identity " + i);
                vectors.add(v);
                Integer q = probeIndex.get(i);
                if (q != null) {
                    probes[q] = probe(v, probeCosine, noise);
                }
            }
            if (gallery != null) {
                gallery.addSubjectsWithOneFace(names, vectors);
                if ((to / chunk) % 10 == 0) {
                    progress.accept(to + " of " + identities + " enrolled");
                }
            }
        }
    }

    /** The identity's vector, the same for a seed and index whatever else is generated. */
    static float[] identityVector(long seed, int index, int dimension) {
        SplittableRandom r = new SplittableRandom(seed * 1_000_003L + index);
        float[] v = new float[dimension];
        for (int d = 0; d < dimension; d++) {
            v[d] = (float) gaussian(r);
        }
        return unit(v);
    }

    /** {@code v} plus independent noise scaled so that the expected cosine to {@code v} is {@code cosine}. */
    private static float[] probe(float[] v, double cosine, SplittableRandom r) {
        double sigma = Math.sqrt(1 / (cosine * cosine) - 1) / Math.sqrt(v.length);
        float[] p = new float[v.length];
        for (int d = 0; d < v.length; d++) {
            p[d] = (float) (v[d] + sigma * gaussian(r));
        }
        return unit(p);
    }

    private static double gaussian(SplittableRandom r) {
        // Box-Muller; SplittableRandom has no nextGaussian on Java 17
        double u = 1 - r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    private static float[] unit(float[] v) {
        double n = 0;
        for (float x : v) {
            n += (double) x * x;
        }
        n = Math.sqrt(n);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (v[i] / n);
        }
        return v;
    }

    private static Result measure(Gallery gallery, int identities, int dimension, String index, double buildSeconds,
            float[][] probes) throws IOException {
        // warm up both paths (class loading, page cache) before timing
        for (int i = 0; i < Math.min(20, probes.length); i++) {
            gallery.identify(probes[i], 1, false);
        }
        gallery.identify(probes[0], 1, true);
        double[] approxMs = new double[probes.length];
        double[] exactMs = new double[probes.length];
        int agree = 0;
        for (int q = 0; q < probes.length; q++) {
            long t0 = System.nanoTime();
            List<Gallery.Match> approx = gallery.identify(probes[q], 1, false);
            long t1 = System.nanoTime();
            List<Gallery.Match> exact = gallery.identify(probes[q], 1, true);
            long t2 = System.nanoTime();
            approxMs[q] = (t1 - t0) / 1e6;
            exactMs[q] = (t2 - t1) / 1e6;
            if (!approx.isEmpty() && approx.get(0).subjectId().equals(exact.get(0).subjectId())) {
                agree++;
            }
        }
        return new Result(identities, dimension, index, gallery.segmentCount(), buildSeconds, percentile(approxMs, 50), percentile(approxMs, 99),
                percentile(exactMs, 50), (double) agree / probes.length, probes.length);
    }

    static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int i = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    /** Removes a bench directory tree (only ever one the bench created under a temporary root). */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
