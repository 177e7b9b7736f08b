package io.logpush.cli.render;

import java.io.IOException;
import java.io.PrintWriter;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.logpush.http.JsonTree;
import io.logpush.model.Job;
import io.logpush.sekoia.Destination;

/** JSON output: two-space indentation, {@code "key": value}, newline at the end. */
public final class Json {
    private Json() {
    }

    /** Jackson's pretty printer, but {@code "key": value} and {@code []} / {@code {}} when empty. */
    private static final class Printer extends DefaultPrettyPrinter {
        private static final long serialVersionUID = 1L;

        Printer() {
            super(new DefaultPrettyPrinter().withSeparators(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)));
            DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
            indentObjectsWith(indenter);
            indentArraysWith(indenter);
        }

        private Printer(Printer base) {
            super(base);
        }

        @Override
        public DefaultPrettyPrinter createInstance() {
            return new Printer(this);
        }

        @Override
        public void writeEndArray(JsonGenerator g, int nrOfValues) throws IOException {
            if (nrOfValues == 0) {
                _nesting--;
                g.writeRaw(']');
            } else {
                super.writeEndArray(g, nrOfValues);
            }
        }

        @Override
        public void writeEndObject(JsonGenerator g, int nrOfEntries) throws IOException {
            if (nrOfEntries == 0) {
                _nesting--;
                g.writeRaw('}');
            } else {
                super.writeEndObject(g, nrOfEntries);
            }
        }
    }

    public static String pretty(JsonNode node) {
        return JsonTree.text(node, new Printer());
    }

    public static void print(PrintWriter out, JsonNode node) {
        out.println(pretty(node));
    }

    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    public static ArrayNode array() {
        return JsonNodeFactory.instance.arrayNode();
    }

    /** The job as Cloudflare returned it, its destination masked unless {@code showSecrets}. */
    public static ObjectNode job(Job job, boolean showSecrets) {
        ObjectNode copy = job.raw().deepCopy();
        if (job.destinationConf() != null) {
            copy.put("destination_conf", Destination.display(job.destinationConf(), showSecrets));
        }
        if (job.errorMessage() != null) {
            copy.put("error_message", Destination.mask(job.errorMessage()));
        }
        return copy;
    }
}
