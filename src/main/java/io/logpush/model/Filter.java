package io.logpush.model;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A Logpush filter: a JSON object with a {@code where} key, at most 1,000 bytes, sent as a JSON string. */
public final class Filter {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final String EXAMPLE =
            "for example {\"where\":{\"key\":\"ClientRequestHost\",\"operator\":\"eq\",\"value\":\"example.com\"}}";

    private Filter() {
    }

    /** The filter checked and written compactly; {@code label} names it in messages ("--filter", "'filter'"). */
    public static String normalise(String text, String label) {
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw LogpushException.usage(label + " is not valid JSON: " + e.getOriginalMessage(),
                    EXAMPLE);
        }
        if (node == null || !node.isObject() || !node.has("where")) {
            throw LogpushException.usage(label + " must be a JSON object with a \"where\" key",
                    EXAMPLE);
        }
        String compact = node.toString();
        int bytes = compact.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > 1000) {
            throw LogpushException.usage(label + " is " + bytes + " bytes; Cloudflare accepts at most 1,000",
                    "combine conditions with 'in' instead of many 'or' branches");
        }
        return compact;
    }

    /** Whether two filters mean the same (both empty, or the same JSON). */
    public static boolean same(String a, String b) {
        boolean aEmpty = a == null || a.isBlank();
        boolean bEmpty = b == null || b.isBlank();
        if (aEmpty || bEmpty) {
            return aEmpty == bEmpty;
        }
        try {
            return MAPPER.readTree(a).equals(MAPPER.readTree(b));
        } catch (JsonProcessingException e) {
            return a.equals(b);
        }
    }
}
