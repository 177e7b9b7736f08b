package io.logpush.model;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** A Logpush filter: a JSON object with a {@code where} key, at most 1,000 bytes, sent as a JSON string. */
public final class Filter {
    /**
     * The mappers, made at the first filter to read: a command given none (create, update without --filter) never
     * sets one up (an ObjectMapper's set-up is tens of milliseconds of a run's start).
     */
    private static final class Mappers {
        static final ObjectMapper PLAIN = new ObjectMapper();
        static final ObjectMapper STRICT = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
    }

    private static final String EXAMPLE =
            "for example {\"where\":{\"key\":\"ClientRequestHost\",\"operator\":\"eq\",\"value\":\"example.com\"}}";

    private Filter() {
    }

    /** Cloudflare's comparison operators (developers.cloudflare.com/logs/logpush/logpush-job/filters). */
    public static final List<String> OPERATORS = List.of("eq", "!eq", "lt", "leq", "gt", "geq", "startsWith",
            "endsWith", "!startsWith", "!endsWith", "contains", "!contains", "in", "!in");

    /**
     * The filter checked and written compactly; {@code label} names it in messages ("--filter", "'filter'").
     * Strict JSON (no trailing text, no repeated key), and the shape Cloudflare documents: {@code where} is a
     * condition {@code {"key", "operator", "value"}} or {@code {"and": [...]}} / {@code {"or": [...]}} of them.
     */
    public static String normalise(String text, String label) {
        if (text.length() > 64 * 1024) {
            throw LogpushException.usage(label + " is " + text.length() + " characters; Cloudflare accepts at most "
                    + "1,000 bytes", "combine conditions with 'in' instead of many 'or' branches");
        }
        JsonNode node;
        try {
            node = Mappers.STRICT.readTree(text);
        } catch (JsonProcessingException e) {
            throw LogpushException.usage(label + " is not valid JSON: " + describe(e), EXAMPLE);
        }
        if (node == null || node.isMissingNode() || !node.isObject() || !node.has("where")) {
            throw LogpushException.usage(label + " must be a JSON object with a \"where\" key", EXAMPLE);
        }
        node.fieldNames().forEachRemaining(k -> {
            if (!k.equals("where")) {
                throw LogpushException.usage(label + " has an unknown key \"" + k + "\": a filter has only "
                        + "\"where\"", EXAMPLE);
            }
        });
        condition(node.get("where"), "where", label, 0);
        String compact = compact(text);
        int bytes = compact.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > 1000) {
            throw LogpushException.usage(label + " is " + bytes + " bytes; Cloudflare accepts at most 1,000",
                    "combine conditions with 'in' instead of many 'or' branches");
        }
        return compact;
    }

    /**
     * The JSON without insignificant whitespace, every number exactly as written ({@code 1e2} stays {@code 1e2},
     * {@code 1e999} is not turned into Infinity): a token-by-token copy, not a round trip through doubles.
     */
    private static String compact(String text) {
        StringWriter w = new StringWriter();
        try (JsonParser p = Mappers.PLAIN.getFactory().createParser(text);
             JsonGenerator g = Mappers.PLAIN.getFactory().createGenerator(w)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                    g.writeNumber(p.getText());
                } else {
                    g.copyCurrentEvent(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /** One condition at {@code path} ("where", "where.and[1]"): a comparison, or "and"/"or" of conditions. */
    private static void condition(JsonNode c, String path, String label, int depth) {
        String hint = "a condition is {\"key\":FIELD,\"operator\":OP,\"value\":V} or {\"and\":[…]} or {\"or\":[…]}";
        if (c == null || !c.isObject() || c.isEmpty()) {
            throw LogpushException.usage(label + ": \"" + path + "\" must be a condition object, not "
                    + (c == null || c.isNull() ? "null" : c.isObject() ? "{}" : c.getNodeType().toString()
                    .toLowerCase(Locale.ROOT)), hint);
        }
        if (depth > 20) {
            throw LogpushException.usage(label + ": conditions nested more than 20 deep at \"" + path + "\"", hint);
        }
        if (c.has("and") || c.has("or")) {
            String op = c.has("and") ? "and" : "or";
            if (c.size() != 1) {
                throw LogpushException.usage(label + ": \"" + path + "\" has \"" + op + "\" and other keys ("
                        + String.join(", ", names(c)) + "); give \"" + op + "\" alone", hint);
            }
            JsonNode list = c.get(op);
            if (!list.isArray() || list.isEmpty()) {
                throw LogpushException.usage(label + ": \"" + path + "." + op + "\" must be a non-empty list of "
                        + "conditions", hint);
            }
            for (int i = 0; i < list.size(); i++) {
                condition(list.get(i), path + "." + op + "[" + i + "]", label, depth + 1);
            }
            return;
        }
        for (String k : names(c)) {
            if (!k.equals("key") && !k.equals("operator") && !k.equals("value")) {
                throw LogpushException.usage(label + ": \"" + path + "\" has an unknown key \"" + k + "\"", hint);
            }
        }
        JsonNode key = c.get("key");
        if (key == null || !key.isTextual() || key.asText().isBlank()) {
            throw LogpushException.usage(label + ": \"" + path + ".key\" must be a field name", hint);
        }
        JsonNode operator = c.get("operator");
        if (operator == null || !operator.isTextual() || !OPERATORS.contains(operator.asText())) {
            String given = operator == null ? "missing" : operator.isTextual() ? "'" + operator.asText() + "'"
                    : operator.toString();
            String near = operator != null && operator.isTextual() ? Validate.closest(operator.asText(), OPERATORS)
                    : null;
            throw LogpushException.usage(label + ": \"" + path + ".operator\" is " + given + "; expected one of "
                    + String.join(", ", OPERATORS), near != null ? "did you mean '" + near + "'?" : hint);
        }
        JsonNode value = c.get("value");
        boolean list = operator.asText().endsWith("in");
        if (value == null || value.isNull() || value.isObject() || (value.isArray() && !list)) {
            throw LogpushException.usage(label + ": \"" + path + ".value\" must be a string, number or boolean"
                    + (list ? ", or a list of them" : ""), hint);
        }
        if (value.isArray()) {
            for (JsonNode v : value) {
                if (!v.isValueNode() || v.isNull()) {
                    throw LogpushException.usage(label + ": \"" + path + ".value\" must list strings, numbers or "
                            + "booleans", hint);
                }
            }
        }
    }

    private static List<String> names(JsonNode o) {
        List<String> names = new ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Jackson's message without its internals: the first line, without the source location or feature names. */
    private static String describe(JsonProcessingException e) {
        String m = e.getOriginalMessage() == null ? "malformed" : e.getOriginalMessage().lines().findFirst().orElse("");
        m = m.replaceAll("\\s*\\((?:JSON String, Number|StreamReadFeature|through reference chain)[^)]*\\)", "")
                .replaceAll("\\s*\\(for [^)]*\\)", "").replaceAll(";\\s*expected [^;]*$", "").trim();
        if (m.startsWith("Duplicate field")) {
            m = m.replace("Duplicate field", "repeated key");
        }
        if (m.startsWith("Trailing token")) {
            m = "text after the JSON object";
        }
        if (e.getLocation() != null && e.getLocation().getColumnNr() > 0) {
            m += " (at character " + e.getLocation().getColumnNr() + ")";
        }
        return m;
    }

    /** The field names a (normalised) filter's conditions test, in order, each once. */
    public static List<String> keys(String compact) {
        Set<String> keys = new LinkedHashSet<>();
        if (compact != null && !compact.isBlank()) {
            try {
                collectKeys(Mappers.PLAIN.readTree(compact).get("where"), keys);
            } catch (JsonProcessingException e) {
                // not a filter logpush wrote: nothing to check
            }
        }
        return List.copyOf(keys);
    }

    private static void collectKeys(JsonNode n, Set<String> keys) {
        if (n == null || !n.isObject()) {
            return;
        }
        if (n.path("key").isTextual()) {
            keys.add(n.get("key").asText());
        }
        for (String group : new String[] {"and", "or"}) {
            n.path(group).forEach(c -> collectKeys(c, keys));
        }
    }

    /** Whether two filters mean the same (both empty, or the same JSON). */
    public static boolean same(String a, String b) {
        boolean aEmpty = a == null || a.isBlank();
        boolean bEmpty = b == null || b.isBlank();
        if (aEmpty || bEmpty) {
            return aEmpty == bEmpty;
        }
        try {
            return Mappers.PLAIN.readTree(a).equals(Mappers.PLAIN.readTree(b));
        } catch (JsonProcessingException e) {
            return a.equals(b);
        }
    }
}
