package org.marginface.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.marginface.serve.Gallery;
import org.marginface.serve.GalleryBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve-bench", mixinStandardHelpOptions = true,
        description = {"Gallery identification over synthetic identities: HNSW latency and recall@1 against exact"
                + " search, with float32 and int7 vectors, at each HNSW search breadth (--candidates)."
                + " Prints a Markdown table.",
                "Memory does not grow with the gallery beyond Lucene's own (about 0.3 KB of heap per identity"
                + " while merging); the indexes go to disk under --work."})
final class ServeBenchCommand implements Callable<Integer> {

    @Option(names = "--sizes", split = ",", defaultValue = "10000,100000,1000000",
            description = "gallery sizes in identities (default: ${DEFAULT-VALUE})")
    List<Integer> sizes;

    @Option(names = "--dimension", defaultValue = "128", description = "embedding dimension (default: ${DEFAULT-VALUE})")
    int dimension;

    @Option(names = "--queries", defaultValue = "200", description = "probes per gallery (default: ${DEFAULT-VALUE})")
    int queries;

    @Option(names = "--probe-cosine", defaultValue = "0.6",
            description = "expected cosine of a probe to its identity (default: ${DEFAULT-VALUE})")
    double probeCosine;

    @Option(names = "--no-int7", description = "skip the int7-quantised index (measured by default)")
    boolean noInt7;

    @Option(names = "--no-merge", description = "measure the index as written, without merging it to one segment"
            + " first (saves the merge's graph rebuild on huge galleries)")
    boolean noMerge;

    @Option(names = "--candidates", split = ",", defaultValue = "" + Gallery.Options.DEFAULT_CANDIDATES,
            description = "HNSW search breadths (Lucene's k, \"efSearch\") to measure, each over the same probes,"
                    + " e.g. 100,200,400,800 (default: the service's, ${DEFAULT-VALUE})")
    List<Integer> candidates;

    @Option(names = "--max-conn", defaultValue = "16",
            description = "HNSW neighbours per node, the service's hnswMaxConn (default: ${DEFAULT-VALUE})")
    int maxConn;

    @Option(names = "--beam-width", defaultValue = "100",
            description = "HNSW beam width while building, the service's hnswBeamWidth (default: ${DEFAULT-VALUE})")
    int beamWidth;

    @Option(names = "--work", description = "where the indexes go (default: a new directory under /tmp, removed after)")
    Path work;

    @Option(names = "--seed", defaultValue = "1", description = "seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() throws Exception {
        boolean temporary = work == null;
        Path dir = temporary ? Files.createTempDirectory(Path.of("/tmp"), "marginface-serve-bench-") : work;
        List<GalleryBench.Result> results = new ArrayList<>();
        try {
            for (int size : sizes) {
                GalleryBench.Settings settings = new GalleryBench.Settings(size, dimension, queries, probeCosine,
                        !noInt7, !noMerge, candidates, maxConn, beamWidth, seed);
                results.addAll(GalleryBench.run(dir, settings, line -> System.err.println(line)));
            }
        } finally {
            if (temporary) {
                GalleryBench.deleteTree(dir);
            }
        }
        System.out.println("| identities | dim | index | segments | build s | candidates | HNSW p50 ms | HNSW p99 ms"
                + " | exact p50 ms | recall@1 vs exact |");
        System.out.println("| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (GalleryBench.Result r : results) {
            System.out.println(String.format(Locale.ROOT,
                    "| %,d | %d | %s | %d | %.1f | %d | %.2f | %.2f | %.2f | %.3f (%d probes) |",
                    r.identities(), r.dimension(), r.index(), r.segments(), r.buildSeconds(), r.candidates(),
                    r.p50Millis(), r.p99Millis(), r.exactP50Millis(), r.recallAt1(), r.queries()));
        }
        return 0;
    }
}
