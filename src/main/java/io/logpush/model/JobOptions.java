package io.logpush.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.logpush.model.Job;

/**
 * Reads a job's field list and timestamp format, wherever they live: {@code output_options} when the
 * job has it (Cloudflare then ignores {@code logpull_options}), else {@code logpull_options}.
 */
public final class JobOptions {
    /** Cloudflare's default timestamp format when a job names none. */
    public static final String CLOUDFLARE_DEFAULT_TIMESTAMPS = "unixnano";

    private JobOptions() {
    }

    public static List<String> fields(Job job) {
        if (job.usesOutputOptions()) {
            List<String> out = new ArrayList<>();
            JsonNode names = job.outputOptions().get("field_names");
            if (names != null && names.isArray()) {
                names.forEach(n -> out.add(n.asText()));
            }
            return out;
        }
        return LogpullOptions.parse(job.logpullOptions()).fields();
    }

    /** The timestamp format the job names, if it names one. */
    public static Optional<String> timestamps(Job job) {
        if (job.usesOutputOptions()) {
            JsonNode t = job.outputOptions().get("timestamp_format");
            return t == null || t.isNull() || t.asText().isEmpty() ? Optional.empty() : Optional.of(t.asText());
        }
        return LogpullOptions.parse(job.logpullOptions()).timestamps();
    }

    /** The format in effect: the one named, or Cloudflare's default. */
    public static String effectiveTimestamps(Job job) {
        return timestamps(job).orElse(CLOUDFLARE_DEFAULT_TIMESTAMPS);
    }
}
