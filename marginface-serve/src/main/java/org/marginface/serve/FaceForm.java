package org.marginface.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The fields of a request that carries images, whichever way it came: a JSON object (images as
 * base64 strings or {@code {"data": base64, "landmarks": [x1, y1, … x5, y5]}}) or a multipart form
 * (images as file parts, landmarks as text fields named like the image field with {@code landmarks}
 * for {@code image}: {@code image1} → {@code landmarks1}; repeated in order for {@code images}).
 */
interface FaceForm {

    /** The images of a field, in order (empty when absent). */
    List<FaceUpload> images(String field);

    /** A text field. */
    Optional<String> text(String field);

    static String landmarksField(String imageField) {
        return imageField.equals("images") ? "landmarks" : imageField.replace("image", "landmarks");
    }

    /** A JSON request body. */
    static FaceForm json(JsonNode body) {
        if (!(body instanceof ObjectNode object)) {
            throw ApiException.badRequest("bad_json", "the body must be a JSON object");
        }
        return new FaceForm() {
            @Override
            public List<FaceUpload> images(String field) {
                JsonNode node = object.get(field);
                if (node == null || node.isNull()) {
                    return List.of();
                }
                List<FaceUpload> out = new ArrayList<>();
                if (node.isArray()) {
                    for (int i = 0; i < node.size(); i++) {
                        out.add(image(field + "[" + i + "]", node.get(i)));
                    }
                } else {
                    out.add(image(field, node));
                }
                return out;
            }

            @Override
            public Optional<String> text(String field) {
                JsonNode node = object.get(field);
                if (node == null || node.isNull()) {
                    return Optional.empty();
                }
                if (!node.isValueNode() || node.isBinary()) {
                    throw ApiException.badRequest("bad_field", field + ": expected a string or a number");
                }
                return Optional.of(node.asText());
            }
        };
    }

    private static FaceUpload image(String field, JsonNode node) {
        if (node.isTextual()) {
            return new FaceUpload(field, base64(field, node.asText()), null);
        }
        if (!node.isObject() || !node.path("data").isTextual()) {
            throw ApiException.badRequest("bad_field", field
                    + ": expected a base64 string or an object {\"data\": base64, \"landmarks\": [10 numbers]}");
        }
        JsonNode marks = node.get("landmarks");
        double[] landmarks = null;
        if (marks != null && !marks.isNull()) {
            if (!marks.isArray()) {
                throw ApiException.badRequest("bad_landmarks", field + ".landmarks: expected 10 numbers");
            }
            landmarks = new double[marks.size()];
            for (int i = 0; i < marks.size(); i++) {
                if (!marks.get(i).isNumber()) {
                    throw ApiException.badRequest("bad_landmarks", field + ".landmarks: expected 10 numbers");
                }
                landmarks[i] = marks.get(i).asDouble();
            }
            landmarks = checkLandmarks(field, landmarks);
        }
        return new FaceUpload(field, base64(field, node.get("data").asText()), landmarks);
    }

    private static byte[] base64(String field, String text) {
        String data = text;
        if (data.startsWith("data:")) {
            int comma = data.indexOf(',');
            data = comma < 0 ? "" : data.substring(comma + 1);
        }
        try {
            return Base64.getMimeDecoder().decode(data);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("bad_base64", field + ": not valid base64");
        }
    }

    static double[] parseLandmarks(String field, String text) {
        String[] parts = text.trim().split("[\\s,]+");
        double[] xy = new double[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) {
                xy[i] = Double.parseDouble(parts[i]);
            }
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("bad_landmarks", field + ": expected 10 numbers x1 y1 … x5 y5");
        }
        return checkLandmarks(field, xy);
    }

    private static double[] checkLandmarks(String field, double[] xy) {
        if (xy.length != 10) {
            throw ApiException.badRequest("bad_landmarks", field + ": expected 10 numbers (five x, y points), got "
                    + xy.length);
        }
        for (double v : xy) {
            if (!Double.isFinite(v)) {
                throw ApiException.badRequest("bad_landmarks", field + ": landmarks must be finite numbers");
            }
        }
        return xy;
    }

    /** A multipart form; Jetty enforces the size limits while parsing. */
    static FaceForm multipart(Context ctx) {
        return new FaceForm() {
            @Override
            public List<FaceUpload> images(String field) {
                List<UploadedFile> files = parts(() -> ctx.uploadedFiles(field));
                List<String> marks = parts(() -> ctx.formParams(landmarksField(field)));
                if (!marks.isEmpty() && marks.size() != files.size()) {
                    throw ApiException.badRequest("bad_landmarks", landmarksField(field) + ": " + marks.size()
                            + " landmark fields for " + files.size() + " images; send one per image (empty for a crop)");
                }
                List<FaceUpload> out = new ArrayList<>();
                for (int i = 0; i < files.size(); i++) {
                    String name = files.size() == 1 ? field : field + "[" + i + "]";
                    byte[] bytes;
                    try (InputStream in = files.get(i).content()) {
                        bytes = in.readAllBytes();
                    } catch (IOException e) {
                        throw ApiException.badRequest("bad_multipart", name + ": cannot read the part");
                    }
                    String m = marks.isEmpty() ? "" : marks.get(i);
                    out.add(new FaceUpload(name, bytes, m.isBlank() ? null : parseLandmarks(landmarksField(field), m)));
                }
                return out;
            }

            @Override
            public Optional<String> text(String field) {
                return Optional.ofNullable(parts(() -> ctx.formParam(field)));
            }
        };
    }

    private static <T> T parts(java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (ApiException e) {
            throw e;
        } catch (Exception e) {
            // Jetty's parser throws IOException (undeclared, through Kotlin) or IllegalStateException for limits
            String message = String.valueOf(e.getMessage()) + " " + (e.getCause() == null ? "" : e.getCause().getMessage());
            if (message.contains("exceeds") || message.contains("too large") || message.contains("max")) {
                throw new ApiException(413, "too_large", "the multipart request exceeds the size limit");
            }
            throw ApiException.badRequest("bad_multipart", "malformed multipart request");
        }
    }
}
