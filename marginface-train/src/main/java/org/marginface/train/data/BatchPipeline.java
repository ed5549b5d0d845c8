package org.marginface.train.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decodes, mirrors, normalises (as the model's {@link org.marginface.core.model.ModelInput} says) and batches images on background threads, a few batches ahead of the
 * training step. Each batch is one task whose content depends only on its iteration (through
 * {@link SampleOrder}), and batches are handed out in iteration order, so thread timing never changes
 * what the model sees.
 */
public final class BatchPipeline implements AutoCloseable {

    private final Dataset dataset;
    private final TrainingImages images;
    private final SampleOrder order;
    private final boolean mirror;
    private final Augmentations augmentations;
    private final int batchSize;
    private final int ahead;
    private final ExecutorService workers;
    private final Deque<Future<Batch>> pending = new ArrayDeque<>();
    private long nextToSubmit;

    /** A pipeline without augmentations other than the mirror flip. */
    public BatchPipeline(Dataset dataset, TrainingImages images, SampleOrder order, boolean mirror, int batchSize,
            long firstIteration, int threads, int ahead) {
        this(dataset, images, order, mirror, batchSize, firstIteration, threads, ahead, Augmentations.NONE);
    }

    /**
     * @param firstIteration the iteration of the first batch {@link #next} returns (non-zero on resume)
     * @param threads decoding threads
     * @param ahead batches in flight ahead of the consumer
     * @param augmentations applied to each image on the worker threads, before the mirror flip and normalisation
     */
    public BatchPipeline(Dataset dataset, TrainingImages images, SampleOrder order, boolean mirror, int batchSize,
            long firstIteration, int threads, int ahead, Augmentations augmentations) {
        this.dataset = dataset;
        this.images = images;
        this.order = order;
        this.mirror = mirror;
        this.augmentations = augmentations;
        this.batchSize = batchSize;
        this.ahead = Math.max(1, ahead);
        this.nextToSubmit = firstIteration;
        this.workers = Executors.newFixedThreadPool(threads, daemonThreads("marginface-data"));
        fill();
    }

    /**
     * Checks before anything is read that a batch of {@code batchSize} images of {@code height x width}
     * fits in one Java array, and that the batches in flight ({@code prefetch} ahead and the one in
     * use) fit in the heap.
     *
     * @throws IllegalArgumentException naming batch.size (and data.prefetch) when they do not
     */
    public static void requireFits(int batchSize, int height, int width, int prefetch) {
        long values = (long) batchSize * 3 * height * width;
        if (values > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("batch.size: " + batchSize + " images of 3x" + height + "x" + width
                    + " are " + values + " values, more than one batch can hold (" + (Integer.MAX_VALUE - 8)
                    + "); the largest batch.size at this input size is " + (Integer.MAX_VALUE - 8) / (3L * height * width)
                    + " (batch.microBatches splits a step's work, not its input)");
        }
        long bytes = values * Float.BYTES * (Math.max(1, prefetch) + 1L);
        long heap = Runtime.getRuntime().maxMemory();
        if (bytes > heap) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "batch.size: %d images with data.prefetch %d need %.1f GB of Java heap for the batches in flight, "
                            + "more than the %.1f GB available (-Xmx, MARGINFACE_JAVA_OPTS); lower batch.size or "
                            + "data.prefetch", batchSize, prefetch, bytes / 1e9, heap / 1e9));
        }
    }

    /** The next batch in iteration order, waiting for it if the workers are behind. */
    public Batch next() throws IOException, InterruptedException {
        Future<Batch> head = pending.removeFirst();
        fill();
        try {
            return head.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw new IOException("reading a training batch: " + io.getMessage(), io);
            }
            if (cause instanceof UncheckedIOException io) {
                throw new IOException("reading a training batch: " + io.getCause().getMessage(), io.getCause());
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(cause);
        }
    }

    private void fill() {
        while (pending.size() < ahead) {
            long iteration = nextToSubmit++;
            pending.addLast(workers.submit(() -> build(iteration)));
        }
    }

    /** Builds the batch of one iteration: positions iteration·B .. iteration·B + B − 1 of the sample order. */
    Batch build(long iteration) throws IOException {
        int h = images.height();
        int w = images.width();
        int plane = h * w;
        float[] pixels = new float[batchSize * 3 * plane];
        long[] labels = new long[batchSize];
        for (int i = 0; i < batchSize; i++) {
            long position = iteration * batchSize + i;
            Sample sample = dataset.samples().get(order.sampleAt(position));
            byte[] rgb = augmentations.apply(images.decodeRgb(dataset.read(sample), sample.source()), h, w, position);
            images.input().planes(rgb, mirror && order.mirroredAt(position), pixels, i * 3 * plane);
            labels[i] = sample.label();
        }
        return new Batch(iteration, pixels, labels, h, w);
    }

    @Override
    public void close() {
        workers.shutdownNow();
        pending.clear();
    }

    static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread t = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
