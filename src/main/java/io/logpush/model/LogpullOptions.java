package io.logpush.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Cloudflare's {@code logpull_options} string, such as
 * {@code fields=RayID,ClientIP&timestamps=rfc3339&CVE-2021-44228=true}: parsed into an ordered map, so
 * that a rewrite changes only what it means to and keeps every other parameter as it was.
 */
public final class LogpullOptions {
    private final LinkedHashMap<String, String> params;

    private LogpullOptions(LinkedHashMap<String, String> params) {
        this.params = params;
    }

    public static LogpullOptions parse(String text) {
        LinkedHashMap<String, String> params = new LinkedHashMap<>();
        if (text != null) {
            String t = text.startsWith("?") ? text.substring(1) : text;
            for (String part : t.split("&")) {
                if (part.isEmpty()) {
                    continue;
                }
                int eq = part.indexOf('=');
                if (eq < 0) {
                    params.put(part, null);
                } else {
                    params.put(part.substring(0, eq), part.substring(eq + 1));
                }
            }
        }
        return new LogpullOptions(params);
    }

    public static LogpullOptions of(List<String> fields, String timestamps) {
        return parse(null).withFields(fields).withTimestamps(timestamps);
    }

    /** The field list, empty when the string names none. */
    public List<String> fields() {
        String f = params.get("fields");
        List<String> out = new ArrayList<>();
        if (f != null) {
            for (String s : f.split(",")) {
                if (!s.isBlank()) {
                    out.add(s.trim());
                }
            }
        }
        return out;
    }

    public Optional<String> timestamps() {
        return Optional.ofNullable(params.get("timestamps"));
    }

    public LogpullOptions withFields(List<String> fields) {
        LinkedHashMap<String, String> p = new LinkedHashMap<>(params);
        p.put("fields", String.join(",", fields));
        return new LogpullOptions(p);
    }

    public LogpullOptions withTimestamps(String timestamps) {
        LinkedHashMap<String, String> p = new LinkedHashMap<>(params);
        p.put("timestamps", timestamps);
        return new LogpullOptions(p);
    }

    /**
     * The same settings as Cloudflare's {@code output_options} object: fields → field_names, timestamps →
     * timestamp_format ({@code effectiveTimestamps} when the string names none: Cloudflare's default applies),
     * CVE-2021-44228 → a boolean, sample → sample_rate. A parameter with no known equivalent is a usage error,
     * so that nothing is dropped without a word.
     */
    public ObjectNode toOutputOptions(String effectiveTimestamps) {
        ObjectNode oo = JsonNodeFactory.instance.objectNode();
        ArrayNode names = oo.putArray("field_names");
        fields().forEach(names::add);
        oo.put("timestamp_format", timestamps().orElse(effectiveTimestamps));
        for (Map.Entry<String, String> p : params.entrySet()) {
            String v = p.getValue() == null ? "" : p.getValue();
            switch (p.getKey()) {
                case "fields", "timestamps" -> { }
                case "CVE-2021-44228" -> oo.put("CVE-2021-44228", v.equalsIgnoreCase("true"));
                case "sample" -> {
                    try {
                        oo.put("sample_rate", Double.parseDouble(v));
                    } catch (NumberFormatException e) {
                        throw unconvertible(p.getKey());
                    }
                }
                default -> throw unconvertible(p.getKey());
            }
        }
        return oo;
    }

    private static LogpushException unconvertible(String param) {
        return LogpushException.usage("logpull_options parameter '" + param + "' has no output_options equivalent "
                + "that logpush knows, so the job cannot be converted without losing it",
                "convert the job by hand (Cloudflare's API reference lists the output_options keys)");
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        params.forEach((k, v) -> {
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(k);
            if (v != null) {
                sb.append('=').append(v);
            }
        });
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LogpullOptions other && other.params.equals(params);
    }

    @Override
    public int hashCode() {
        return params.hashCode();
    }
}
