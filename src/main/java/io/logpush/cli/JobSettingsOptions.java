package io.logpush.cli;

import io.logpush.core.Filter;
import io.logpush.core.FieldSelection;
import io.logpush.core.Validate;
import picocli.CommandLine.Option;

/** The job properties both create and update take; null means "not given". */
public final class JobSettingsOptions {
    @Option(names = "--fields", paramLabel = "LIST",
            description = "all (every field the dataset offers), sekoia (Sekoia's documented list), or a "
                    + "comma-separated list checked against the dataset's fields.")
    String fields;

    @Option(names = "--timestamps", paramLabel = "FORMAT",
            completionCandidates = TimestampFormats.class,
            description = "Timestamp format: ${COMPLETION-CANDIDATES}. Default for create: what Sekoia's parser reads "
                    + "(unixnano for zone datasets, rfc3339 for account datasets).")
    String timestamps;

    @Option(names = "--name", paramLabel = "NAME",
            description = "Job name: letters, digits, '.' and '-' (Cloudflare rejects '_'). "
                    + "Default for create: sekoia-DATASET.")
    String name;

    @Option(names = "--filter", paramLabel = "JSON",
            description = "Logpush filter, a JSON object with a \"where\" key (at most 1,000 bytes).")
    String filter;

    @Option(names = "--max-upload-bytes", paramLabel = "N",
            description = "Batch size limit: 0 or 5,000,000 to 1,000,000,000. Default for create: 5000000.")
    Long maxUploadBytes;

    @Option(names = "--max-upload-records", paramLabel = "N",
            description = "Batch record limit: 0 or 1,000 to 1,000,000. Default for create: 1000.")
    Long maxUploadRecords;

    @Option(names = "--max-upload-interval-seconds", paramLabel = "N",
            description = "Batch interval limit: 0 or 30 to 300 seconds.")
    Long maxUploadIntervalSeconds;

    /** Runs every check that needs no request. */
    void validate() {
        if (name != null) {
            Validate.jobName(name);
        }
        if (timestamps != null) {
            Validate.timestamps(timestamps);
        }
        if (maxUploadBytes != null) {
            Validate.maxUploadBytes(maxUploadBytes);
        }
        if (maxUploadRecords != null) {
            Validate.maxUploadRecords(maxUploadRecords);
        }
        if (maxUploadIntervalSeconds != null) {
            Validate.maxUploadIntervalSeconds(maxUploadIntervalSeconds);
        }
        if (filter != null) {
            filter = Filter.normalise(filter);
        }
    }

    /** The field selection, or null when --fields was not given. */
    FieldSelection fieldSelection() {
        return fields == null ? null : FieldSelection.parse(fields);
    }

    /** For completion and help of --timestamps. */
    static final class TimestampFormats implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.List.of(Validate.TIMESTAMPS).iterator();
        }
    }
}
