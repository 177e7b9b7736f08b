package io.logpush.cli;

import java.util.Iterator;
import java.util.List;

import io.logpush.jobs.FieldSelection;
import io.logpush.jobs.JobSpec;
import io.logpush.jobs.SekoiaFormatGuard;
import io.logpush.model.LogpushException;
import io.logpush.model.Validate;
import picocli.CommandLine.Option;

/** The job properties both create and update take; null means "not given". */
public final class JobSettingsOptions {
    @Option(names = "--fields", paramLabel = "LIST",
            description = "all (every field the dataset offers), sekoia (Sekoia's documented list), or a "
                    + "comma-separated list checked against the dataset's fields.")
    String fields;

    @Option(names = "--timestamps", paramLabel = "TIMESTAMPS",
            completionCandidates = TimestampFormats.class,
            description = "Timestamp format: ${COMPLETION-CANDIDATES}. Default for create: what Sekoia's parser reads "
                    + "(unixnano for zone datasets, rfc3339 for account datasets).")
    String timestamps;

    @Option(names = "--name", paramLabel = "NAME",
            description = "Job name: letters, digits, '.' and '-' (Cloudflare rejects '_'). "
                    + "Default for create: sekoia-DATASET.")
    String name;

    @Option(names = "--max-upload-bytes", paramLabel = "N",
            description = "Batch size limit: 0 or 5,000,000 to 1,000,000,000. Default for create: 5000000.")
    Long maxUploadBytes;

    @Option(names = "--max-upload-records", paramLabel = "N",
            description = "Batch record limit: 0 or 1,000 to 1,000,000. Default for create: 1000.")
    Long maxUploadRecords;

    @Option(names = "--max-upload-interval-seconds", paramLabel = "N",
            description = "Batch interval limit: 0 or 30 to 300 seconds.")
    Long maxUploadIntervalSeconds;

    @Option(names = "--force",
            description = "Write what is refused otherwise: a timestamp format that Sekoia's parser misreads for the "
                    + "dataset, a field list without the field it dates events by; with a Sekoia API key, an intake "
                    + "key that no intake has or whose intake has another format than the dataset's.")
    boolean force;

    /**
     * Refuses (usage) what would misdate the dataset's events in Sekoia, unless --force: a timestamp format its
     * parser misreads ({@code format}, null: unchanged), a field list without its time field ({@code fields},
     * null: unchanged).
     */
    void requireSekoiaDates(String dataset, String format, List<String> fields, String fieldsOption) {
        if (force) {
            return;
        }
        for (SekoiaFormatGuard.Refusal r : SekoiaFormatGuard.refusals(dataset, format, fields, "--timestamps",
                fieldsOption)) {
            throw LogpushException.usage(r.message(), r.fix() + ", or --force to send " + r.refused() + " anyway");
        }
    }

    /** A job spec with what these options give (name, timestamps, batch limits); the rest unset. */
    JobSpec.Builder spec() {
        return JobSpec.builder().name(name).timestamps(timestamps).maxUploadBytes(maxUploadBytes)
                .maxUploadRecords(maxUploadRecords).maxUploadIntervalSeconds(maxUploadIntervalSeconds);
    }

    /** Whether any of these options was given. */
    boolean anyGiven() {
        return fields != null || timestamps != null || name != null || maxUploadBytes != null
                || maxUploadRecords != null || maxUploadIntervalSeconds != null;
    }

    /** Runs every check that needs no request. */
    void validate() {
        if (name != null) {
            Validate.jobName(name);
        }
        if (timestamps != null) {
            Validate.timestamps(timestamps);
        }
        if (maxUploadBytes != null) {
            Validate.UploadLimit.BYTES.check("--max-upload-bytes", maxUploadBytes);
        }
        if (maxUploadRecords != null) {
            Validate.UploadLimit.RECORDS.check("--max-upload-records", maxUploadRecords);
        }
        if (maxUploadIntervalSeconds != null) {
            Validate.UploadLimit.INTERVAL_SECONDS.check("--max-upload-interval-seconds", maxUploadIntervalSeconds);
        }
    }

    /** The field selection, or null when --fields was not given. */
    FieldSelection fieldSelection() {
        return fields == null ? null : FieldSelection.parse(fields, "--fields");
    }

    /** For completion and help of --timestamps. */
    static final class TimestampFormats implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of(Validate.TIMESTAMPS).iterator();
        }
    }
}
