package io.logpush.jobs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.logpush.model.LogpushException;
import io.logpush.model.Scope;
import io.logpush.model.Validate;

/**
 * The job properties beyond Sekoia's needs, in one table: the output_options keys a job may set besides its
 * fields and timestamp format (Cloudflare's API reference for Logpush jobs), each with its type, Cloudflare's
 * plain-NDJSON default and where it is offered; and the rules of {@code kind} and {@code filter_attack_traffic}.
 * create, update (--output-option, --kind, --filter-attack-traffic), the apply file, export and
 * {@link SekoiaFormatGuard} read it; each check takes the label the user wrote ("--output-option",
 * "output_options") for its messages. The help texts are literal (annotations), held to this table by a test.
 */
public final class JobSurface {
    /** How a key's value is written and checked. */
    public enum Type { BOOLEAN, RATE, OUTPUT_TYPE, TEXT }

    /**
     * One output_options key.
     *
     * @param ndjson   Cloudflare's value when the key is not set, which is plain NDJSON's (null: none that matters)
     * @param shapes   whether the key shapes records (then any value but {@code ndjson} breaks Sekoia's parsers)
     * @param dataset  the one dataset it is offered for (null: every dataset)
     * @param scope    the one scope kind it is offered for (null: both)
     * @param carried  whether apply carries it over from the job as it is, so export leaves it out of the file
     */
    public record Key(String name, Type type, JsonNode ndjson, boolean shapes, String dataset, Scope.Kind scope,
                      boolean carried) {
        /** Whether Cloudflare offers the key for a job of {@code jobDataset} in a {@code jobScope}. */
        public boolean offeredFor(String jobDataset, Scope.Kind jobScope) {
            return (dataset == null || dataset.equals(jobDataset)) && (scope == null || scope == jobScope);
        }
    }

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /**
     * The keys --output-option and an apply file's output_options mapping take, in the order help lists them; the
     * keys that shape records come in the order {@link SekoiaFormatGuard} reports them (the first is the reason
     * export gives for leaving a job out).
     */
    public static final List<Key> OUTPUT_OPTIONS = List.of(
            new Key("CVE-2021-44228", Type.BOOLEAN, null, false, null, null, true),
            new Key("sample_rate", Type.RATE, F.numberNode(1), false, null, null, false),
            new Key("output_type", Type.OUTPUT_TYPE, F.textNode("ndjson"), true, null, null, false),
            text("record_template", ""),
            text("record_prefix", "{"),
            text("record_suffix", "}\n"),
            text("record_delimiter", ""),
            text("batch_prefix", ""),
            text("batch_suffix", ""),
            text("field_delimiter", ","),
            new Key("merge_subrequests", Type.BOOLEAN, F.booleanNode(false), false, "http_requests", Scope.Kind.ZONE,
                    false));

    /** The output_options keys set by their own options (--fields, --timestamps), with their logpull_options name. */
    public static final Map<String, String> OWN_KEYS = Map.of("field_names", "fields", "timestamp_format",
            "timestamps");

    /**
     * The datasets where Cloudflare offers filter_attack_traffic. network_analytics_logs is one, but Sekoia has no
     * intake for it, so logpush never makes such a job (create and apply refuse the dataset): only http_requests and
     * firewall_events meet the option through logpush.
     */
    public static final List<String> ATTACK_FILTER_DATASETS = List.of("http_requests", "firewall_events",
            "network_analytics_logs");

    /** The values of output_type. */
    public static final List<String> OUTPUT_TYPES = List.of("ndjson", "csv");

    /** The one job kind Cloudflare takes besides the default, and the dataset it takes it for. */
    public static final String EDGE_KIND = "edge";
    public static final String EDGE_DATASET = "http_requests";

    private static final Map<String, Key> BY_NAME = new LinkedHashMap<>();

    static {
        OUTPUT_OPTIONS.forEach(k -> BY_NAME.put(k.name(), k));
    }

    private JobSurface() {
    }

    private static Key text(String name, String ndjson) {
        return new Key(name, Type.TEXT, F.textNode(ndjson), true, null, null, false);
    }

    /** The output_options key of that name. */
    public static Optional<Key> key(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** The names of {@link #OUTPUT_OPTIONS}, in order. */
    public static List<String> keys() {
        return List.copyOf(BY_NAME.keySet());
    }

    /** The keys that shape records, whose only readable value is plain NDJSON's. */
    public static List<Key> shaping() {
        return OUTPUT_OPTIONS.stream().filter(Key::shapes).toList();
    }

    /** Why Cloudflare refuses {@code kind} for a job of {@code dataset}; empty when it takes it (or kind is null). */
    public static Optional<String> kindProblem(String kind, String dataset) {
        if (kind == null || (kind.equals(EDGE_KIND) && EDGE_DATASET.equals(dataset))) {
            return Optional.empty();
        }
        return Optional.of("Cloudflare takes kind " + EDGE_KIND + " for " + EDGE_DATASET + " jobs only");
    }

    /** {@link #kindProblem} as a usage error naming {@code label} ("--kind"). */
    public static void requireKind(String kind, String dataset, String label) {
        kindProblem(kind, dataset).ifPresent(p -> {
            throw LogpushException.usage(label + " " + kind + ": " + p, "leave " + label + " out");
        });
    }

    /** Why Cloudflare refuses filter_attack_traffic for {@code dataset}; empty when it offers it. */
    public static Optional<String> attackFilterProblem(String dataset) {
        return ATTACK_FILTER_DATASETS.contains(dataset) ? Optional.empty() : Optional.of("Cloudflare offers "
                + "filter_attack_traffic for " + String.join(", ", ATTACK_FILTER_DATASETS) + " only");
    }

    /** {@link #attackFilterProblem} as a usage error naming {@code label} ("--filter-attack-traffic"). */
    public static void requireAttackFilter(String dataset, String label) {
        attackFilterProblem(dataset).ifPresent(p -> {
            throw LogpushException.usage(label + ": " + p, null);
        });
    }

    /**
     * KEY=VALUE pairs as an output_options fragment, each key known, of its type and offered for the job;
     * {@code label} names the option in messages ("--output-option", "output_options").
     */
    public static ObjectNode outputOptions(Map<String, String> pairs, String dataset, Scope.Kind scope, String label) {
        ObjectNode out = F.objectNode();
        for (Map.Entry<String, String> e : pairs.entrySet()) {
            String name = e.getKey().trim();
            String v = e.getValue() == null ? "" : e.getValue();
            Key key = known(name, label);
            out.set(name, value(key, v, label));
            if (!key.offeredFor(dataset, scope)) {
                throw LogpushException.usage(label + " " + name + ": Cloudflare offers it for "
                        + (key.scope() == null ? "" : key.scope().word() + " ")
                        + (key.dataset() == null ? "" : key.dataset() + " ") + "jobs only", null);
            }
        }
        return out;
    }

    private static Key known(String name, String label) {
        if (OWN_KEYS.containsKey(name)) {
            throw LogpushException.usage(label + " " + name + ": set it with --" + OWN_KEYS.get(name), null);
        }
        Key key = BY_NAME.get(name);
        if (key == null) {
            String near = Validate.closest(name, BY_NAME.keySet());
            throw LogpushException.usage("unknown " + label + " key '" + name + "'" + (near != null
                    ? "; did you mean '" + near + "'?" : ""), "the keys: " + String.join(", ", BY_NAME.keySet()));
        }
        return key;
    }

    private static JsonNode value(Key key, String v, String label) {
        String name = key.name();
        switch (key.type()) {
            case BOOLEAN -> {
                String b = v.trim().toLowerCase(Locale.ROOT);
                if (!b.equals("true") && !b.equals("false")) {
                    throw LogpushException.usage(label + " " + name + "=" + v + ": expected true or false", null);
                }
                return F.booleanNode(Boolean.parseBoolean(b));
            }
            case RATE -> {
                double r;
                try {
                    r = Double.parseDouble(v.trim());
                } catch (NumberFormatException ex) {
                    r = -1;
                }
                if (!(r > 0 && r <= 1)) {
                    throw LogpushException.usage(label + " " + name + "=" + v + ": expected a number above 0 and at "
                            + "most 1", null);
                }
                return F.numberNode(r);
            }
            case OUTPUT_TYPE -> {
                if (!OUTPUT_TYPES.contains(v)) {
                    throw LogpushException.usage(label + " " + name + "=" + v + ": expected "
                            + String.join(" or ", OUTPUT_TYPES), null);
                }
                return F.textNode(v);
            }
            default -> {
                return F.textNode(v.replace("\\n", "\n"));
            }
        }
    }
}
