package org.marginface.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.marginface.core.align.AlignJob;
import org.marginface.core.embed.NpyReader;
import org.marginface.core.image.FaceImages;
import org.marginface.core.testing.CropComparison;
import org.marginface.core.testing.TestData;
import org.marginface.core.testing.TestModels;

/** Raw photos through {@code align --detect} and {@code embed --detect}: detect, align the main face, embed. */
class DetectAlignEmbedTest {

    @TempDir
    Path tmp;

    private static final List<String> PHOTOS = List.of("Abdel_Madi_Shabneh/Abdel_Madi_Shabneh_0001.jpg",
            "Abdul_Rahman/Abdul_Rahman_0001.jpg", "Abel_Pacheco/Abel_Pacheco_0001.jpg");

    @Test
    void detectedFacesAlignLikeTheReferenceCropsAndEmbedAsTheirCrops() throws Exception {
        Path fold1 = TestData.require("lfw/lfw-deepfunneled-fold1");
        Path reference = TestData.require("lfw/lfw-112x96");
        String models = TestModels.require("mtcnn").toString();
        Path photos = tmp.resolve("photos");
        for (String name : PHOTOS) {
            Files.createDirectories(photos.resolve(name).getParent());
            Files.copy(fold1.resolve(name), photos.resolve(name));
        }
        Path aligned = tmp.resolve("aligned");
        assertEquals(0, Main.run("align", "--detect", "--models", models, "--images", photos.toString(), "--out",
                aligned.toString(), "--format", "png", "--threads", "1"));
        assertEquals(PHOTOS.size(), Files.readAllLines(aligned.resolve(AlignJob.DETECTED_FILE)).size());
        for (int i = 0; i < PHOTOS.size(); i++) {
            BufferedImage crop = FaceImages.read(aligned.resolve(PHOTOS.get(i).replace(".jpg", ".png")));
            assertEquals(96, crop.getWidth());
            double same = CropComparison.meanAbsoluteDifference(crop, FaceImages.read(reference.resolve(PHOTOS.get(i))));
            double other = CropComparison.meanAbsoluteDifference(crop, FaceImages.read(reference.resolve(PHOTOS.get((i + 1) % PHOTOS.size()))));
            System.out.printf("%s: mean |crop - reference| %.1f, against another face %.1f%n", PHOTOS.get(i), same, other);
            // the reference crops came from landmarks a few percent of the eye distance away from these
            assertTrue(same < 0.3 * other, PHOTOS.get(i) + ": " + same + " vs " + other);
        }

        Path model = tmp.resolve("model");
        assertEquals(0, Main.run("init", "--backbone", "sphereface4", "--out", model.toString()));
        Path fromPhotos = tmp.resolve("photos.npy");
        assertEquals(0, Main.run("embed", "--detect", "--models", models, "--model", model.toString(), "--images",
                photos.toString(), "--out", fromPhotos.toString()));
        Path fromCrops = tmp.resolve("crops.npy");
        assertEquals(0, Main.run("embed", "--model", model.toString(), "--images", aligned.toString(), "--out",
                fromCrops.toString()));
        float[][] a = NpyReader.read(fromPhotos);
        float[][] b = NpyReader.read(fromCrops);
        assertEquals(PHOTOS.size(), a.length);
        for (int i = 0; i < a.length; i++) {
            assertArrayEquals(b[i], a[i], 1e-4f, PHOTOS.get(i));
        }
        List<String> faces = Files.readAllLines(EmbedCommand.facesSidecar(fromPhotos));
        assertEquals(PHOTOS.size(), faces.size());
        JsonNode first = new ObjectMapper().readTree(faces.get(0));
        assertEquals(PHOTOS.get(0), first.get("image").asText());
        assertEquals(1, first.get("faces").size());
        assertEquals(4, first.get("faces").get(0).get("box").size());
    }

    @Test
    void allFacesAlignsEveryDetectedFaceWithTheMainFaceFirst() throws Exception {
        Path raw = TestData.require("celeba/raw-sample");
        String models = TestModels.require("mtcnn").toString();
        Path photos = tmp.resolve("photos");
        Files.createDirectories(photos.resolve("group"));
        // three people (docs/detection-several-faces.md) and one
        Files.copy(raw.resolve("027779.jpg"), photos.resolve("group/027779.jpg"));
        Files.copy(raw.resolve("006199.jpg"), photos.resolve("006199.jpg"));
        Path all = tmp.resolve("all");
        assertEquals(0, Main.run("align", "--detect", "--faces", "all", "--models", models, "--images",
                photos.toString(), "--out", all.toString(), "--format", "png", "--threads", "1"));
        Path main = tmp.resolve("main");
        assertEquals(0, Main.run("align", "--detect", "--models", models, "--images", photos.toString(), "--out",
                main.toString(), "--format", "png", "--threads", "1"));

        List<String> lines = Files.readAllLines(all.resolve(AlignJob.DETECTED_FACES_FILE));
        assertEquals(2, lines.size());
        int crops = 0;
        for (String line : lines) {
            JsonNode photo = new ObjectMapper().readTree(line);
            JsonNode names = photo.get("crops");
            assertEquals(photo.get("faces").size(), names.size(), line);
            for (int k = 0; k < names.size(); k++) {
                String name = names.get(k).asText();
                assertEquals(AlignJob.faceName(photo.get("image").asText(), k + 1).replace(".jpg", ".png"), name);
                BufferedImage crop = FaceImages.read(all.resolve(name));
                assertEquals(96, crop.getWidth());
                assertEquals(112, crop.getHeight());
                crops++;
            }
            // face 1 is the face that --faces main aligns (the same detection: equal up to float noise)
            String image = photo.get("image").asText();
            double difference = CropComparison.meanAbsoluteDifference(FaceImages.read(all.resolve(names.get(0).asText())),
                    FaceImages.read(main.resolve(image.replace(".jpg", ".png"))));
            assertTrue(difference < 0.5, image + ": " + difference);
        }
        assertEquals(3 + 1, crops, "crops of the group photo's three faces and the portrait's one");
        assertTrue(Files.isRegularFile(all.resolve("group/027779_face3.png")));
        assertTrue(Files.notExists(all.resolve("group/027779.png")));
    }
}
