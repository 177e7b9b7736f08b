package io.logpush.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

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

    /**
     * A job as Cloudflare returns it: fixtures/job_sekoia_firewall_events.json (job 147, sending firewall_events to
     * Sekoia with ApiTest's intake key) with the given fields set, as in {@link #with}.
     */
    public static String job(Object... keysAndValues) {
        return with(fixture("job_sekoia_firewall_events.json"), keysAndValues);
    }

    /**
     * The JSON object {@code json} with each key set to its value (a String, number, boolean, null or JsonNode),
     * replacing a field in place or adding it at the end; as compact JSON.
     */
    public static String with(String json, Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values come in pairs");
        }
        ObjectNode node = (ObjectNode) json(json);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            node.set((String) keysAndValues[i], MAPPER.valueToTree(keysAndValues[i + 1]));
        }
        return node.toString();
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
