package org.marginface.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.marginface.core.align.AlignmentTemplate;
import org.marginface.core.align.FaceAligner;
import org.marginface.core.detect.DetectedFace;
import org.marginface.core.detect.MtcnnDetector;
import org.marginface.core.embed.Embedder;
import org.marginface.core.embed.FlipFusion;
import org.marginface.core.embed.Vectors;
import org.marginface.core.image.FaceImages;
import org.marginface.core.testing.TestData;
import org.marginface.core.testing.TestModels;
import org.marginface.serve.RunningService.Answer;

/**
 * Raw photos without landmarks through the real service with MTCNN plugged in: the answer's embedding
 * is that of the main face aligned offline from its detected landmarks, and every answer names the
 * face box it used.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServiceDetectionTest {

    private static final double TOLERANCE = 1e-4;
    private static final String PERSON = "Abel_Pacheco";

    private Path fold1;
    private Path models;
    private MtcnnFaceDetector detector;
    private RunningService service;

    @BeforeAll
    void start() throws IOException {
        fold1 = TestData.require("lfw/lfw-deepfunneled-fold1");
        models = TestModels.require("mtcnn");
        detector = MtcnnFaceDetector.load(models, MtcnnDetector.Settings.DEFAULT, 1);
        service = RunningService.start(RunningService.testConfig(0.5), new TemplateAligner(), detector);
    }

    @AfterAll
    void stop() {
        if (service != null) {
            service.close();
        }
        if (detector != null) {
            detector.close();
        }
    }

    private Path photo(int n) {
        return fold1.resolve(PERSON).resolve(String.format("%s_%04d.jpg", PERSON, n));
    }

    @Test
    void rawPhotoEmbedsAsItsMainFaceAlignedOfflineFromTheDetectedLandmarks() throws IOException {
        FaceAligner aligner = new FaceAligner(AlignmentTemplate.SPHEREFACE_112X96);
        try (MtcnnDetector offline = MtcnnDetector.load(models, MtcnnDetector.Settings.DEFAULT);
                Embedder embedder = service.model.embedder(FlipFusion.SUM)) {
            for (int n = 1; n <= 2; n++) {
                BufferedImage image = FaceImages.read(photo(n));
                DetectedFace face = DetectedFace.main(offline.detect(image), image.getWidth(), image.getHeight())
                        .orElseThrow();
                float[] expected = Vectors.l2Normalize(
                        embedder.embedRaw(List.of(aligner.align(image, face.landmarks()))).get(0));

                Answer answer = service.postJson("/api/v1/embed", RunningService.CLIENT_KEY,
                        Map.of("image", RunningService.base64(photo(n))));
                assertEquals(200, answer.status(), answer.body());
                JsonNode embedding = answer.json().get("embedding");
                assertEquals(expected.length, embedding.size());
                for (int i = 0; i < expected.length; i++) {
                    assertEquals(expected[i], embedding.get(i).asDouble(), TOLERANCE, photo(n) + " [" + i + "]");
                }
                JsonNode box = answer.json().get("detection").get("box");
                double[] want = {face.box().x1(), face.box().y1(), face.box().x2(), face.box().y2()};
                for (int i = 0; i < 4; i++) {
                    assertEquals(want[i], box.get(i).asDouble(), 0.01, "box " + answer.body());
                }
                assertEquals(5, answer.json().get("detection").get("landmarks").size());
            }
        }
    }

    @Test
    void enrollIdentifyAndVerifyWithRawPhotosNameTheFacesUsed() throws IOException {
        Answer created = service.postJson("/api/v1/subjects", RunningService.ADMIN_KEY, Map.of("name", PERSON));
        assertEquals(201, created.status(), created.body());
        String id = created.json().get("id").asText();
        Answer enrolled = service.postJson("/api/v1/subjects/" + id + "/faces", RunningService.ADMIN_KEY,
                Map.of("images", List.of(RunningService.base64(photo(1)))));
        assertEquals(201, enrolled.status(), enrolled.body());
        assertEquals(4, enrolled.json().get("faces").get(0).get("detection").get("box").size(), enrolled.body());

        Answer identified = service.postJson("/api/v1/identify", RunningService.CLIENT_KEY,
                Map.of("image", RunningService.base64(photo(2))));
        assertEquals(200, identified.status(), identified.body());
        assertEquals(id, identified.json().get("candidates").get(0).get("subject").get("id").asText());
        assertEquals(4, identified.json().get("detection").get("box").size(), identified.body());

        Answer verified = service.postJson("/api/v1/verify", RunningService.CLIENT_KEY,
                Map.of("image1", RunningService.base64(photo(1)), "image2", RunningService.base64(photo(2))));
        assertEquals(200, verified.status(), verified.body());
        assertTrue(verified.json().get("detection1").has("box"), verified.body());
        assertTrue(verified.json().get("detection2").has("box"), verified.body());

        // an aligned crop is used as it is: no detection to report
        Path crop = TestData.require("lfw/lfw-112x96").resolve(PERSON).resolve(PERSON + "_0001.jpg");
        Answer byCrop = service.postJson("/api/v1/verify", RunningService.CLIENT_KEY,
                Map.of("image", RunningService.base64(crop), "subject", id));
        assertEquals(200, byCrop.status(), byCrop.body());
        assertTrue(byCrop.json().get("detection").isNull(), byCrop.body());
    }

    @Test
    void photoWithoutAFaceIsRefused() throws IOException {
        BufferedImage grey = new BufferedImage(200, 160, BufferedImage.TYPE_INT_RGB);
        var g = grey.createGraphics();
        g.setColor(java.awt.Color.GRAY);
        g.fillRect(0, 0, 200, 160);
        g.dispose();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(grey, "png", png);
        Answer answer = service.postJson("/api/v1/embed", RunningService.CLIENT_KEY,
                Map.of("image", Base64.getEncoder().encodeToString(png.toByteArray())));
        assertEquals(422, answer.status(), answer.body());
        assertEquals("no_face", answer.json().get("error").get("code").asText());
    }
}
