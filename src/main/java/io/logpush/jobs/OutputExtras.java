package io.logpush.jobs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.logpush.model.LogpushException;
import io.logpush.model.Scope;
import io.logpush.model.Validate;

/**
 * The output_options keys a job may set besides its fields and timestamp format (Cloudflare's API reference,
 * logpush-api-notes §3.1), checked before any request: the key is known, the value has its type and range, and
 * the key applies to the dataset. Then {@link SekoiaFormatGuard} says whether Sekoia could still read the records.
 */
public final class OutputExtras {
    private enum Type { BOOLEAN, RATE, OUTPUT_TYPE, TEXT }

    private static final Map<String, Type> KEYS = new LinkedHashMap<>();

    static {
        KEYS.put("CVE-2021-44228", Type.BOOLEAN);
        KEYS.put("sample_rate", Type.RATE);
        KEYS.put("output_type", Type.OUTPUT_TYPE);
        for (String k : List.of("batch_prefix", "batch_suffix", "record_prefix", "record_suffix", "record_template",
                "record_delimiter", "field_delimiter")) {
            KEYS.put(k, Type.TEXT);
        }
        KEYS.put("merge_subrequests", Type.BOOLEAN);
    }

    /**
     * The datasets where Cloudflare offers filter_attack_traffic. network_analytics_logs is one, but Sekoia has no
     * intake for it, so logpush never makes such a job (create and apply refuse the dataset): only http_requests and
     * firewall_events meet the option through logpush.
     */
    public static final List<String> ATTACK_FILTER_DATASETS = List.of("http_requests", "firewall_events",
            "network_analytics_logs");

    private OutputExtras() {
    }

    /** The keys --output-option takes (and an apply file's output_options mapping), in the table's order. */
    public static List<String> keys() {
        return List.copyOf(KEYS.keySet());
    }

    /** KEY=VALUE pairs as an output_options fragment; {@code label} names the option in messages. */
    public static ObjectNode parse(Map<String, String> pairs, String dataset, Scope.Kind scope, String label) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, String> e : pairs.entrySet()) {
            String key = e.getKey().trim();
            String v = e.getValue() == null ? "" : e.getValue();
            if (key.equals("field_names") || key.equals("timestamp_format")) {
                throw LogpushException.usage(label + " " + key + ": set it with --" + (key.equals("field_names")
                        ? "fields" : "timestamps"), null);
            }
            Type type = KEYS.get(key);
            if (type == null) {
                String near = Validate.closest(key, KEYS.keySet());
                throw LogpushException.usage("unknown " + label + " key '" + key + "'" + (near != null
                        ? "; did you mean '" + near + "'?" : ""), "the keys: " + String.join(", ", KEYS.keySet()));
            }
            switch (type) {
                case BOOLEAN -> {
                    String b = v.trim().toLowerCase(Locale.ROOT);
                    if (!b.equals("true") && !b.equals("false")) {
                        throw LogpushException.usage(label + " " + key + "=" + v + ": expected true or false", null);
                    }
                    out.put(key, Boolean.parseBoolean(b));
                }
                case RATE -> {
                    double r;
                    try {
                        r = Double.parseDouble(v.trim());
                    } catch (NumberFormatException ex) {
                        r = -1;
                    }
                    if (!(r > 0 && r <= 1)) {
                        throw LogpushException.usage(label + " " + key + "=" + v + ": expected a number above 0 and at "
                                + "most 1", null);
                    }
                    out.put(key, r);
                }
                case OUTPUT_TYPE -> {
                    if (!v.equals("ndjson") && !v.equals("csv")) {
                        throw LogpushException.usage(label + " " + key + "=" + v + ": expected ndjson or csv", null);
                    }
                    out.put(key, v);
                }
                default -> out.put(key, v.replace("\\n", "\n"));
            }
            if (key.equals("merge_subrequests") && (!"http_requests".equals(dataset) || scope != Scope.Kind.ZONE)) {
                throw LogpushException.usage(label + " merge_subrequests: Cloudflare offers it for zone "
                        + "http_requests jobs only", null);
            }
        }
        return out;
    }
}
