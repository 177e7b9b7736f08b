package io.logpush.cloudflare;

/** One entry of the envelope's {@code errors} array. */
public record ApiError(int code, String message) {
    @Override
    public String toString() {
        return code > 0 ? code + ": " + message : message;
    }
}
