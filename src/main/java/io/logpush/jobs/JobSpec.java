package io.logpush.jobs;

import java.util.List;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.logpush.model.JobOptions;
import io.logpush.model.LogpullOptions;
import io.logpush.sekoia.Catalog;

/**
 * The desired state of a Logpush job. For {@code create} every property is set; for {@code update} a
 * null property means "leave it as it is".
 *
 * @param outputOptions       send {@code output_options} (Cloudflare's newer form) instead of {@code logpull_options}
 * @param filter              compact JSON, "" to clear, or null
 * @param outputExtras        output_options keys besides field_names and timestamp_format (checked), or null
 * @param filterAttackTraffic Cloudflare's filter_attack_traffic, or null
 * @param kind                "edge" (http_requests only, at create), or null
 */
public record JobSpec(String dataset, String name, Boolean enabled, List<String> fields, String timestamps,
                      String destination, String filter, Long maxUploadBytes, Long maxUploadRecords,
                      Long maxUploadIntervalSeconds, boolean outputOptions, ObjectNode outputExtras,
                      Boolean filterAttackTraffic, String kind) {

    /** A spec without output_options extras, filter_attack_traffic or kind. */
    public JobSpec(String dataset, String name, Boolean enabled, List<String> fields, String timestamps,
                   String destination, String filter, Long maxUploadBytes, Long maxUploadRecords,
                   Long maxUploadIntervalSeconds, boolean outputOptions) {
        this(dataset, name, enabled, fields, timestamps, destination, filter, maxUploadBytes, maxUploadRecords,
                maxUploadIntervalSeconds, outputOptions, null, null, null);
    }

    /** Sekoia's documented batch limits, the smallest Cloudflare allows. */
    public static final long SEKOIA_MAX_UPLOAD_BYTES = 5_000_000L;
    public static final long SEKOIA_MAX_UPLOAD_RECORDS = 1_000L;

    /** The default job name: {@code sekoia-} and the dataset, with '-' for '_' (Cloudflare forbids '_'). */
    public static String defaultName(String dataset) {
        return "sekoia-" + dataset.replace('_', '-');
    }

    /** The timestamp format a new job of {@code dataset} gets: what Sekoia's parser reads, else Cloudflare's default. */
    public static String defaultTimestamps(String dataset) {
        return Catalog.get().dataset(dataset).map(Catalog.Dataset::timestamps)
                .orElse(JobOptions.CLOUDFLARE_DEFAULT_TIMESTAMPS);
    }

    /**
     * The job to create: this spec with every property it leaves unset given the create defaults (the one place
     * they live): the name sekoia-DATASET, enabled, the timestamps Sekoia's parser reads, and Sekoia's batch limits.
     */
    public JobSpec withCreateDefaults() {
        return new JobSpec(dataset, name != null ? name : defaultName(dataset), enabled == null || enabled, fields,
                timestamps != null ? timestamps : defaultTimestamps(dataset), destination, filter,
                maxUploadBytes != null ? maxUploadBytes : SEKOIA_MAX_UPLOAD_BYTES,
                maxUploadRecords != null ? maxUploadRecords : SEKOIA_MAX_UPLOAD_RECORDS, maxUploadIntervalSeconds,
                outputOptions || outputExtras != null, outputExtras, filterAttackTraffic, kind);
    }

    /** The POST body, in the order the Sekoia guide writes it (after {@link #withCreateDefaults()}). */
    public ObjectNode createBody() {
        ObjectNode b = JsonNodeFactory.instance.objectNode();
        b.put("dataset", dataset);
        b.put("name", name);
        b.put("enabled", enabled);
        if (outputOptions) {
            ObjectNode oo = b.putObject("output_options");
            fields.forEach(oo.putArray("field_names")::add);
            oo.put("timestamp_format", timestamps);
            if (outputExtras != null) {
                oo.setAll(outputExtras);
            }
        } else {
            b.put("logpull_options", LogpullOptions.of(fields, timestamps).toString());
        }
        b.put("destination_conf", destination);
        b.put("max_upload_bytes", maxUploadBytes);
        b.put("max_upload_records", maxUploadRecords);
        if (maxUploadIntervalSeconds != null) {
            b.put("max_upload_interval_seconds", maxUploadIntervalSeconds);
        }
        if (filter != null && !filter.isEmpty()) {
            b.put("filter", filter);
        }
        if (filterAttackTraffic != null) {
            b.put("filter_attack_traffic", filterAttackTraffic);
        }
        if (kind != null && !kind.isEmpty()) {
            b.put("kind", kind);
        }
        return b;
    }
}
