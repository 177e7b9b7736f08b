package io.logpush.cloudflare;

import okhttp3.Request;

/**
 * Cloudflare credentials: an API token (sent as a bearer token, preferred) or the legacy global key
 * (X-Auth-Email + X-Auth-Key). Exactly one scheme is ever sent. {@link #toString()} never shows a secret.
 */
public record Credentials(String token, String email, String key, String tokenRef) {

    /** A token from $CLOUDFLARE_API_TOKEN. */
    public static Credentials token(String token) {
        return token(token, "$CLOUDFLARE_API_TOKEN");
    }

    /**
     * A token, and how a shell command names it where it came from ({@code $CF_API_TOKEN},
     * {@code "$(cat /path/to/file)"}), for the curl commands of hints and dry runs: never its value.
     */
    public static Credentials token(String token, String tokenRef) {
        return new Credentials(token, null, null, tokenRef);
    }

    public static Credentials globalKey(String email, String key) {
        return new Credentials(null, email, key, null);
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
                ? "-H \"Authorization: Bearer " + tokenRef + "\""
                : "-H \"X-Auth-Email: $CLOUDFLARE_EMAIL\" -H \"X-Auth-Key: $CLOUDFLARE_API_KEY\"";
    }

    /**
     * A curl command that asks {@code base} whether these credentials work: the token's own verification, or a
     * read of the user for the global key.
     */
    public String verifyCommand(String base) {
        return "curl " + curlHeaders() + " " + base + (token != null ? "/user/tokens/verify" : "/user");
    }

    @Override
    public String toString() {
        return token != null ? "Credentials[token]" : "Credentials[global key]";
    }
}
