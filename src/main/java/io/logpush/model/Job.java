package io.logpush.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A Logpush job as Cloudflare returns it. Read by hand from the JSON tree, so unknown properties are
 * ignored and {@code null}s tolerated; {@link #raw()} keeps everything for JSON output.
 */
public record Job(long id, String dataset, String name, boolean enabled, String destinationConf,
                  String logpullOptions, ObjectNode outputOptions, String filter,
                  Long maxUploadBytes, Long maxUploadRecords, Long maxUploadIntervalSeconds,
                  String lastComplete, String lastError, String errorMessage, ObjectNode raw) {

    public static Job from(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("a Logpush job must be a JSON object");
        }
        ObjectNode o = (ObjectNode) node;
        JsonNode oo = o.get("output_options");
        return new Job(o.path("id").asLong(), text(o, "dataset"), text(o, "name"), o.path("enabled").asBoolean(false),
                text(o, "destination_conf"), text(o, "logpull_options"),
                oo != null && oo.isObject() ? (ObjectNode) oo : null, text(o, "filter"),
                number(o, "max_upload_bytes"), number(o, "max_upload_records"), number(o, "max_upload_interval_seconds"),
                text(o, "last_complete"), text(o, "last_error"), text(o, "error_message"), o);
    }

    private static String text(ObjectNode o, String field) {
        JsonNode n = o.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    private static Long number(ObjectNode o, String field) {
        JsonNode n = o.get(field);
        return n == null || n.isNull() || !n.canConvertToLong() ? null : n.asLong();
    }

    /** The job's name, or "unnamed". */
    public String displayName() {
        return name == null || name.isEmpty() ? "unnamed" : name;
    }

    /** True when the job's fields and timestamps live in output_options (which then wins over logpull_options). */
    public boolean usesOutputOptions() {
        return outputOptions != null;
    }
}
