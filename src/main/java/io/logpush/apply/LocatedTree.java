package io.logpush.apply;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;

/**
 * A JSON tree read from YAML or JSON that remembers where each value stood (line and column, by JSON
 * pointer), so that every problem in an apply file can be reported at its place. YAML's aliases ({@code *a})
 * are resolved to their anchor's value and merge keys ({@code <<: *a}) merged (keys written in the mapping win);
 * a key repeated in one mapping, an alias to an unknown anchor, and a bad merge are problems, not silent choices.
 */
final class LocatedTree {
    record Position(int line, int column) {
        @Override
        public String toString() {
            return line + ":" + column;
        }
    }

    /** A problem of the file's structure, at its place. */
    record Problem(Position at, String message) {
    }

    /** A file that cannot be read into a tree at all (nested too deep, aliases expanding too far). */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        final Position at;

        Refused(Position at, String message) {
            super(message);
            this.at = at;
        }
    }

    /** Deeper than any apply file needs (it needs 4), far below what the stack bears. */
    static final int MAX_DEPTH = 64;
    /** Nodes made, aliases counted at their anchor's size: an alias bomb stops here. */
    static final int MAX_NODES = 1_000_000;

    private final JsonNode root;
    private final Map<String, Position> positions;
    private final List<Problem> problems;

    private LocatedTree(JsonNode root, Map<String, Position> positions, List<Problem> problems) {
        this.root = root;
        this.positions = positions;
        this.problems = problems;
    }

    static LocatedTree read(JsonFactory factory, String text) throws IOException, Refused {
        try (JsonParser p = factory.createParser(text)) {
            Builder b = new Builder(p, text);
            JsonToken first = p.nextToken();
            if (first == null) {
                return new LocatedTree(JsonNodeFactory.instance.nullNode(), b.positions, b.problems);
            }
            JsonNode root = b.value("", 0);
            // one document: what follows it is refused, never ignored (a --prune would delete what it declares);
            // YAML's empty documents (a trailing '---') read as null or "" and are allowed
            for (JsonToken next = p.nextToken(); next != null; next = p.nextToken()) {
                boolean empty = next == JsonToken.VALUE_NULL || next == JsonToken.VALUE_STRING && p.getText().isEmpty();
                if (!empty || b.yaml == null) {
                    throw new Refused(Builder.position(p.currentTokenLocation()), "a second "
                            + (b.yaml != null ? "YAML document" : "JSON value") + " after the first one ends: an "
                            + "apply file is one document (put every job under one 'jobs' list)");
                }
            }
            return new LocatedTree(root, b.positions, b.problems);
        }
    }

    private static final class Builder {
        final JsonParser p;
        final String text;
        final YAMLParser yaml;
        final Map<String, Position> positions = new HashMap<>();
        final List<Problem> problems = new ArrayList<>();
        final Map<String, JsonNode> anchors = new HashMap<>();
        final Map<String, Integer> sizes = new HashMap<>();
        final JsonNodeFactory f = JsonNodeFactory.instance;
        long nodes;

        Builder(JsonParser p, String text) {
            this.p = p;
            this.text = text;
            this.yaml = p instanceof YAMLParser y ? y : null;
        }

        static Position position(JsonLocation at) {
            return new Position(at.getLineNr(), at.getColumnNr());
        }

        JsonNode value(String pointer, int depth) throws IOException, Refused {
            Position here = position(p.currentTokenLocation());
            positions.put(pointer, here);
            if (depth > MAX_DEPTH) {
                throw new Refused(here, "nested more than " + MAX_DEPTH + " levels deep; an apply file needs 4");
            }
            if (yaml != null && yaml.isCurrentAlias()) {
                String alias = p.getText();
                JsonNode target = anchors.get(alias);
                if (target == null) {
                    problems.add(new Problem(here, "alias *" + alias + " refers to no anchor &" + alias
                            + " defined before it"));
                    return f.nullNode();
                }
                count(here, sizes.get(alias));
                return target;
            }
            String anchor = yaml == null ? null : p.currentToken().isScalarValue()
                    ? scalarAnchor(p.currentTokenLocation().getCharOffset()) : yaml.getObjectId();
            long before = nodes;
            count(here, 1);
            JsonNode node = switch (p.currentToken()) {
                case START_OBJECT -> object(pointer, depth);
                case START_ARRAY -> {
                    ArrayNode a = f.arrayNode();
                    int i = 0;
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        a.add(value(pointer + "/" + i++, depth + 1));
                    }
                    yield a;
                }
                case VALUE_STRING -> f.textNode(p.getText());
                case VALUE_NUMBER_INT -> f.numberNode(p.getLongValue());
                case VALUE_NUMBER_FLOAT -> f.numberNode(p.getDecimalValue());
                case VALUE_TRUE -> f.booleanNode(true);
                case VALUE_FALSE -> f.booleanNode(false);
                default -> f.nullNode();
            };
            if (anchor != null) {
                anchors.put(anchor, node);
                sizes.put(anchor, (int) Math.min(Integer.MAX_VALUE, nodes - before));
            }
            return node;
        }

        /**
         * The anchor of a scalar ({@code &name value}), read from the text at the scalar's start: Jackson's YAML
         * parser reports the anchors of mappings and lists only.
         */
        private String scalarAnchor(long offset) {
            int i = (int) offset;
            if (offset < 0 || offset >= text.length()) {
                return null;
            }
            if (text.charAt(i) == '!') {
                while (i < text.length() && !Character.isWhitespace(text.charAt(i))) {
                    i++;
                }
                while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
                    i++;
                }
            }
            if (i >= text.length() || text.charAt(i) != '&') {
                return null;
            }
            int start = ++i;
            while (i < text.length() && !Character.isWhitespace(text.charAt(i)) && ",[]{}".indexOf(text.charAt(i)) < 0) {
                i++;
            }
            return i > start ? text.substring(start, i) : null;
        }

        private void count(Position here, long n) throws Refused {
            nodes += n;
            if (nodes > MAX_NODES) {
                throw new Refused(here, "its aliases expand to more than " + String.format("%,d", MAX_NODES)
                        + " values");
            }
        }

        private ObjectNode object(String pointer, int depth) throws IOException, Refused {
            ObjectNode o = f.objectNode();
            Map<String, Position> written = new HashMap<>();
            Map<String, JsonNode> merged = new LinkedHashMap<>();
            Position mergeAt = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                Position keyAt = position(p.currentTokenLocation());
                p.nextToken();
                String child = pointer + "/" + name.replace("~", "~0").replace("/", "~1");
                if (yaml != null && name.equals("<<")) {
                    mergeAt = keyAt;
                    JsonNode source = value(child, depth + 1);
                    merge(source, keyAt, merged);
                    continue;
                }
                JsonNode v = value(child, depth + 1);
                Position first = written.putIfAbsent(name, keyAt);
                if (first != null) {
                    problems.add(new Problem(keyAt, "key '" + name + "' is repeated in this mapping (first at line "
                            + first.line() + "); give it once"));
                    continue;
                }
                o.set(name, v);
                positions.put(child + "#key", keyAt);
            }
            for (Map.Entry<String, JsonNode> e : merged.entrySet()) {
                if (!o.has(e.getKey())) {
                    o.set(e.getKey(), e.getValue());
                    positions.putIfAbsent(pointer + "/" + e.getKey().replace("~", "~0").replace("/", "~1") + "#key",
                            mergeAt);
                }
            }
            return o;
        }

        /** A merge key's value: a mapping, or a list of mappings (the first to give a key wins). */
        private void merge(JsonNode source, Position at, Map<String, JsonNode> into) {
            List<JsonNode> sources = new ArrayList<>();
            if (source.isArray()) {
                source.forEach(sources::add);
            } else {
                sources.add(source);
            }
            Set<String> seen = new HashSet<>(into.keySet());
            for (JsonNode s : sources) {
                if (!s.isObject()) {
                    problems.add(new Problem(at, "'<<' (a YAML merge key) takes a mapping or a list of mappings, "
                            + "such as <<: *defaults"));
                    return;
                }
                Iterator<Map.Entry<String, JsonNode>> fields = s.properties().iterator();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> e = fields.next();
                    if (seen.add(e.getKey())) {
                        into.put(e.getKey(), e.getValue());
                    }
                }
            }
        }
    }

    JsonNode root() {
        return root;
    }

    /** The structural problems found while reading (repeated keys, unknown aliases, bad merges). */
    List<Problem> problems() {
        return problems;
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
