package io.logpush.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link JsonTree} reads the same tree as {@code ObjectMapper.readTree}, node types included, and writes the same text
 * as the mapper, compact and with a pretty printer.
 */
class JsonTreeTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The same tree, and at every level the same node class (IntNode, LongNode, BigIntegerNode, DoubleNode...). */
    static void assertSameAsMapper(String text) throws JsonProcessingException {
        JsonNode expected = MAPPER.readTree(text);
        JsonNode actual = JsonTree.read(text);
        assertThat(actual).isEqualTo(expected);
        assertThat(classes(actual)).isEqualTo(classes(expected));
    }

    private static List<String> classes(JsonNode n) {
        List<String> out = new ArrayList<>();
        out.add(n.getClass().getSimpleName());
        if (n.isObject()) {
            n.properties().forEach(e -> {
                out.add(e.getKey());
                out.addAll(classes(e.getValue()));
            });
        } else if (n.isArray()) {
            n.forEach(e -> out.addAll(classes(e)));
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"success\":true,\"errors\":[],\"messages\":[],\"result\":{\"ClientIP\":\"string; the IP\",\"RayID\":\"string\"}}",
        "{\"a\":1,\"b\":-2147483649,\"c\":9223372036854775808,\"d\":-0.5,\"e\":1e300,\"f\":1E-7,\"g\":0,\"h\":-0}",
        "[1, 2.0, \"x\", true, false, null, {}, [], [[]], {\"a\":{\"b\":[{\"c\":null}]}}]",
        "{\"esc\":\"\\u00e9\\n\\t\\\"\\\\\\/\\ud83d\\ude00\",\"utf8\":\"é 日本 😀\"}",
        "{\"dup\":1,\"dup\":\"last wins\"}",
        "  \"a string\"  ", "42", "3.25", "true", "null", "[]", "{}",
        "{\"a\":1} trailing text is ignored, as ObjectMapper does",
        "",
        "   ",
    })
    void readsWhatTheMapperReads(String text) throws JsonProcessingException {
        assertSameAsMapper(text);
    }

    @Test
    void emptyTextIsAMissingNode() throws JsonProcessingException {
        assertThat(JsonTree.read("").isMissingNode()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "{\"a\":", "{\"a\":1,", "[1,2", "{\"a\" 1}", "<html>502 Bad Gateway</html>", "{'a':1}",
        "[1,]", "nul", "\"unterminated"})
    void malformedTextIsAProcessingExceptionAsWithTheMapper(String text) {
        assertThatThrownBy(() -> MAPPER.readTree(text)).isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> JsonTree.read(text)).isInstanceOf(JsonProcessingException.class);
    }

    @Provide
    Arbitrary<String> documents() {
        Arbitrary<String> scalars = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(12).map(JsonTreeTest::quote),
                Arbitraries.integers().map(String::valueOf),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.bigIntegers().between(new BigInteger("-1" + "0".repeat(30)),
                        new BigInteger("1" + "0".repeat(30))).map(String::valueOf),
                Arbitraries.doubles().map(String::valueOf),
                Arbitraries.of("true", "false", "null"));
        return Arbitraries.recursive(() -> scalars, inner -> Arbitraries.oneOf(
                inner.list().ofMaxSize(4).map(l -> "[" + String.join(",", l) + "]"),
                Arbitraries.maps(Arbitraries.strings().alpha().ofMaxLength(3), inner).ofMaxSize(4).map(m -> {
                    List<String> members = new ArrayList<>();
                    m.forEach((k, v) -> members.add(quote(k) + ":" + v));
                    return "{" + String.join(",", members) + "}";
                })), 4);
    }

    private static String quote(String s) {
        try {
            return MAPPER.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Property(tries = 300)
    void anyDocumentReadsAsTheMapperReadsIt(@ForAll("documents") String text) throws JsonProcessingException {
        assertSameAsMapper(text);
    }

    @Property(tries = 300)
    void anyTreeIsWrittenAsTheMapperWritesIt(@ForAll("documents") String text) throws JsonProcessingException {
        JsonNode tree = MAPPER.readTree(text);
        assertThat(new String(JsonTree.bytes(tree), StandardCharsets.UTF_8))
                .isEqualTo(new String(MAPPER.writeValueAsBytes(tree), StandardCharsets.UTF_8));
        assertThat(JsonTree.text(tree, new DefaultPrettyPrinter()))
                .isEqualTo(MAPPER.writer(new DefaultPrettyPrinter()).writeValueAsString(tree));
    }

    @Test
    void treesBuiltInCodeAreWrittenAsTheMapperWritesThem() throws JsonProcessingException {
        ObjectNode o = JsonNodeFactory.instance.objectNode().put("s", "é \"q\" \n").put("i", 1).put("l", 1L << 40)
                .put("d", 0.1).put("f", 1.5f).put("b", true).putNull("n").put("big", new BigInteger("1" + "0".repeat(25)))
                .put("dec", new BigDecimal("1.50"));
        o.putArray("a").add(1).addObject();
        o.putObject("empty");
        assertThat(new String(JsonTree.bytes(o), StandardCharsets.UTF_8)).isEqualTo(MAPPER.writeValueAsString(o));
        assertThat(JsonTree.text(o, new DefaultPrettyPrinter()))
                .isEqualTo(MAPPER.writer(new DefaultPrettyPrinter()).writeValueAsString(o));
    }
}
