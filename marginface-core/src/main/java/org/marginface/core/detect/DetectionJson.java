package org.marginface.core.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.marginface.core.align.FaceLandmarks;
import org.marginface.core.align.Point;

/**
 * Detections as JSON: {@code {"box": [x1, y1, x2, y2], "score": s, "landmarks": [[x, y], …]}} per
 * face, in the photo's pixel coordinates (0-based pixel centres), coordinates to 0.01 px.
 */
public final class DetectionJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DetectionJson() {}

    public static ObjectNode face(DetectedFace face) {
        ObjectNode node = JSON.createObjectNode();
        FaceBox b = face.box();
        ArrayNode box = node.putArray("box");
        for (double v : new double[] {b.x1(), b.y1(), b.x2(), b.y2()}) {
            box.add(round(v, 100));
        }
        node.put("score", round(face.score(), 1e6));
        ArrayNode marks = node.putArray("landmarks");
        for (Point p : face.landmarks().points()) {
            marks.addArray().add(round(p.x(), 100)).add(round(p.y(), 100));
        }
        return node;
    }

    public static ArrayNode faces(List<DetectedFace> faces) {
        ArrayNode array = JSON.createArrayNode();
        faces.forEach(f -> array.add(face(f)));
        return array;
    }

    /** One photo's line: its name, its size and its faces. */
    public static ObjectNode photo(String image, int width, int height, List<DetectedFace> faces) {
        ObjectNode node = JSON.createObjectNode();
        node.put("image", image);
        node.put("width", width);
        node.put("height", height);
        node.set("faces", faces(faces));
        return node;
    }

    /** The faces of a {@link #faces} array (as read back from a detection file). */
    public static List<DetectedFace> parseFaces(JsonNode array) {
        List<DetectedFace> faces = new ArrayList<>();
        for (JsonNode f : array) {
            JsonNode b = f.get("box");
            double[] xy = new double[2 * FaceLandmarks.COUNT];
            JsonNode points = f.get("landmarks");
            for (int i = 0; i < FaceLandmarks.COUNT; i++) {
                xy[2 * i] = points.get(i).get(0).asDouble();
                xy[2 * i + 1] = points.get(i).get(1).asDouble();
            }
            faces.add(new DetectedFace(new FaceBox(b.get(0).asDouble(), b.get(1).asDouble(), b.get(2).asDouble(),
                    b.get(3).asDouble()), f.get("score").asDouble(), FaceLandmarks.of(xy)));
        }
        return faces;
    }

    public static String toLine(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double round(double v, double scale) {
        return Math.round(v * scale) / scale;
    }
}
