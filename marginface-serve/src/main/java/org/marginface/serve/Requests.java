package org.marginface.serve;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Request parsing and its limits: the body within {@code maxRequestBytes} (declared or not), strict
 * JSON (one object, nothing after it, no duplicate keys), the form of an image request, and the
 * checks of ids, names and paging parameters. Every refusal is a 4xx {@link ApiException} naming the field.
 */
final class Requests {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    static final int MAX_NAME = 200;

    private final long maxBytes;
    private final ObjectMapper json = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    Requests(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** The request's fields from a JSON object or a multipart form; else 415. */
    FaceForm form(Context ctx) {
        String type = mediaType(ctx);
        if (type.equals("application/json")) {
            return FaceForm.json(jsonObject(ctx));
        }
        if (type.equals("multipart/form-data")) {
            checkDeclaredLength(ctx);
            return FaceForm.multipart(ctx);
        }
        throw new ApiException(415, "unsupported_media_type", "send application/json or multipart/form-data");
    }

    /** The body as one JSON object; 415 for another type, 400 for anything but exactly one object. */
    ObjectNode jsonObject(Context ctx) {
        if (!mediaType(ctx).equals("application/json")) {
            throw new ApiException(415, "unsupported_media_type", "send application/json");
        }
        byte[] body = boundedBody(ctx);
        try {
            JsonNode node = json.readTree(body);
            if (!(node instanceof ObjectNode object)) {
                throw ApiException.badRequest("bad_json", "the body must be a JSON object");
            }
            return object;
        } catch (JacksonException e) {
            // the position only: Jackson's own message may quote the body back
            String where = e.getLocation() == null ? "" : " (at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")";
            throw ApiException.badRequest("bad_json", "the body is not one valid JSON object with nothing after it"
                    + where);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the body up to the limit, whatever the declared length (chunked bodies declare none). */
    private byte[] boundedBody(Context ctx) {
        checkDeclaredLength(ctx);
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (body.length > maxBytes) {
                throw tooLarge();
            }
            return body;
        } catch (IOException e) {
            throw ApiException.badRequest("bad_body", "cannot read the request body");
        }
    }

    private void checkDeclaredLength(Context ctx) {
        if (ctx.req().getContentLengthLong() > maxBytes) {
            throw tooLarge();
        }
    }

    ApiException tooLarge() {
        return new ApiException(413, "too_large", "the request body exceeds the limit of " + maxBytes + " bytes");
    }

    private static String mediaType(Context ctx) {
        String type = ctx.contentType();
        if (type == null) {
            return "";
        }
        int semicolon = type.indexOf(';');
        return (semicolon < 0 ? type : type.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    /** A path parameter that must be an id. */
    static String id(Context ctx, String param) {
        return id(ctx.pathParam(param), param);
    }

    static String id(String id, String what) {
        if (id == null || !ID.matcher(id).matches()) {
            throw ApiException.badRequest("bad_id", what + ": expected 1 to 64 characters of A-Z a-z 0-9 _ -");
        }
        return id;
    }

    /**
     * A subject's name: a non-blank string of at most {@link #MAX_NAME} characters without control
     * characters or lone surrogates (half of a UTF-16 pair, which no UTF-8 text can carry: it was
     * answered as '?' and stored as U+FFFD).
     */
    static String name(JsonNode node) {
        if (node == null || !node.isTextual() || node.textValue().isBlank()) {
            throw ApiException.badRequest("bad_name", "name: expected a non-empty string");
        }
        String name = node.textValue().strip();
        if (name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.badRequest("bad_name", "name: at most " + MAX_NAME + " characters, no control characters");
        }
        if (name.codePoints().anyMatch(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE)) {
            throw ApiException.badRequest("bad_name", "name: contains a lone UTF-16 surrogate (not a character)");
        }
        return name;
    }

    /** An optional integer query parameter within {@code [min, max]}. */
    static int queryInt(Context ctx, String name, int fallback, int min, int max) {
        Optional<String> text = Optional.ofNullable(ctx.queryParam(name));
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            int v = Integer.parseInt(text.get().trim());
            if (v < min || v > max) {
                throw ApiException.badRequest("bad_field", name + ": expected " + min + " to " + max);
            }
            return v;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("bad_field", name + ": expected an integer");
        }
    }
}
