package org.marginface.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.marginface.core.backbone.BackboneSpec;
import org.marginface.core.embed.Embedder;
import org.marginface.core.embed.FlipFusion;
import org.marginface.core.head.HeadSpec;

class ModelDirectoryTest {

    static final BackboneSpec SMALL = new BackboneSpec("sphereface", 10, 112, 96, 64);

    @TempDir
    Path tmp;

    @Test
    void aSavedAndReloadedModelGivesIdenticalEmbeddings() throws Exception {
        List<BufferedImage> faces = List.of(noise(1), noise(2), noise(3));
        Path dir = tmp.resolve("model");
        List<float[]> before;
        try (FaceModel model = FaceModel.create(SMALL, HeadSpec.AmSoftmax.paper(), 10, 5);
                Embedder embedder = model.embedder(FlipFusion.SUM)) {
            before = embedder.embedRaw(faces);
            ModelDirectory.save(model, dir);
        }
        try (FaceModel loaded = ModelDirectory.load(dir);
                Embedder embedder = loaded.embedder(FlipFusion.SUM)) {
            List<float[]> after = embedder.embedRaw(faces);
            for (int i = 0; i < faces.size(); i++) {
                assertArrayEquals(before.get(i), after.get(i));
            }
            assertEquals(HeadSpec.AmSoftmax.paper(), loaded.manifest().head());
            assertEquals(10, loaded.head().numClasses());
        }
    }

    @Test
    void mirrorFusionIsTheSumOfTheImageAndItsMirror() throws Exception {
        BufferedImage face = noise(9);
        BufferedImage mirror = new BufferedImage(96, 112, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 112; y++) {
            for (int x = 0; x < 96; x++) {
                mirror.setRGB(95 - x, y, face.getRGB(x, y));
            }
        }
        try (FaceModel model = FaceModel.create(SMALL, null, 0, 5);
                Embedder none = model.embedder(FlipFusion.NONE);
                Embedder sum = model.embedder(FlipFusion.SUM);
                Embedder concat = model.embedder(FlipFusion.CONCAT)) {
            List<float[]> plain = none.embedRaw(List.of(face, mirror));
            float[] fused = sum.embedRaw(List.of(face)).get(0);
            float[] joined = concat.embedRaw(List.of(face)).get(0);
            assertEquals(128, joined.length);
            for (int i = 0; i < 64; i++) {
                assertEquals(plain.get(0)[i] + plain.get(1)[i], fused[i], 1e-4);
                assertEquals(plain.get(0)[i], joined[i], 1e-4);
                assertEquals(plain.get(1)[i], joined[64 + i], 1e-4);
            }
        }
    }

    @Test
    void aManifestMismatchIsRefusedNamingTheField() throws Exception {
        Path dir = tmp.resolve("m");
        try (FaceModel model = FaceModel.create(SMALL, null, 0, 1)) {
            ModelDirectory.save(model, dir);
        }
        // the caller expects another network
        var e1 = assertThrows(ModelFormatException.class,
                () -> ModelDirectory.load(dir, new BackboneSpec("sphereface", 10, 112, 112, 64)).close());
        assertTrue(e1.getMessage().contains("backbone.inputWidth"), e1.getMessage());

        // the manifest was edited to claim another embedding size than the weights hold
        Path manifest = dir.resolve(Manifest.FILE_NAME);
        String original = Files.readString(manifest);
        Files.writeString(manifest, original.replace("\"embeddingSize\" : 64", "\"embeddingSize\" : 32"));
        var e2 = assertThrows(ModelFormatException.class, () -> ModelDirectory.load(dir).close());
        assertTrue(e2.getMessage().contains("embeddingSize"), e2.getMessage());

        // an unknown field, a wrong format version, a damaged weights file
        Files.writeString(manifest, original.replace("\"seed\"", "\"sed\""));
        var e3 = assertThrows(ModelFormatException.class, () -> ModelDirectory.load(dir).close());
        assertTrue(e3.getMessage().contains("'sed'"), e3.getMessage());
        Files.writeString(manifest, original.replace("\"formatVersion\" : 1", "\"formatVersion\" : 7"));
        var e4 = assertThrows(ModelFormatException.class, () -> ModelDirectory.load(dir).close());
        assertTrue(e4.getMessage().contains("formatVersion"), e4.getMessage());
        Files.writeString(manifest, original);
        byte[] weights = Files.readAllBytes(dir.resolve(Manifest.BACKBONE_FILE));
        weights[weights.length - 3] ^= 1;
        Files.write(dir.resolve(Manifest.BACKBONE_FILE), weights);
        var e5 = assertThrows(ModelFormatException.class, () -> ModelDirectory.load(dir).close());
        assertTrue(e5.getMessage().contains("files.backbone.params"), e5.getMessage());
    }

    @Test
    void aWrongSizedImageIsRefusedWithItsSize() throws Exception {
        try (FaceModel model = FaceModel.create(SMALL, null, 0, 1);
                Embedder embedder = model.embedder(FlipFusion.SUM)) {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> embedder.embedRaw(List.of(new BufferedImage(250, 250, BufferedImage.TYPE_INT_RGB))));
            assertTrue(e.getMessage().contains("250x250"), e.getMessage());
        }
    }

    static BufferedImage noise(long seed) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(96, 112, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 112; y++) {
            for (int x = 0; x < 96; x++) {
                image.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        return image;
    }
}
