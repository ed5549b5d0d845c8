package org.marginface.core.align;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.marginface.core.align.LandmarkFile.Problem;
import org.marginface.core.align.LandmarkFile.Row;
import org.marginface.core.image.FaceImages;

/**
 * Aligns every image a landmark file names, from one directory tree into a mirror of it: the crop
 * of {@code images/a/b.jpg} goes to {@code out/a/b.jpg} (with the output format's extension).
 * Images are independent, so they are spread over a pool of threads; an image that fails (missing,
 * undecodable, unwritable) becomes a {@link Problem} and the others go on.
 *
 * @param aligner the alignment to apply
 * @param format the output file format
 * @param jpegQuality JPEG quality 1-100 (ignored for PNG)
 * @param threads how many images to work on at once
 */
public record TreeAligner(FaceAligner aligner, FaceImages.Format format, int jpegQuality, int threads) {

    public TreeAligner {
        Objects.requireNonNull(aligner, "aligner");
        Objects.requireNonNull(format, "format");
        if (jpegQuality < 1 || jpegQuality > 100) {
            throw new IllegalArgumentException("JPEG quality must be 1 to 100, got " + jpegQuality);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
    }

    /**
     * What a run did.
     *
     * @param rows the usable rows of the landmark file (each either aligned or a problem)
     * @param aligned how many crops were written
     * @param problems every skipped row, the landmark file's own and those found while aligning, by line
     * @param seconds wall time of the aligning (not of reading the landmark file)
     * @param readSeconds time spent decoding images, summed over threads
     * @param alignSeconds time spent aligning, summed over threads
     * @param writeSeconds time spent encoding and writing crops, summed over threads
     */
    public record Result(int rows, int aligned, List<Problem> problems, double seconds,
            double readSeconds, double alignSeconds, double writeSeconds) {

        /** Crops written per second of wall time. */
        public double imagesPerSecond() {
            return aligned / seconds;
        }
    }

    /** Where the crop of an image listed as {@code relative} goes under {@code out}. */
    public Path outputPath(Path out, String relative) {
        return out.resolve(format.fileName(relative.replace('\\', '/')));
    }

    /**
     * Aligns the rows of {@code landmarks} from {@code images} into {@code out}, which is created as
     * needed; {@code rowDone} runs (on a worker thread) as each usable row is finished, aligned or not.
     */
    public Result run(Path images, LandmarkFile landmarks, Path out, Runnable rowDone) throws InterruptedException {
        return run(images, landmarks, out, Row::path, rowDone);
    }

    /**
     * As {@link #run(Path, LandmarkFile, Path, Runnable)}, with each row's crop named by
     * {@code outputName} (relative to {@code out}) instead of by the image's path: several rows of one
     * photo, one per face, can then write several crops.
     */
    public Result run(Path images, LandmarkFile landmarks, Path out, Function<Row, String> outputName,
            Runnable rowDone) throws InterruptedException {
        List<Problem> problems = new ArrayList<>(landmarks.problems());
        List<Row> work = new ArrayList<>();
        // two inputs that differ only in extension (a.png, a.jpg) would write one crop: keep the first
        Map<Path, Integer> lineOfOutput = new HashMap<>();
        for (Row row : landmarks.rows()) {
            Integer earlier = lineOfOutput.putIfAbsent(outputPath(out, outputName.apply(row)).normalize(), row.line());
            if (earlier == null) {
                work.add(row);
            } else {
                problems.add(Problem.of(row, "its crop would replace that of line " + earlier));
                rowDone.run();
            }
        }
        ConcurrentLinkedQueue<Problem> failed = new ConcurrentLinkedQueue<>();
        AtomicInteger aligned = new AtomicInteger();
        LongAdder readNanos = new LongAdder();
        LongAdder alignNanos = new LongAdder();
        LongAdder writeNanos = new LongAdder();
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread t = new Thread(runnable, "align");
            t.setDaemon(true);
            return t;
        });
        try {
            for (Row row : work) {
                pool.execute(() -> {
                    try {
                        Path source = images.resolve(row.path());
                        if (!Files.isRegularFile(source)) {
                            failed.add(Problem.of(row, "image not found in " + images));
                            return;
                        }
                        long t0 = System.nanoTime();
                        BufferedImage image = FaceImages.read(source);
                        long t1 = System.nanoTime();
                        BufferedImage crop = aligner.align(image, row.landmarks());
                        long t2 = System.nanoTime();
                        Path target = outputPath(out, outputName.apply(row));
                        Files.createDirectories(target.getParent());
                        FaceImages.write(crop, target, format, jpegQuality);
                        long t3 = System.nanoTime();
                        readNanos.add(t1 - t0);
                        alignNanos.add(t2 - t1);
                        writeNanos.add(t3 - t2);
                        aligned.incrementAndGet();
                    } catch (IOException e) {
                        failed.add(Problem.of(row, e.getMessage()));
                    } catch (RuntimeException e) {
                        // decoders throw all sorts on corrupt files; one bad image must not stop the run
                        failed.add(Problem.of(row, e.toString()));
                    } finally {
                        rowDone.run();
                    }
                });
            }
        } finally {
            pool.shutdown();
        }
        try {
            while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
                // waiting for the last images
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            throw e;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        problems.addAll(failed);
        problems.sort(Comparator.comparingInt(Problem::line));
        return new Result(landmarks.rows().size(), aligned.get(), problems, seconds,
                readNanos.sum() / 1e9, alignNanos.sum() / 1e9, writeNanos.sum() / 1e9);
    }
}
