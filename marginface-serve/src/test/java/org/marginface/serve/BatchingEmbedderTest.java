package org.marginface.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.marginface.core.backbone.BackboneSpec;
import org.marginface.core.embed.Embedder;
import org.marginface.core.embed.FlipFusion;
import org.marginface.core.model.FaceModel;

class BatchingEmbedderTest {

    private static BufferedImage noiseFace(long seed) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(96, 112, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 112; y++) {
            for (int x = 0; x < 96; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        return image;
    }

    @Test
    void concurrentFacesShareOneModelCallAndGetTheirOwnFeatures() throws Exception {
        BackboneSpec spec = BackboneSpec.parse("sphereface4", 112, 96, 64);
        try (FaceModel model = FaceModel.create(spec, null, 0, 3)) {
            List<BufferedImage> faces = List.of(noiseFace(1), noiseFace(2), noiseFace(3), noiseFace(4));
            List<float[]> expected = new ArrayList<>();
            try (Embedder alone = model.embedder(FlipFusion.SUM)) {
                for (BufferedImage f : faces) {
                    expected.add(alone.embedRaw(List.of(f)).get(0));
                }
            }
            ServiceMetrics metrics = new ServiceMetrics();
            // a batch of 4 closes as soon as the 4th face arrives: the long wait is never used up
            try (BatchingEmbedder batching = new BatchingEmbedder(model.embedder(FlipFusion.SUM), 4, 600_000, 64,
                    metrics)) {
                ExecutorService pool = Executors.newFixedThreadPool(4);
                List<Future<float[]>> results = new ArrayList<>();
                for (BufferedImage f : faces) {
                    results.add(pool.submit(() -> batching.embed(List.of(f)).get(0)));
                }
                for (int i = 0; i < faces.size(); i++) {
                    assertArrayEquals(expected.get(i), results.get(i).get(), 1e-4f);
                }
                pool.shutdown();
            }
            String text = metrics.prometheus();
            assertTrue(text.contains("marginface_model_batch_size_count 1\n"), text);
            assertTrue(text.contains("marginface_model_batch_size_bucket{le=\"2\"} 0\n"), text);
            assertTrue(text.contains("marginface_model_batch_size_bucket{le=\"4\"} 1\n"), text);
        }
    }

    @Test
    void aLoneFaceWaitsOnlyTheShortWait() {
        BackboneSpec spec = BackboneSpec.parse("sphereface4", 112, 96, 64);
        try (FaceModel model = FaceModel.create(spec, null, 0, 3)) {
            ServiceMetrics metrics = new ServiceMetrics();
            try (BatchingEmbedder batching = new BatchingEmbedder(model.embedder(FlipFusion.SUM), 32, 0, 64,
                    metrics)) {
                assertEquals(64, batching.embed(List.of(noiseFace(5))).get(0).length);
                assertEquals(2, batching.embed(List.of(noiseFace(6), noiseFace(7))).size());
            }
            assertTrue(metrics.prometheus().contains("marginface_model_batch_size_bucket{le=\"1\"} "),
                    metrics.prometheus());
        }
    }
}
