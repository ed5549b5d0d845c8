package org.marginface.serve;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Identification over large synthetic galleries: one random unit vector per identity, probes that are
 * an enrolled vector plus noise, and for each probe the top-1 subject by exact search next to the
 * top-1 by HNSW (float or int7 vectors) at each of several search breadths. Recall@1 is the fraction
 * of probes where they agree.
 *
 * <p>Memory stays flat in the gallery size: identity vectors are generated from (seed, index) a chunk
 * at a time, handed to Lucene and dropped; only the probes are kept. What grows is Lucene's: the
 * on-heap HNSW graph of the segment being merged (about 0.3 KB per face at maxConn 16) and the index
 * files, read through the page cache.
 */
public final class GalleryBench {

    /** Faces enrolled per commit: a flushed segment each, small enough to keep the heap flat. */
    private static final int CHUNK = 20_000;

    /**
     * What to measure.
     *
     * @param candidates HNSW search breadths to measure recall and latency at, each over the same probes
     */
    public record Settings(int identities, int dimension, int queries, double probeCosine, boolean withQuantized,
            boolean merge, List<Integer> candidates, int maxConn, int beamWidth, long seed) {
        public Settings {
            candidates = List.copyOf(candidates);
            if (identities < 1 || queries < 1 || queries > identities) {
                throw new IllegalArgumentException("need 1 <= queries <= identities, got " + queries + " and " + identities);
            }
            if (candidates.isEmpty()) {
                throw new IllegalArgumentException("no candidate counts to measure");
            }
            for (int c : candidates) {
                Gallery.Options.requireWithin("candidates", c, 1, Gallery.Options.CANDIDATES_LIMIT);
            }
            Gallery.Options.requireWithin("maxConn", maxConn, 1, Gallery.Options.MAX_CONN_LIMIT);
            Gallery.Options.requireWithin("beamWidth", beamWidth, 1, Gallery.Options.BEAM_WIDTH_LIMIT);
        }
    }

    /** The measurements of one index over one gallery at one HNSW search breadth. */
    public record Result(int identities, int dimension, String index, int segments, double buildSeconds,
            int candidates, double p50Millis, double p99Millis, double exactP50Millis, double recallAt1, int queries) {}

    private GalleryBench() {}

    /**
     * Builds (or reuses) a gallery of {@code settings.identities()} under {@code dir} (float, then int7
     * when asked) and measures {@code queries} probes whose cosine to their identity is about
     * {@code probeCosine}, at each HNSW search breadth.
     */
    public static List<Result> run(Path dir, Settings settings, Consumer<String> progress) throws IOException {
        int identities = settings.identities();
        int dimension = settings.dimension();
        long seed = settings.seed();
        Random random = new Random(seed);
        Map<Integer, Integer> probeIndex = new HashMap<>();
        while (probeIndex.size() < settings.queries()) {
            probeIndex.putIfAbsent(random.nextInt(identities), probeIndex.size());
        }
        float[][] probes = new float[settings.queries()][];
        List<Result> results = new ArrayList<>();
        for (boolean quantized : settings.withQuantized() ? new boolean[] {false, true} : new boolean[] {false}) {
            Path indexDir = dir.resolve(identities + "-" + dimension + (quantized ? "-int7" : "-float")
                    + "-m" + settings.maxConn() + "-b" + settings.beamWidth());
            Gallery.Options options = new Gallery.Options(0, quantized, settings.maxConn(), settings.beamWidth(),
                    Gallery.Options.DEFAULT_CANDIDATES);
            long start = System.nanoTime();
            try (Gallery gallery = Gallery.open(indexDir, "synthetic-" + seed, dimension, options)) {
                int present = gallery.faceCount();
                if (present == 0) {
                    load(gallery, settings, probeIndex, probes, progress);
                    if (settings.merge()) {
                        progress.accept(identities + " identities: merging to one segment");
                        gallery.optimise();
                    }
                } else if (present == identities) {
                    // reused index: regenerate the probes only
                    load(null, settings, probeIndex, probes, progress);
                } else {
                    throw new IllegalStateException(indexDir + " holds " + present + " faces, not " + identities
                            + " (an interrupted build?): remove it or use another work directory");
                }
                double buildSeconds = (System.nanoTime() - start) / 1e9;
                progress.accept(String.format(Locale.ROOT, "%d identities, %s: built in %.1f s",
                        identities, quantized ? "int7" : "float", buildSeconds));
                results.addAll(measure(gallery, settings, quantized ? "HNSW int7" : "HNSW float32", buildSeconds,
                        probes, progress));
            }
        }
        return results;
    }

    private static void load(Gallery gallery, Settings settings, Map<Integer, Integer> probeIndex, float[][] probes,
            Consumer<String> progress) throws IOException {
        int identities = settings.identities();
        SplittableRandom noise = new SplittableRandom(settings.seed() ^ 0x9E3779B97F4A7C15L);
        for (int from = 0; from < identities; from += CHUNK) {
            int to = Math.min(identities, from + CHUNK);
            List<String> names = new ArrayList<>(to - from);
            List<float[]> vectors = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) {
                Integer q = probeIndex.get(i);
                if (gallery == null && q == null) {
                    continue; // reusing an index: only the probes' identities are needed
                }
                float[] v = identityVector(settings.seed(), i, settings.dimension());
                names.add("identity " + i);
                vectors.add(v);
                if (q != null) {
                    probes[q] = probe(v, settings.probeCosine(), noise);
                }
            }
            if (gallery != null) {
                gallery.addSubjectsWithOneFace(names, vectors);
                if ((to / CHUNK) % 10 == 0) {
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

    private static List<Result> measure(Gallery gallery, Settings settings, String index, double buildSeconds,
            float[][] probes, Consumer<String> progress) throws IOException {
        // exact search once per probe: the reference every breadth is compared with
        gallery.identify(probes[0], 1, true); // warm-up (class loading, page cache)
        String[] truth = new String[probes.length];
        double[] exactMs = new double[probes.length];
        for (int q = 0; q < probes.length; q++) {
            long t0 = System.nanoTime();
            truth[q] = gallery.identify(probes[q], 1, true).get(0).subjectId();
            exactMs[q] = (System.nanoTime() - t0) / 1e6;
        }
        int segments = gallery.segmentCount();
        List<Result> results = new ArrayList<>();
        for (int candidates : settings.candidates()) {
            for (int i = 0; i < Math.min(20, probes.length); i++) {
                gallery.identifyApproximately(probes[i], 1, candidates); // warm-up
            }
            double[] approxMs = new double[probes.length];
            int agree = 0;
            for (int q = 0; q < probes.length; q++) {
                long t0 = System.nanoTime();
                List<Gallery.Match> approx = gallery.identifyApproximately(probes[q], 1, candidates);
                approxMs[q] = (System.nanoTime() - t0) / 1e6;
                if (!approx.isEmpty() && approx.get(0).subjectId().equals(truth[q])) {
                    agree++;
                }
            }
            Result r = new Result(settings.identities(), settings.dimension(), index, segments, buildSeconds,
                    candidates, percentile(approxMs, 50), percentile(approxMs, 99), percentile(exactMs, 50),
                    (double) agree / probes.length, probes.length);
            progress.accept(String.format(Locale.ROOT, "%d identities, %s, %d candidates: recall@1 %.3f",
                    r.identities(), index, candidates, r.recallAt1()));
            results.add(r);
        }
        return results;
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
