package org.marginface.serve;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty's own error answers (requests refused before they reach a route: malformed URIs, ambiguous
 * paths, bad headers) in the API's JSON error shape instead of Jetty's HTML page, without details.
 */
final class JsonErrorHandler extends ErrorHandler {

    static String body(int status) {
        String code = status == 413 ? "too_large" : status == 404 ? "not_found" : status < 500 ? "bad_request" : "internal";
        return "{\"error\":{\"code\":\"" + code + "\",\"message\":\"request refused by the HTTP server (" + status + ")\"}}";
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(body(status).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request,
            HttpServletResponse response, int code, String message) throws IOException {
        baseRequest.setHandled(true);
        response.setContentType("application/json");
        response.getOutputStream().write(body(code).getBytes(StandardCharsets.UTF_8));
    }
}
