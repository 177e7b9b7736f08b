package io.logpush.sandbox;

import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.logpush.core.LogpullOptions;
import io.logpush.core.Validate;

/**
 * Cloudflare's rules for a Logpush job, as the sandbox enforces them (API notes §3 and §15): each
 * check returns Cloudflare-style error text, or null when the job is acceptable.
 */
final class JobRules {
    static final Set<String> TIMESTAMPS = Set.of(Validate.TIMESTAMPS);
    static final Set<String> WRITABLE = Set.of("dataset", "name", "enabled", "destination_conf", "logpull_options",
            "output_options", "max_upload_bytes", "max_upload_records", "max_upload_interval_seconds", "filter",
            "kind", "frequency", "ownership_challenge", "filter_attack_traffic");
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9.-]*");

    private JobRules() {
    }

    /** Checks a whole job; {@code fields} are the dataset's (null when the dataset is unknown). */
    static String check(ObjectNode job, Map<String, String> fields) {
        String dataset = job.path("dataset").asText("");
        if (fields == null) {
            return "dataset '" + dataset + "' is not supported in this scope";
        }
        JsonNode dest = job.get("destination_conf");
        if (dest == null || !dest.isTextual() || dest.asText().isEmpty()) {
            return "destination_conf is required";
        }
        String error = destination(dest.asText());
        if (error != null) {
            return error;
        }
        JsonNode name = job.get("name");
        if (name != null && !name.isNull()
                && (!name.isTextual() || name.asText().length() > 512 || !NAME.matcher(name.asText()).matches())) {
            return "job name must match ^[a-zA-Z0-9\\-\\.]*$ and be at most 512 characters";
        }
        JsonNode enabled = job.get("enabled");
        if (enabled != null && !enabled.isNull() && !enabled.isBoolean()) {
            return "enabled must be a boolean";
        }
        for (Validate.UploadLimit limit : Validate.UploadLimit.values()) {
            error = range(job, limit);
            if (error != null) {
                return error;
            }
        }
        JsonNode kind = job.get("kind");
        if (kind != null && !kind.isNull() && !kind.asText().isEmpty()) {
            return "kind '" + kind.asText() + "' is not supported for dataset " + dataset;
        }
        JsonNode oo = job.get("output_options");
        if (oo != null && !oo.isNull()) {
            return outputOptions(oo, fields);
        }
        JsonNode lo = job.get("logpull_options");
        if (lo != null && !lo.isNull()) {
            if (!lo.isTextual() || lo.asText().length() > 4096) {
                return "logpull_options must be a string of at most 4096 characters";
            }
            LogpullOptions parsed = LogpullOptions.parse(lo.asText());
            for (String f : parsed.fields()) {
                if (!fields.containsKey(f)) {
                    return "invalid logpull_options: unknown field '" + f + "' for dataset " + dataset;
                }
            }
            if (parsed.timestamps().isPresent() && !TIMESTAMPS.contains(parsed.timestamps().get())) {
                return "invalid logpull_options: timestamps must be one of unixnano, unix, rfc3339, rfc3339ms, "
                        + "rfc3339ns";
            }
        }
        return filter(job.get("filter"));
    }

    static String destination(String conf) {
        if (conf.length() > 4096) {
            return "destination_conf is longer than 4096 characters";
        }
        if (!conf.startsWith("https://")) {
            return "the sandbox accepts https:// destinations only";
        }
        String host;
        try {
            host = URI.create(conf).getHost();
        } catch (IllegalArgumentException e) {
            return "destination_conf is not a valid URL";
        }
        if (host == null) {
            return "destination_conf is not a valid URL";
        }
        if (host.endsWith(".invalid")) {
            return "error validating destination: error writing object: error uploading";
        }
        return null;
    }

    private static String range(ObjectNode job, Validate.UploadLimit limit) {
        String key = limit.property;
        JsonNode n = job.get(key);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.canConvertToLong() || !n.isIntegralNumber()) {
            return key + " must be an integer";
        }
        return limit.allows(n.asLong()) ? null
                : key + " must be 0 or between " + limit.min + " and " + limit.max;
    }

    private static String outputOptions(JsonNode oo, Map<String, String> fields) {
        if (!oo.isObject()) {
            return "output_options must be an object";
        }
        JsonNode names = oo.get("field_names");
        if (names != null && !names.isNull()) {
            if (!names.isArray()) {
                return "output_options.field_names must be an array";
            }
            for (JsonNode f : names) {
                if (!fields.containsKey(f.asText())) {
                    return "invalid output_options: unknown field '" + f.asText() + "'";
                }
            }
        }
        JsonNode ts = oo.get("timestamp_format");
        if (ts != null && !ts.isNull() && !TIMESTAMPS.contains(ts.asText())) {
            return "output_options.timestamp_format must be one of unixnano, unix, rfc3339, rfc3339ms, rfc3339ns";
        }
        JsonNode type = oo.get("output_type");
        if (type != null && !type.isNull() && !Set.of("ndjson", "csv").contains(type.asText())) {
            return "output_options.output_type must be ndjson or csv";
        }
        JsonNode rate = oo.get("sample_rate");
        if (rate != null && !rate.isNull() && (!rate.isNumber() || rate.asDouble() <= 0 || rate.asDouble() > 1)) {
            return "output_options.sample_rate must be in (0, 1]";
        }
        return null;
    }

    private static String filter(JsonNode filter) {
        if (filter == null || filter.isNull() || filter.asText().isEmpty()) {
            return null;
        }
        if (!filter.isTextual()) {
            return "filter must be a JSON string";
        }
        if (filter.asText().length() > 1000) {
            return "filter is longer than 1000 bytes";
        }
        try {
            JsonNode f = SandboxState.MAPPER.readTree(filter.asText());
            return f != null && f.isObject() && f.has("where") ? null : "filter must be an object with a where key";
        } catch (java.io.IOException e) {
            return "filter is not valid JSON";
        }
    }
}
