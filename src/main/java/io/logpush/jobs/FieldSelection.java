package io.logpush.jobs;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import io.logpush.model.Filter;
import io.logpush.model.LogpushException;
import io.logpush.model.Validate;
import io.logpush.sekoia.Catalog;

/**
 * What {@code --fields} asks for: {@code all} (every field the dataset offers, sorted), {@code sekoia}
 * (the catalog's documented list) or an explicit comma list (checked against what Cloudflare offers,
 * order kept, duplicates dropped).
 */
public final class FieldSelection {
    private enum Mode { ALL, SEKOIA, LIST }

    private final Mode mode;
    private final List<String> names;

    /** Every field the dataset offers: what a job gets when nothing else is asked. */
    public static final FieldSelection ALL = new FieldSelection(Mode.ALL, List.of());

    private FieldSelection(Mode mode, List<String> names) {
        this.mode = mode;
        this.names = names;
    }

    /**
     * The field list when it needs no request: an explicit list, or Sekoia's list for {@code dataset}; null for all
     * (which needs the fields the dataset offers).
     */
    public List<String> withoutRequest(String dataset) {
        return switch (mode) {
            case LIST -> names;
            case SEKOIA -> Catalog.get().dataset(dataset).map(Catalog.Dataset::fields).orElse(null);
            case ALL -> null;
        };
    }

    /** The names of an explicit list, in order; null for all and sekoia (which the dataset decides). */
    public List<String> explicit() {
        return mode == Mode.LIST ? names : null;
    }

    /** Parses {@code spec}; {@code label} names it in messages ("--fields", "'fields'"). */
    public static FieldSelection parse(String spec, String label) {
        String s = spec == null ? "all" : spec.trim();
        if (s.equalsIgnoreCase("all")) {
            return ALL;
        }
        if (s.equalsIgnoreCase("sekoia")) {
            return new FieldSelection(Mode.SEKOIA, List.of());
        }
        Set<String> names = new LinkedHashSet<>();
        for (String part : s.split(",")) {
            String p = part.trim();
            if (!p.isEmpty()) {
                names.add(Validate.field(p));
            }
        }
        if (names.isEmpty()) {
            throw LogpushException.usage(label + " is empty: give all, sekoia, or a comma-separated list",
                    "list the dataset's fields with 'logpush fields -o names'");
        }
        return new FieldSelection(Mode.LIST, List.copyOf(names));
    }

    /**
     * Refuses (usage) a filter that tests a field the dataset does not have, naming the closest real one: such a
     * filter would match nothing, and the job would send nothing.
     */
    public static void requireFilterKeys(String dataset, String filterJson, Map<String, String> available,
                                         String label) {
        List<String> unknown = Filter.keys(filterJson).stream().filter(k -> !available.containsKey(k)).toList();
        if (!unknown.isEmpty()) {
            List<String> described = new ArrayList<>();
            for (String u : unknown) {
                String near = Validate.closest(u, available.keySet());
                described.add(near == null ? u : u + " → " + near + "?");
            }
            throw LogpushException.usage(label + " tests " + (unknown.size() > 1 ? "fields" : "a field") + " that "
                    + dataset + " does not have: " + String.join(", ", described),
                    "list the dataset's fields with 'logpush fields --dataset " + dataset + " -o names'");
        }
    }

    /**
     * The field list to send, given what the dataset offers ({@code available}, from Cloudflare).
     * Unknown names in an explicit list are a usage error naming the closest real ones.
     */
    public List<String> resolve(String dataset, Map<String, String> available, Consumer<String> warn) {
        switch (mode) {
            case ALL: {
                if (available.isEmpty()) {
                    throw LogpushException.failure("Cloudflare lists no fields for " + dataset,
                            "check the dataset name and that the plan includes it");
                }
                return available.keySet().stream().sorted().toList();
            }
            case SEKOIA: {
                Catalog.Dataset ds = Catalog.get().dataset(dataset).orElseThrow(() -> LogpushException.usage(
                        "Sekoia documents no field list for dataset " + dataset,
                        "use --fields all, or a comma-separated list"));
                List<String> kept = new ArrayList<>();
                List<String> missing = new ArrayList<>();
                for (String f : ds.fields()) {
                    (available.containsKey(f) ? kept : missing).add(f);
                }
                if (!missing.isEmpty()) {
                    warn.accept("Cloudflare does not offer " + String.join(", ", missing) + " for " + dataset
                            + " here; sending the other " + kept.size() + " of Sekoia's fields");
                }
                if (kept.isEmpty()) {
                    throw LogpushException.failure("Cloudflare offers none of Sekoia's fields for " + dataset,
                            "use --fields all");
                }
                return kept;
            }
            default: {
                List<String> unknown = names.stream().filter(n -> !available.containsKey(n)).toList();
                if (!unknown.isEmpty()) {
                    List<String> described = new ArrayList<>();
                    for (String u : unknown) {
                        String near = Validate.closest(u, available.keySet());
                        described.add(near == null ? u : u + " → " + near + "?");
                    }
                    throw LogpushException.usage("unknown field" + (unknown.size() > 1 ? "s" : "") + " for " + dataset
                            + ": " + String.join(", ", described),
                            "list the dataset's fields with 'logpush fields --dataset " + dataset + " -o names'");
                }
                return names;
            }
        }
    }
}
