package org.marginface.serve;

/**
 * A request the service refuses, with the HTTP status and a stable machine-readable code. The
 * message goes to the client, so it must never carry keys, stack traces or server paths.
 */
public final class ApiException extends RuntimeException {

    private final int status;
    private final String code;

    public ApiException(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    static ApiException badRequest(String code, String message) {
        return new ApiException(400, code, message);
    }

    static ApiException notFound(String what) {
        return new ApiException(404, "not_found", what);
    }
}
