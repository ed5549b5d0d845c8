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
 * Decodes every image once before training, so that unreadable files and images of a size training
 * cannot take are known, skipped and listed before the first step.
 */
public final class DatasetScan {

    /** Where the list of unreadable files goes in a run directory. */
    public static final String BAD_FILES = "bad-files.txt";

    /** How many files an error message names before it gives only the count of the rest. */
    static final int LISTED = 20;

    /** A file that could not be read, and why. */
    public record BadFile(String name, String reason) {}

    /**
     * The outcome: the readable dataset and what was dropped from it.
     *
     * @param bad every file left out, with the reason (unreadable, or of a size training cannot take)
     * @param wrongSize how many of {@code bad} are of the wrong size ({@link WrongSizeException})
     * @param emptied identities left out because none of their files is readable
     */
    public record Result(Dataset readable, List<BadFile> bad, int wrongSize, int scanned, List<String> emptied) {

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
         * @throws IllegalStateException naming the count, the threshold and the first bad files when too
         *     many files are bad (nothing is written: the run does not start)
         */
        public void requireAtMost(double maxBadFraction) {
            if (badFraction() > maxBadFraction) {
                int shown = Math.min(bad.size(), LISTED);
                StringBuilder first = new StringBuilder();
                for (int i = 0; i < shown; i++) {
                    first.append(i == 0 ? "" : ", ").append(bad.get(i).name()).append(" (").append(bad.get(i).reason())
                            .append(')');
                }
                String sizeHint = wrongSize == 0 ? "" : String.format(Locale.ROOT, "; %d of them %s of the wrong size: "
                        + "align the images to the backbone's input, or set data.crop (e.g. 112x96 for 112x112 packs) "
                        + "or data.resize: true", wrongSize, wrongSize == 1 ? "is" : "are");
                throw new IllegalStateException(String.format(Locale.ROOT,
                        "%d of %d images are unreadable (%.2f%%), more than data.maxBadFraction = %s (%.2f%%): %s%s%s",
                        bad.size(), scanned, 100 * badFraction(), maxBadFraction, 100 * maxBadFraction, first,
                        bad.size() > shown ? " and " + (bad.size() - shown) + " more" : "", sizeHint));
            }
        }
    }

    private DatasetScan() {}

    /**
     * Decodes every image of {@code dataset}; an image that cannot be decoded, or whose size training
     * cannot take, is left out and listed.
     *
     * @param threads decoding threads
     */
    public static Result scan(Dataset dataset, TrainingImages images, int threads) throws IOException, InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(threads, BatchPipeline.daemonThreads("marginface-scan"));
        try {
            List<Sample> samples = dataset.samples();
            int chunk = Math.max(1, samples.size() / (threads * 8));
            List<Future<List<BadFile>>> parts = new ArrayList<>();
            java.util.concurrent.atomic.AtomicInteger wrongSize = new java.util.concurrent.atomic.AtomicInteger();
            for (int from = 0; from < samples.size(); from += chunk) {
                List<Sample> slice = samples.subList(from, Math.min(samples.size(), from + chunk));
                parts.add(pool.submit(() -> {
                    List<BadFile> bad = new ArrayList<>();
                    for (Sample s : slice) {
                        try {
                            images.decodeRgb(dataset.read(s), s.source());
                        } catch (org.marginface.core.image.BadImageException e) {
                            bad.add(new BadFile(s.name(), e.reason()));
                        } catch (WrongSizeException e) {
                            bad.add(new BadFile(s.name(), e.reason()));
                            wrongSize.incrementAndGet();
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
            List<String> badNames = bad.stream().map(BadFile::name).toList();
            bad.addAll(dataset.skipped());
            bad.sort(Comparator.comparing(BadFile::name));
            Dataset readable = dataset.without(badNames);
            return new Result(readable, bad, wrongSize.get(), samples.size() + dataset.skipped().size(),
                    dataset.identitiesMissingFrom(readable));
        } finally {
            pool.shutdownNow();
        }
    }
}
