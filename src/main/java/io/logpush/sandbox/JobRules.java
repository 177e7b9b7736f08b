package io.logpush.sandbox;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.logpush.model.LogpullOptions;

/**
 * Cloudflare's rules for a Logpush job, as the sandbox enforces them (https://developers.cloudflare.com/api/resources/logpush/): each
 * check returns Cloudflare-style error text, or null when the job is acceptable.
 */
final class JobRules {
    // The sandbox's own tables, written from Cloudflare's documentation (the Logpush job object and its limits), never taken
    // from the client: when the client's constants are wrong, the sandbox disagrees and a test fails.

    /** {@code timestamps=} of {@code logpull_options}: Cloudflare documents these three only. */
    static final Set<String> LOGPULL_TIMESTAMPS = Set.of("unixnano", "unix", "rfc3339");
    /** {@code output_options.timestamp_format}. */
    static final Set<String> OUTPUT_TIMESTAMPS = Set.of("unixnano", "unix", "rfc3339", "rfc3339ms", "rfc3339ns");
    /** Zone-scoped datasets (DOCS datasets/zone). */
    static final Set<String> ZONE_DATASETS = Set.of("http_requests", "firewall_events", "dns_logs", "spectrum_events",
            "nel_reports", "page_shield_events", "zaraz_events", "websocket_analytics",
            "account_abuse_protection_events");
    /** Account-scoped datasets (DOCS datasets/account); firewall_events and websocket_analytics are in both. */
    static final Set<String> ACCOUNT_DATASETS = Set.of("access_requests", "audit_logs", "audit_logs_v2",
            "biso_user_actions", "casb_findings", "device_posture_results", "dex_application_tests",
            "dex_device_state_events", "dlp_forensic_copies", "dns_firewall_logs", "email_security_alerts",
            "email_security_post_delivery_events", "firewall_events", "gateway_dns", "gateway_http", "gateway_network",
            "ipsec_logs", "magic_bgp_logs", "magic_ids_detections", "mcp_portal_logs", "mnm_flow_logs",
            "network_analytics_logs", "sinkhole_http_logs", "ssh_logs", "turnstile_events", "warp_config_changes",
            "warp_toggle_changes", "websocket_analytics", "workers_trace_events", "zero_trust_network_sessions");
    /** Cloudflare's most jobs in one zone. */
    static final int MAX_JOBS_PER_ZONE = 4;

    /** A batch limit: 0 (off) or within [min, max] (Cloudflare's Terraform provider validates the same ranges). */
    private record Limit(String property, long min, long max) {
    }

    private static final List<Limit> LIMITS = List.of(new Limit("max_upload_bytes", 5_000_000L, 1_000_000_000L),
            new Limit("max_upload_records", 1_000L, 1_000_000L), new Limit("max_upload_interval_seconds", 30L, 300L));
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
        for (Limit limit : LIMITS) {
            error = range(job, limit);
            if (error != null) {
                return error;
            }
        }
        JsonNode kind = job.get("kind");
        if (kind != null && !kind.isNull() && !kind.asText().isEmpty()
                && !(kind.asText().equals("edge") && dataset.equals("http_requests"))) {
            return "kind '" + kind.asText() + "' is not supported for dataset " + dataset
                    + (kind.asText().equals("edge") ? ": Edge Log Delivery supports only http_requests" : "");
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
            if (parsed.timestamps().isPresent() && !LOGPULL_TIMESTAMPS.contains(parsed.timestamps().get())) {
                return "invalid logpull_options: timestamps must be one of unixnano, unix, rfc3339";
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

    /** Whether {@code dataset} exists in a scope of {@code kind} ("zones" or "accounts"). */
    static boolean inScope(String kind, String dataset) {
        return (kind.equals("zones") ? ZONE_DATASETS : ACCOUNT_DATASETS).contains(dataset);
    }

    private static String range(ObjectNode job, Limit limit) {
        String key = limit.property();
        JsonNode n = job.get(key);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.canConvertToLong() || !n.isIntegralNumber()) {
            return key + " must be an integer";
        }
        long v = n.asLong();
        return v == 0 || (v >= limit.min() && v <= limit.max()) ? null
                : key + " must be 0 or between " + limit.min() + " and " + limit.max();
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
        if (ts != null && !ts.isNull() && !OUTPUT_TIMESTAMPS.contains(ts.asText())) {
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
        } catch (IOException e) {
            return "filter is not valid JSON";
        }
    }
}
