package org.marginface.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.marginface.core.testing.TestData;
import org.marginface.core.testing.TestModels;

class DetectCommandTest {

    @TempDir
    Path tmp;

    @Test
    void writesOneJsonLinePerPhotoWithBoxesScoresAndFiveLandmarks() throws Exception {
        Path lfw = TestData.require("lfw/lfw-deepfunneled-fold1");
        Path models = TestModels.require("mtcnn");
        Path celeba = TestData.require("celeba/raw-sample");
        Path broken = Files.write(tmp.resolve("broken.jpg"), new byte[] {1, 2, 3});
        List<Path> photos = List.of(lfw.resolve("Abdel_Madi_Shabneh/Abdel_Madi_Shabneh_0001.jpg"), celeba.resolve("000962.jpg"), broken);
        Path list = Files.write(tmp.resolve("photos.txt"), photos.stream().map(Path::toString).toList());
        Path out = tmp.resolve("faces.jsonl");
        Path drawn = tmp.resolve("drawn");

        assertEquals(0, Main.run("detect", "--images", list.toString(), "--out", out.toString(), "--models",
                models.toString(), "--draw", drawn.toString(), "--timing"));

        List<String> lines = Files.readAllLines(out);
        assertEquals(3, lines.size());
        ObjectMapper json = new ObjectMapper();
        JsonNode lfwLine = json.readTree(lines.get(0));
        assertEquals(photos.get(0).toString(), lfwLine.get("image").asText());
        assertEquals(250, lfwLine.get("width").asInt());
        JsonNode face = lfwLine.get("faces").get(0);
        JsonNode box = face.get("box");
        assertTrue(box.get(0).asDouble() < 103.0 && box.get(2).asDouble() > 143.5, box.toString());
        assertTrue(face.get("score").asDouble() > 0.9);
        assertEquals(5, face.get("landmarks").size());
        // the listed left eye of Abdel_Madi_Shabneh_0001 is at (103.0, 111.0), its inter-ocular distance 40 px
        JsonNode leftEye = face.get("landmarks").get(0);
        assertEquals(103.0, leftEye.get(0).asDouble(), 4);
        assertEquals(111.0, leftEye.get(1).asDouble(), 4);
        // 000962 has a second, small face
        assertEquals(2, json.readTree(lines.get(1)).get("faces").size());
        JsonNode error = json.readTree(lines.get(2));
        assertTrue(error.get("error").asText().contains("broken.jpg"), error.toString());
        assertEquals(0, error.get("faces").size());
        // absolute names are drawn inside the folder, not beside the photo
        Path png = drawn.resolve(DetectCommand.relativeName(photos.get(1).toString()) + ".png");
        assertTrue(png.startsWith(drawn) && Files.isRegularFile(png), png + " missing");
        assertEquals("a/_/b.jpg", DetectCommand.relativeName("/a/../b.jpg"));
    }

    @Test
    void missingWeightsSayWhereToGetThem() throws Exception {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true));
        try {
            Path photo = TestData.require("celeba/raw-sample").resolve("000962.jpg");
            int code = Main.run("detect", "--images", photo.toString(), "--out", tmp.resolve("x.jsonl").toString(),
                    "--models", tmp.toString());
            assertEquals(2, code);
            assertTrue(captured.toString().contains("github.com/kpzhang93/MTCNN_face_detection_alignment"),
                    captured.toString());
            assertTrue(Files.notExists(tmp.resolve("x.jsonl")));
            assertEquals(2, Main.run("detect", "--images", photo.toString(), "--out", tmp.resolve("x.json").toString()));
            assertTrue(captured.toString().contains(".jsonl"), captured.toString());
        } finally {
            System.setErr(err);
        }
    }
}
