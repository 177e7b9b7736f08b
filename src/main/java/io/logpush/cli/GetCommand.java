package io.logpush.cli;

import java.io.PrintWriter;
import java.util.List;

import io.logpush.cloudflare.Job;
import io.logpush.cloudflare.Scope;
import io.logpush.core.JobOptions;
import io.logpush.core.Validate;
import io.logpush.sekoia.Destination;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "get", mixinStandardHelpOptions = true,
        header = "Show one Logpush job: destination, fields, timestamp format and health.",
        footerHeading = "%nExamples:%n",
        footer = {"  logpush get 147 --zone example.com", "  logpush get 147 --zone example.com -o json"})
final class GetCommand extends ApiCommand {
    @Parameters(index = "0", paramLabel = "JOB_ID", description = "The job's ID (see 'logpush list').")
    long jobId;

    @Option(names = "--show-secrets", description = "Print the destination unmasked, intake key included.")
    boolean showSecrets;

    @Override
    public Integer call() {
        tableOrJson();
        Validate.jobId(jobId);
        ScopeOptions.Target target = where.target(ctx(), null);
        try (Session session = open()) {
            Scope scope = session.scope(target);
            Job job = session.api().getJob(scope, jobId);
            if (output.json()) {
                Json.print(out(), Json.job(job, showSecrets));
            } else {
                describe(out(), job, showSecrets);
            }
        }
        return 0;
    }

    /** The job as {@code key: value} lines. */
    static void describe(PrintWriter out, Job job, boolean showSecrets) {
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
