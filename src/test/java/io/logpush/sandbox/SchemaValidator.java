package io.logpush.sandbox;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Validates JSON against the subset of OpenAPI 3.0 schema keywords Cloudflare's Logpush schema uses:
 * $ref (local), type, nullable, enum, pattern, maxLength, minimum, maximum, properties, required, items.
 */
final class SchemaValidator {
    private final JsonNode document;

    SchemaValidator(JsonNode document) {
        this.document = document;
    }

    List<String> validate(JsonNode value, JsonNode schema) {
        List<String> errors = new ArrayList<>();
        check("$", value, schema, errors);
        return errors;
    }

    private JsonNode resolve(JsonNode schema) {
        JsonNode s = schema;
        while (s.has("$ref")) {
            String ref = s.get("$ref").asText();
            s = document.at(ref.substring(1));
        }
        return s;
    }

    private void check(String path, JsonNode value, JsonNode schemaOrRef, List<String> errors) {
        JsonNode schema = resolve(schemaOrRef);
        if (value == null || value.isNull()) {
            if (!schema.path("nullable").asBoolean(false) && schema.has("type")) {
                errors.add(path + ": null is not allowed");
            }
            return;
        }
        String type = schema.path("type").asText("");
        boolean typeOk = switch (type) {
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            default -> true;
        };
        if (!typeOk) {
            errors.add(path + ": expected " + type + " but was " + value.getNodeType());
            return;
        }
        if (schema.has("enum")) {
            boolean found = false;
            for (JsonNode e : schema.get("enum")) {
                found |= e.equals(value);
            }
            if (!found) {
                errors.add(path + ": " + value + " is not one of " + schema.get("enum"));
            }
        }
        if (value.isTextual()) {
            if (schema.has("maxLength") && value.asText().length() > schema.get("maxLength").asInt()) {
                errors.add(path + ": longer than " + schema.get("maxLength").asInt());
            }
            if (schema.has("pattern") && !Pattern.compile(schema.get("pattern").asText()).matcher(value.asText()).find()) {
                errors.add(path + ": does not match " + schema.get("pattern").asText());
            }
        }
        if (value.isNumber()) {
            if (schema.has("minimum") && value.asDouble() < schema.get("minimum").asDouble()) {
                errors.add(path + ": below the minimum " + schema.get("minimum"));
            }
            if (schema.has("maximum") && value.asDouble() > schema.get("maximum").asDouble()) {
                errors.add(path + ": above the maximum " + schema.get("maximum"));
            }
        }
        if (value.isObject()) {
            for (JsonNode r : schema.path("required")) {
                if (!value.has(r.asText())) {
                    errors.add(path + ": " + r.asText() + " is required");
                }
            }
            JsonNode props = schema.path("properties");
            Iterator<Map.Entry<String, JsonNode>> it = value.properties().iterator();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (props.has(e.getKey())) {
                    check(path + "." + e.getKey(), e.getValue(), props.get(e.getKey()), errors);
                }
            }
        }
        if (value.isArray() && schema.has("items")) {
            int i = 0;
            for (JsonNode item : value) {
                check(path + "[" + i++ + "]", item, schema.get("items"), errors);
            }
        }
    }
}
