package io.logpush.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** JSON for tests: the one mapper, files under fixtures/ and vectors/, and Cloudflare envelopes. */
public final class Fixtures {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Fixtures() {
    }

    /** A test resource's text: "fixtures/x.json" or "vectors/x.json". */
    public static String resource(String path) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String fixture(String name) {
        return resource("fixtures/" + name);
    }

    /** A real-world Cloudflare shape from vectors/ (copied from shared/reference/cloudflare/vectors). */
    public static String vector(String name) {
        return resource("vectors/" + name);
    }

    public static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An envelope with the given result JSON. */
    public static String ok(String resultJson) {
        return "{\"success\":true,\"errors\":[],\"messages\":[],\"result\":" + resultJson + "}";
    }

    /** A failed envelope with one error. */
    public static String error(int code, String message) {
        return "{\"success\":false,\"errors\":[{\"code\":" + code + ",\"message\":" + MAPPER.valueToTree(message)
                + "}],\"messages\":[],\"result\":null}";
    }
}
