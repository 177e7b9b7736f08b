package io.logpush.apply;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A JSON tree read from YAML or JSON that remembers where each value stood (line and column, by JSON
 * pointer), so that every problem in an apply file can be reported at its place.
 */
final class LocatedTree {
    record Position(int line, int column) {
        @Override
        public String toString() {
            return line + ":" + column;
        }
    }

    private final JsonNode root;
    private final Map<String, Position> positions;

    private LocatedTree(JsonNode root, Map<String, Position> positions) {
        this.root = root;
        this.positions = positions;
    }

    static LocatedTree read(JsonFactory factory, String text) throws IOException {
        Map<String, Position> positions = new HashMap<>();
        try (JsonParser p = factory.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return new LocatedTree(JsonNodeFactory.instance.nullNode(), positions);
            }
            JsonNode root = value(p, "", positions);
            return new LocatedTree(root, positions);
        }
    }

    private static JsonNode value(JsonParser p, String pointer, Map<String, Position> positions) throws IOException {
        JsonLocation at = p.currentTokenLocation();
        positions.put(pointer, new Position(at.getLineNr(), at.getColumnNr()));
        JsonNodeFactory f = JsonNodeFactory.instance;
        switch (p.currentToken()) {
            case START_OBJECT: {
                ObjectNode o = f.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonLocation keyAt = p.currentTokenLocation();
                    p.nextToken();
                    String child = pointer + "/" + name.replace("~", "~0").replace("/", "~1");
                    o.set(name, value(p, child, positions));
                    positions.put(child + "#key", new Position(keyAt.getLineNr(), keyAt.getColumnNr()));
                }
                return o;
            }
            case START_ARRAY: {
                ArrayNode a = f.arrayNode();
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    a.add(value(p, pointer + "/" + i++, positions));
                }
                return a;
            }
            case VALUE_STRING:
                return f.textNode(p.getText());
            case VALUE_NUMBER_INT:
                return f.numberNode(p.getLongValue());
            case VALUE_NUMBER_FLOAT:
                return f.numberNode(p.getDecimalValue());
            case VALUE_TRUE:
                return f.booleanNode(true);
            case VALUE_FALSE:
                return f.booleanNode(false);
            default:
                return f.nullNode();
        }
    }

    JsonNode root() {
        return root;
    }

    /** Where the value at {@code pointer} stands; for a key, where the key stands; else its parent's place. */
    Position at(String pointer) {
        Position p = positions.get(pointer + "#key");
        if (p == null) {
            p = positions.get(pointer);
        }
        if (p == null && pointer.contains("/")) {
            return at(pointer.substring(0, pointer.lastIndexOf('/')));
        }
        return p == null ? new Position(1, 1) : p;
    }
}
