package io.logpush.cli.render;

import java.io.PrintWriter;
import java.util.List;

import io.logpush.model.Job;
import io.logpush.model.JobOptions;
import io.logpush.sekoia.Destination;

/** A job for people: {@code key: value} lines, the destination masked unless {@code showSecrets}. */
public final class JobView {
    private JobView() {
    }

    public static void describe(PrintWriter out, Job job, boolean showSecrets) {
        List<String> fields = JobOptions.fields(job);
        out.println("id: " + job.id());
        out.println("name: " + orDash(job.name()));
        out.println("dataset: " + orDash(job.dataset()));
        out.println("enabled: " + job.enabled());
        out.println("destination: " + orDash(Destination.display(job.destinationConf(), showSecrets)));
        out.println("options: " + (job.usesOutputOptions() ? "output_options" : "logpull_options"));
        out.println("fields (" + fields.size() + "): " + (fields.isEmpty() ? "-" : String.join(",", fields)));
        out.println("timestamps: " + JobOptions.timestamps(job)
                .orElse(JobOptions.CLOUDFLARE_DEFAULT_TIMESTAMPS + " (Cloudflare's default)"));
        out.println("filter: " + orDash(job.filter() == null || job.filter().isEmpty() ? null : job.filter()));
        out.println("max upload bytes: " + orDash(job.maxUploadBytes()));
        out.println("max upload records: " + orDash(job.maxUploadRecords()));
        out.println("max upload interval seconds: " + orDash(job.maxUploadIntervalSeconds()));
        out.println("last complete: " + orDash(job.lastComplete()));
        out.println("last error: " + orDash(job.lastError()));
        out.println("error message: " + orDash(Destination.mask(job.errorMessage())));
    }

    private static String orDash(Object o) {
        return o == null ? "-" : o.toString();
    }
}
