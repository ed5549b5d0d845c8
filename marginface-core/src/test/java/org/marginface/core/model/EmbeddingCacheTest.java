package org.marginface.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.marginface.core.embed.Embedder;
import org.marginface.core.embed.EmbeddingCache;
import org.marginface.core.embed.FlipFusion;
import org.marginface.core.image.FaceImages;
import org.marginface.core.image.ImageSet;

class EmbeddingCacheTest {

    @TempDir
    Path tmp;

    @Test
    void servesEveryFusionFromOneEntryAndReembedsAChangedImage() throws Exception {
        Path images = tmp.resolve("images");
        Files.createDirectories(images);
        for (int i = 0; i < 3; i++) {
            ImageIO.write(ModelDirectoryTest.noise(i), "png", images.resolve("face" + i + ".png").toFile());
        }
        ImageSet set = ImageSet.of(images);
        int[] embedded = {0};
        try (FaceModel model = FaceModel.create(ModelDirectoryTest.SMALL, null, 0, 2);
                Embedder direct = model.embedder(FlipFusion.SUM)) {
            EmbeddingCache cache = EmbeddingCache.open(tmp.resolve("cache"), model);
            List<float[]> sum = cache.features(model, set, FlipFusion.SUM, 2, (done, total) -> embedded[0] = done);
            assertEquals(3, embedded[0]);
            List<BufferedImage> decoded = List.of(FaceImages.read(images.resolve("face0.png")),
                    FaceImages.read(images.resolve("face1.png")), FaceImages.read(images.resolve("face2.png")));
            List<float[]> reference = direct.embedRaw(decoded);
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(reference.get(i), sum.get(i), 1e-5f);
            }

            // a fresh process: everything comes from disk, in every fusion
            EmbeddingCache reopened = EmbeddingCache.open(tmp.resolve("cache"), model);
            assertEquals(3, reopened.size());
            embedded[0] = 0;
            List<float[]> concat = reopened.features(model, set, FlipFusion.CONCAT, 2, (done, total) -> embedded[0] = done);
            assertEquals(0, embedded[0]);
            assertEquals(128, concat.get(0).length);
            assertArrayEquals(sum.get(1), reopened.features(model, set, FlipFusion.SUM, 2, (d, t) -> { }).get(1));

            // change one image: only it is embedded again
            ImageIO.write(ModelDirectoryTest.noise(42), "png", images.resolve("face1.png").toFile());
            List<float[]> after = reopened.features(model, set, FlipFusion.SUM, 2, (done, total) -> embedded[0] = done);
            assertEquals(1, embedded[0]);
            assertArrayEquals(sum.get(0), after.get(0));
            assertFalse(java.util.Arrays.equals(sum.get(1), after.get(1)));

            // a torn last record (a crash mid-append) is dropped, the rest survives
            Path file = reopened.file();
            byte[] bytes = Files.readAllBytes(file);
            Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 10));
            assertEquals(3, EmbeddingCache.open(tmp.resolve("cache"), model).size());
        }
    }
}
