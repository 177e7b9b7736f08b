package io.logpush.cloudflare;

import okhttp3.Request;

/**
 * Cloudflare credentials: an API token (sent as a bearer token, preferred) or the legacy global key
 * (X-Auth-Email + X-Auth-Key). Exactly one scheme is ever sent. {@link #toString()} never shows a secret.
 */
public record Credentials(String token, String email, String key) {

    public static Credentials token(String token) {
        return new Credentials(token, null, null);
    }

    public static Credentials globalKey(String email, String key) {
        return new Credentials(null, email, key);
    }

    public boolean isToken() {
        return token != null;
    }

    void apply(Request.Builder request) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        } else {
            request.header("X-Auth-Email", email);
            request.header("X-Auth-Key", key);
        }
    }

    /** curl header arguments that name the credential by its environment variable, never its value. */
    public String curlHeaders() {
        return token != null
                ? "-H \"Authorization: Bearer $CLOUDFLARE_API_TOKEN\""
                : "-H \"X-Auth-Email: $CLOUDFLARE_EMAIL\" -H \"X-Auth-Key: $CLOUDFLARE_API_KEY\"";
    }

    @Override
    public String toString() {
        return token != null ? "Credentials[token]" : "Credentials[global key]";
    }
}
