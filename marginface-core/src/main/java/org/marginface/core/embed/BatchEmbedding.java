package org.marginface.core.embed;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.marginface.core.image.FaceImages;
import org.marginface.core.image.ImageSet;

/**
 * Embeds a whole image set in batches, decoding the next batch on a background thread while the
 * network runs the current one. Rows reach the sink in the set's order.
 */
public final class BatchEmbedding {

    /** Receives each image's raw fused feature, in order. */
    @FunctionalInterface
    public interface Sink {
        void accept(int index, ImageSet.Entry entry, float[] rawFeature) throws IOException;
    }

    /** Told after every batch how many images are done. */
    @FunctionalInterface
    public interface Progress {
        void done(int images, int total);
    }

    /** Gives the aligned face of an image of the set (on the background decoding thread). */
    @FunctionalInterface
    public interface FaceLoader {
        BufferedImage load(ImageSet.Entry entry) throws IOException;
    }

    private BatchEmbedding() {}

    /**
     * Embeds a set of aligned faces, each checked to have the model's input size or to be a crop the
     * model's template extends (padded, see {@link org.marginface.core.model.ModelInput#fit}).
     */
    public static void run(Embedder embedder, ImageSet set, int batchSize, Sink sink, Progress progress)
            throws IOException {
        run(embedder, set, batchSize, entry -> embedder.input().fit(FaceImages.read(entry.file()), entry.file()),
                sink, progress);
    }

    /** Embeds the faces {@code loader} gives for the set's images (e.g. detected and aligned from photos). */
    public static void run(Embedder embedder, ImageSet set, int batchSize, FaceLoader loader, Sink sink,
            Progress progress) throws IOException {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        List<ImageSet.Entry> entries = set.entries();
        ExecutorService decoder = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "marginface-decode");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<List<BufferedImage>> next = decoder.submit(() -> decode(loader, entries, 0, batchSize));
            for (int start = 0; start < entries.size(); start += batchSize) {
                List<BufferedImage> batch = await(next);
                int following = start + batchSize;
                if (following < entries.size()) {
                    next = decoder.submit(() -> decode(loader, entries, following, batchSize));
                }
                List<float[]> features = embedder.embedRaw(batch);
                for (int i = 0; i < features.size(); i++) {
                    sink.accept(start + i, entries.get(start + i), features.get(i));
                }
                progress.done(Math.min(following, entries.size()), entries.size());
            }
        } finally {
            decoder.shutdownNow();
        }
    }

    private static List<BufferedImage> decode(FaceLoader loader, List<ImageSet.Entry> entries, int start, int size)
            throws IOException {
        int end = Math.min(entries.size(), start + size);
        List<BufferedImage> images = new ArrayList<>(end - start);
        for (int i = start; i < end; i++) {
            images.add(loader.load(entries.get(i)));
        }
        return images;
    }

    private static <T> T await(Future<T> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            throw new IllegalStateException(cause);
        }
    }
}
