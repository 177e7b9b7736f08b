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

    /** A spec to fill in by name: every property starts unset (null, or false for outputOptions). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this spec's properties. */
    public Builder toBuilder() {
        return new Builder().dataset(dataset).name(name).enabled(enabled).fields(fields).timestamps(timestamps)
                .destination(destination).filter(filter).maxUploadBytes(maxUploadBytes)
                .maxUploadRecords(maxUploadRecords).maxUploadIntervalSeconds(maxUploadIntervalSeconds)
                .outputOptions(outputOptions).outputExtras(outputExtras).filterAttackTraffic(filterAttackTraffic)
                .kind(kind);
    }

    /** Builds a {@link JobSpec} property by property, so that no call spells fourteen positions with nulls. */
    public static final class Builder {
        private String dataset;
        private String name;
        private Boolean enabled;
        private List<String> fields;
        private String timestamps;
        private String destination;
        private String filter;
        private Long maxUploadBytes;
        private Long maxUploadRecords;
        private Long maxUploadIntervalSeconds;
        private boolean outputOptions;
        private ObjectNode outputExtras;
        private Boolean filterAttackTraffic;
        private String kind;

        private Builder() {
        }

        public Builder dataset(String v) {
            dataset = v;
            return this;
        }

        public Builder name(String v) {
            name = v;
            return this;
        }

        public Builder enabled(Boolean v) {
            enabled = v;
            return this;
        }

        public Builder fields(List<String> v) {
            fields = v;
            return this;
        }

        public Builder timestamps(String v) {
            timestamps = v;
            return this;
        }

        public Builder destination(String v) {
            destination = v;
            return this;
        }

        public Builder filter(String v) {
            filter = v;
            return this;
        }

        public Builder maxUploadBytes(Long v) {
            maxUploadBytes = v;
            return this;
        }

        public Builder maxUploadRecords(Long v) {
            maxUploadRecords = v;
            return this;
        }

        public Builder maxUploadIntervalSeconds(Long v) {
            maxUploadIntervalSeconds = v;
            return this;
        }

        public Builder outputOptions(boolean v) {
            outputOptions = v;
            return this;
        }

        public Builder outputExtras(ObjectNode v) {
            outputExtras = v;
            return this;
        }

        public Builder filterAttackTraffic(Boolean v) {
            filterAttackTraffic = v;
            return this;
        }

        public Builder kind(String v) {
            kind = v;
            return this;
        }

        public JobSpec build() {
            return new JobSpec(dataset, name, enabled, fields, timestamps, destination, filter, maxUploadBytes,
                    maxUploadRecords, maxUploadIntervalSeconds, outputOptions, outputExtras, filterAttackTraffic, kind);
        }
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
        return toBuilder().name(name != null ? name : defaultName(dataset)).enabled(enabled == null || enabled)
                .timestamps(timestamps != null ? timestamps : defaultTimestamps(dataset))
                .maxUploadBytes(maxUploadBytes != null ? maxUploadBytes : SEKOIA_MAX_UPLOAD_BYTES)
                .maxUploadRecords(maxUploadRecords != null ? maxUploadRecords : SEKOIA_MAX_UPLOAD_RECORDS)
                .outputOptions(outputOptions || outputExtras != null).build();
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
