package io.logpush.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.PrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Jackson's trees read from and written to JSON text without an {@code ObjectMapper}, as a mapper does it: reading
 * makes the same tree {@code ObjectMapper.readTree(String)} makes (same node types, numbers as int, long, BigInteger
 * or double nodes, the last of duplicate keys kept, what follows the first value ignored, empty text a missing node);
 * writing writes the same text as {@code writeValueAsBytes} or a writer with a pretty printer. A mapper's class
 * initialisation sets up date formats and, through them, the JDK's calendar and locale data, and its serialisers are
 * hundreds of classes: tens of milliseconds of start-up that a command reading an answer, sending a body or
 * printing JSON does not need.
 */
public final class JsonTree {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonTree() {
    }

    /**
     * The tree of an answer's body, or null when there is none, it is blank or it is not JSON (malformed or cut
     * short): for the callers that say so in their own words.
     */
    public static JsonNode lenient(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return read(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** The tree of {@code text}; a missing node for empty text; a {@link JsonProcessingException} when malformed. */
    public static JsonNode read(String text) throws JsonProcessingException {
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken t = p.nextToken();
            return t == null ? NODES.missingNode() : value(p, t);
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new IllegalStateException("reading JSON from a string", e);
        }
    }

    /** {@code node} as compact JSON in UTF-8, as {@code ObjectMapper.writeValueAsBytes} writes it. */
    public static byte[] bytes(JsonNode node) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            write(g, node);
        } catch (IOException e) {
            throw new IllegalStateException("writing JSON to memory", e);
        }
        return out.toByteArray();
    }

    /**
     * {@code node} as JSON text laid out by {@code printer} (made for this text alone: a pretty printer counts its
     * nesting), as an {@code ObjectWriter} with that printer writes it.
     */
    public static String text(JsonNode node, PrettyPrinter printer) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.setPrettyPrinter(printer);
            write(g, node);
        } catch (IOException e) {
            throw new IllegalStateException("writing JSON to memory", e);
        }
        return out.toString();
    }

    /** Writes a tree: objects and arrays here, each value node as it writes itself (as a mapper's serialiser does). */
    private static void write(JsonGenerator g, JsonNode node) throws IOException {
        if (node.isObject()) {
            g.writeStartObject(node);
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                g.writeFieldName(e.getKey());
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (node.isArray()) {
            g.writeStartArray(node, node.size());
            for (JsonNode e : node) {
                write(g, e);
            }
            g.writeEndArray();
        } else if (node.isNull()) {
            g.writeNull();
        } else if (node.isBinary() || node.isPojo()) {
            throw new IllegalArgumentException("JsonTree writes no " + node.getNodeType() + " node");
        } else {
            ((JsonSerializable) node).serialize(g, null);
        }
    }

    private static JsonNode value(JsonParser p, JsonToken t) throws IOException {
        if (t == null) {
            throw new JsonParseException(p, "unexpected end of input");
        }
        return switch (t) {
            case START_OBJECT -> {
                ObjectNode o = NODES.objectNode();
                for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
                    if (k != JsonToken.FIELD_NAME) {
                        throw new JsonParseException(p, "expected a field name, got " + k);
                    }
                    String name = p.currentName();
                    o.replace(name, value(p, p.nextToken()));
                }
                yield o;
            }
            case START_ARRAY -> {
                ArrayNode a = NODES.arrayNode();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    a.add(value(p, e));
                }
                yield a;
            }
            case VALUE_STRING -> NODES.textNode(p.getText());
            case VALUE_NUMBER_INT -> switch (p.getNumberType()) {
                case INT -> NODES.numberNode(p.getIntValue());
                case LONG -> NODES.numberNode(p.getLongValue());
                default -> NODES.numberNode(p.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(p.getDoubleValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> throw new JsonParseException(p, "unexpected JSON token " + t);
        };
    }
}
