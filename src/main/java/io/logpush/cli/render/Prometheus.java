package io.logpush.cli.render;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BinaryOperator;

/**
 * Prometheus' text exposition format (version 0.0.4), as node_exporter's textfile collector reads it: per metric a
 * {@code # HELP} and a {@code # TYPE} line, then its series, each label set once (a series given twice keeps what
 * {@code merge} makes of the two values). Label values are escaped as the format says (backslash, double quote, line
 * feed).
 */
final class Prometheus {
    /** One gauge being built: its series by their label text, in the order first seen. */
    static final class Gauge {
        private final String name;
        private final String help;
        private final Map<String, Double> series = new LinkedHashMap<>();

        Gauge(String name, String help) {
            this.name = name;
            this.help = help;
        }

        /** A series; {@code labels} alternate names and values, a null value leaves its label out. */
        Gauge add(double value, BinaryOperator<Double> merge, String... labels) {
            series.merge(labels(labels), value, merge);
            return this;
        }

        Gauge add(double value, String... labels) {
            return add(value, (a, b) -> b, labels);
        }

        void print(PrintWriter out) {
            if (series.isEmpty()) {
                return;
            }
            out.print("# HELP " + name + " " + help.replace("\\", "\\\\").replace("\n", "\\n") + "\n");
            out.print("# TYPE " + name + " gauge\n");
            series.forEach((labels, value) -> out.print(name + labels + " " + number(value) + "\n"));
        }
    }

    private Prometheus() {
    }

    static String labels(String... namesAndValues) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] == null) {
                continue;
            }
            sb.append(sb.length() == 0 ? "{" : ",").append(namesAndValues[i]).append("=\"")
                    .append(escape(namesAndValues[i + 1])).append('"');
        }
        return sb.length() == 0 ? "" : sb.append('}').toString();
    }

    /** A label value as the format wants it: backslash, double quote and line feed escaped. */
    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%s", v);
    }
}
