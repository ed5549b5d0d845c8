package org.marginface.train.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Decodes every image once before training, so that unreadable files are known (and listed) before
 * the first step and an image of the wrong size stops the run at once, naming the file.
 */
public final class DatasetScan {

    /** Where the list of unreadable files goes in a run directory. */
    public static final String BAD_FILES = "bad-files.txt";

    /** A file that could not be read, and why. */
    public record BadFile(String name, String reason) {}

    /** The outcome: the readable dataset and what was dropped from it. */
    public record Result(Dataset readable, List<BadFile> bad, int scanned) {

        public double badFraction() {
            return scanned == 0 ? 0 : (double) bad.size() / scanned;
        }

        /** Writes {@code name<TAB>reason} per bad file (the file is written, empty, when all are good). */
        public void writeBadFiles(Path file) throws IOException {
            StringBuilder sb = new StringBuilder();
            for (BadFile b : bad) {
                sb.append(b.name()).append('\t').append(b.reason()).append('\n');
            }
            Files.writeString(file, sb, StandardCharsets.UTF_8);
        }

        /**
         * @throws IllegalStateException naming the count and the threshold when too many files are bad
         */
        public void requireAtMost(double maxBadFraction, Path listedIn) {
            if (badFraction() > maxBadFraction) {
                throw new IllegalStateException(String.format(Locale.ROOT,
                        "%d of %d images are unreadable (%.2f%%), more than data.maxBadFraction = %s (%.2f%%); "
                                + "they are listed in %s",
                        bad.size(), scanned, 100 * badFraction(), maxBadFraction, 100 * maxBadFraction, listedIn));
            }
        }
    }

    private DatasetScan() {}

    /**
     * @param threads decoding threads
     * @throws IllegalArgumentException for an image of the wrong size (not a bad file: a wrong config or data)
     */
    public static Result scan(Dataset dataset, TrainingImages images, int threads) throws IOException, InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(threads, BatchPipeline.daemonThreads("marginface-scan"));
        try {
            List<Sample> samples = dataset.samples();
            int chunk = Math.max(1, samples.size() / (threads * 8));
            List<Future<List<BadFile>>> parts = new ArrayList<>();
            for (int from = 0; from < samples.size(); from += chunk) {
                List<Sample> slice = samples.subList(from, Math.min(samples.size(), from + chunk));
                parts.add(pool.submit(() -> {
                    List<BadFile> bad = new ArrayList<>();
                    for (Sample s : slice) {
                        try {
                            images.decodeRgb(s.file());
                        } catch (org.marginface.core.image.BadImageException e) {
                            bad.add(new BadFile(s.name(), e.reason()));
                        } catch (java.nio.file.NoSuchFileException e) {
                            bad.add(new BadFile(s.name(), "missing file"));
                        } catch (IOException e) {
                            bad.add(new BadFile(s.name(), "cannot be read: " + e.getMessage()));
                        }
                    }
                    return bad;
                }));
            }
            List<BadFile> bad = new ArrayList<>();
            for (Future<List<BadFile>> part : parts) {
                try {
                    bad.addAll(part.get());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                    throw new IOException(e.getCause());
                }
            }
            bad.sort(Comparator.comparing(BadFile::name));
            return new Result(dataset.without(bad.stream().map(BadFile::name).toList()), bad, samples.size());
        } finally {
            pool.shutdownNow();
        }
    }
}
