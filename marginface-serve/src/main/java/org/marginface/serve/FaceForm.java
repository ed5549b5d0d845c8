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
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * The fields of a request that carries images, whichever way it came: a JSON object (an image as a
 * base64 string or {@code {"data": base64, "landmarks": [x1, y1, … x5, y5]}}; {@code images} as an
 * array of those) or a multipart form (images as file parts, landmarks as text fields named like the
 * image field with {@code landmarks} for {@code image}: {@code image1} → {@code landmarks1}; repeated
 * in order for {@code images}).
 *
 * <p>JSON fields are taken as they are typed: nothing is coerced (a number is no string, a string no
 * number, null no value), and a refusal names the field.
 */
interface FaceForm {

    /** The one image of a field, or empty when absent. */
    Optional<FaceUpload> image(String field);

    /** The images of a list field ({@code images}), in order (empty when absent). */
    List<FaceUpload> images(String field);

    /** A string field. */
    Optional<String> string(String field);

    /** An integer field within {@code [min, max]}. */
    OptionalInt integer(String field, int min, int max);

    static String landmarksField(String imageField) {
        return imageField.equals("images") ? "landmarks" : imageField.replace("image", "landmarks");
    }

    /** A JSON request body. */
    static FaceForm json(ObjectNode object) {
        return new FaceForm() {
            @Override
            public Optional<FaceUpload> image(String field) {
                JsonNode node = object.get(field);
                if (node == null) {
                    return Optional.empty();
                }
                return Optional.of(FaceForm.image(field, node));
            }

            @Override
            public List<FaceUpload> images(String field) {
                JsonNode node = object.get(field);
                if (node == null) {
                    return List.of();
                }
                if (!node.isArray()) {
                    throw ApiException.badRequest("bad_field", field + ": expected an array of images");
                }
                List<FaceUpload> out = new ArrayList<>();
                for (int i = 0; i < node.size(); i++) {
                    out.add(FaceForm.image(field + "[" + i + "]", node.get(i)));
                }
                return out;
            }

            @Override
            public Optional<String> string(String field) {
                JsonNode node = object.get(field);
                if (node == null) {
                    return Optional.empty();
                }
                if (!node.isTextual()) {
                    throw ApiException.badRequest("bad_field", field + ": expected a string, got " + typeOf(node));
                }
                return Optional.of(node.textValue());
            }

            @Override
            public OptionalInt integer(String field, int min, int max) {
                JsonNode node = object.get(field);
                if (node == null) {
                    return OptionalInt.empty();
                }
                if (!node.isIntegralNumber() || !node.canConvertToInt()) {
                    throw ApiException.badRequest("bad_field", field + ": expected an integer from " + min + " to "
                            + max + ", got " + typeOf(node));
                }
                return OptionalInt.of(within(field, node.intValue(), min, max));
            }
        };
    }

    private static String typeOf(JsonNode node) {
        return switch (node.getNodeType()) {
            case NULL -> "null";
            case BOOLEAN -> "a boolean";
            case NUMBER -> node.isIntegralNumber() ? "an integer out of range" : "a fraction";
            case STRING -> "a string";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            default -> "another type";
        };
    }

    private static int within(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw ApiException.badRequest("bad_field", field + ": expected an integer from " + min + " to " + max
                    + ", got " + value);
        }
        return value;
    }

    private static FaceUpload image(String field, JsonNode node) {
        if (node.isTextual()) {
            return new FaceUpload(field, base64(field, node.textValue()), null);
        }
        if (!node.isObject() || !node.path("data").isTextual()) {
            throw ApiException.badRequest("bad_field", field
                    + ": expected a base64 string or an object {\"data\": base64, \"landmarks\": [10 numbers]}");
        }
        JsonNode marks = node.get("landmarks");
        double[] landmarks = null;
        if (marks != null) {
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
            landmarks = checkLandmarks(field + ".landmarks", landmarks);
        }
        return new FaceUpload(field, base64(field, node.get("data").textValue()), landmarks);
    }

    /** Line breaks (MIME base64) are the only characters allowed between the base64 ones. */
    Pattern LINE_BREAKS = Pattern.compile("[\r\n]+");

    private static byte[] base64(String field, String text) {
        String data = text;
        if (data.startsWith("data:")) {
            int comma = data.indexOf(',');
            data = comma < 0 ? "" : data.substring(comma + 1);
        }
        byte[] bytes;
        try {
            // the strict decoder: the MIME one skips characters outside the alphabet, so that garbage
            // decoded to a few stray bytes and was answered as a bad or empty image
            bytes = Base64.getDecoder().decode(LINE_BREAKS.matcher(data).replaceAll(""));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("bad_base64", field + ": not valid base64");
        }
        if (bytes.length == 0) {
            throw ApiException.badRequest("bad_image", field + ": empty image");
        }
        return bytes;
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
            public Optional<FaceUpload> image(String field) {
                List<FaceUpload> all = uploads(field);
                if (all.size() > 1) {
                    throw ApiException.badRequest("bad_field", field + ": expected one image, got " + all.size());
                }
                return all.stream().findFirst();
            }

            @Override
            public List<FaceUpload> images(String field) {
                return uploads(field);
            }

            private List<FaceUpload> uploads(String field) {
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
                    if (bytes.length == 0) {
                        throw ApiException.badRequest("bad_image", name + ": empty image");
                    }
                    String m = marks.isEmpty() ? "" : marks.get(i);
                    out.add(new FaceUpload(name, bytes, m.isBlank() ? null : parseLandmarks(landmarksField(field), m)));
                }
                return out;
            }

            @Override
            public Optional<String> string(String field) {
                return Optional.ofNullable(parts(() -> ctx.formParam(field)));
            }

            @Override
            public OptionalInt integer(String field, int min, int max) {
                Optional<String> text = string(field);
                if (text.isEmpty()) {
                    return OptionalInt.empty();
                }
                try {
                    return OptionalInt.of(within(field, Integer.parseInt(text.get().trim()), min, max));
                } catch (NumberFormatException e) {
                    throw ApiException.badRequest("bad_field", field + ": expected an integer from " + min + " to " + max);
                }
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
