package org.marginface.serve;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.marginface.core.embed.Embedder;
import org.marginface.core.engine.Engines;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dynamic batching: faces from concurrent requests are queued, and one model thread takes whatever
 * has arrived (waiting at most a short time for the first face's company, up to a batch limit) and
 * embeds it in one call. Under load the model then runs at its batch throughput instead of its
 * batch-1 throughput; alone, a request waits at most the short wait.
 */
public final class BatchingEmbedder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BatchingEmbedder.class);

    private record Pending(BufferedImage face, CompletableFuture<float[]> result) {}

    private final Embedder embedder;
    private final int maxBatch;
    private final long maxWaitNanos;
    private final ServiceMetrics metrics;
    private final BlockingQueue<Pending> queue;
    private final Thread worker;
    private volatile boolean closed;

    /** Takes ownership of {@code embedder}, which only the model thread will use. */
    public BatchingEmbedder(Embedder embedder, int maxBatch, int maxWaitMillis, int maxQueued, ServiceMetrics metrics) {
        this.embedder = embedder;
        this.maxBatch = maxBatch;
        this.maxWaitNanos = TimeUnit.MILLISECONDS.toNanos(maxWaitMillis);
        this.metrics = metrics;
        this.queue = new ArrayBlockingQueue<>(maxQueued);
        this.worker = new Thread(this::run, "marginface-model");
        worker.setDaemon(true);
        worker.start();
    }

    public int dimension() {
        return embedder.dimension();
    }

    public int queued() {
        return queue.size();
    }

    /** Raw fused features of aligned faces, in order; blocks until the model has run. */
    public List<float[]> embed(List<BufferedImage> faces) {
        List<CompletableFuture<float[]>> results = new ArrayList<>(faces.size());
        for (BufferedImage face : faces) {
            CompletableFuture<float[]> result = new CompletableFuture<>();
            if (closed || !queue.offer(new Pending(face, result))) {
                results.forEach(r -> r.cancel(false));
                throw new ApiException(503, "overloaded", "the model is busy; try again shortly");
            }
            results.add(result);
        }
        List<float[]> out = new ArrayList<>(faces.size());
        try {
            for (CompletableFuture<float[]> r : results) {
                out.add(r.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "interrupted", "the service is stopping");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ApiException api) {
                throw api;
            }
            throw new IllegalStateException("embedding failed", e.getCause());
        }
        return out;
    }

    private void run() {
        // grad mode is per thread in libtorch; the model thread is a long-lived one of our own
        Engines.disableGradientsOnThisThread();
        List<Pending> batch = new ArrayList<>(maxBatch);
        while (!closed || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                long deadline = System.nanoTime() + maxWaitNanos;
                while (batch.size() < maxBatch) {
                    // take what is already waiting without delay, then wait for more until the deadline
                    if (queue.drainTo(batch, maxBatch - batch.size()) > 0) {
                        continue;
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    Pending next = queue.poll(left, TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                }
                runBatch(batch);
            } catch (InterruptedException e) {
                closed = true;
            } finally {
                batch.clear();
            }
        }
        // whatever is left when stopping is refused, not left hanging
        Pending p;
        while ((p = queue.poll()) != null) {
            p.result.completeExceptionally(new ApiException(503, "stopping", "the service is stopping"));
        }
    }

    private void runBatch(List<Pending> batch) {
        List<BufferedImage> faces = new ArrayList<>(batch.size());
        batch.forEach(p -> faces.add(p.face));
        long start = System.nanoTime();
        try {
            List<float[]> features = embedder.embedRaw(faces);
            metrics.batch(batch.size(), (System.nanoTime() - start) / 1e9);
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).result.complete(features.get(i));
            }
        } catch (RuntimeException e) {
            LOG.error("model call on a batch of {} failed", batch.size(), e);
            batch.forEach(p -> p.result.completeExceptionally(e));
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            worker.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        embedder.close();
    }
}
