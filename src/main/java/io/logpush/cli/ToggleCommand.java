package io.logpush.cli;

import io.logpush.cloudflare.Job;
import io.logpush.cloudflare.Scope;
import io.logpush.core.Validate;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** enable and disable: a PUT of {"enabled": …}, skipped when the job is already in that state. */
abstract class ToggleCommand extends ApiCommand {
    @Parameters(index = "0", paramLabel = "JOB_ID", description = "The job's ID (see 'logpush list').")
    long jobId;

    @Mixin
    WriteOptions write;

    abstract boolean enable();

    @Override
    public Integer call() {
        tableOrJson();
        Validate.jobId(jobId);
        ScopeOptions.Target target = where.target(ctx(), null);
        String state = enable() ? "enabled" : "disabled";
        try (Session session = open()) {
            Scope scope = session.scope(target);
            Job job = session.api().getJob(scope, jobId);
            if (job.enabled() == enable()) {
                if (output.json()) {
                    Json.print(out(), Json.job(job, write.showSecrets));
                } else {
                    out().println("job " + jobId + " (" + job.displayName() + ") is already " + state);
                }
                return 0;
            }
            var body = Json.object().put("enabled", enable());
            if (write.dryRun) {
                DryRun.print(ctx(), output, session.client(), "PUT", scope.path() + "/logpush/jobs/" + jobId, body,
                        write.showSecrets);
                return 0;
            }
            Job updated = session.api().updateJob(scope, jobId, body);
            if (output.json()) {
                Json.print(out(), Json.job(updated, write.showSecrets));
            } else {
                out().println((enable() ? "Enabled" : "Disabled") + " job " + jobId + " (" + updated.displayName()
                        + ")");
            }
        }
        return 0;
    }
}
