package io.logpush.cli;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.logpush.cli.render.Json;
import io.logpush.cloudflare.LogpushApi;
import io.logpush.jobs.DeliveryWait;
import io.logpush.jobs.ZoneRules;
import io.logpush.model.Job;
import io.logpush.model.Scope;
import io.logpush.sekoia.SekoiaApi;
import picocli.CommandLine.Mixin;

/** enable and disable: a PUT of {"enabled": …}, skipped when the job is already in that state. */
abstract class ToggleCommand extends ApiCommand {
    @Mixin
    JobIdParameter job;

    @Mixin
    WriteOptions write;

    @Mixin
    ShowSecretsOption secrets;

    abstract boolean enable();

    /** enable's --wait and Sekoia options; null for disable, which has none. */
    WaitOptions waitOptions() {
        return null;
    }

    SekoiaOptions sekoiaOptions() {
        return null;
    }

    @Override
    public Integer call() {
        long jobId = job.jobId;
        ScopeOptions.Target target = where.target(ctx(), null);
        String state = enable() ? "enabled" : "disabled";
        WaitOptions wait = waitOptions() != null && waitOptions().given() ? waitOptions() : null;
        if (wait != null) {
            wait.validate(ctx(), sekoiaOptions(), write.dryRun, "--dry-run");
        }
        try (Session session = wait != null ? wait.open(ctx(), api) : open()) {
            Scope scope = session.scope(target);
            Job current = session.api().getJob(scope, jobId);
            if (current.enabled() == enable()) {
                if (!output.json()) {
                    out().println("job " + jobId + " (" + current.displayName() + ") is already " + state);
                } else if (wait == null) {
                    printJson(current, secrets.showSecrets);
                }
                return wait == null ? 0 : await(wait, session, scope, current, WaitOptions.now(),
                        "job " + jobId + " was already enabled", false);
            }
            ObjectNode body = Json.object().put("enabled", enable());
            if (write.dryRun) {
                printDryRun(session, LogpushApi.updateRequest(scope, jobId, body), secrets.showSecrets);
                return 0;
            }
            Instant since = WaitOptions.now();
            Job updated = ZoneRules.update(session.api(), scope, jobId, body, !current.usesOutputOptions());
            if (!output.json()) {
                out().println((enable() ? "Enabled" : "Disabled") + " job " + jobId + " (" + updated.displayName()
                        + ")");
            } else if (wait == null) {
                printJson(updated, secrets.showSecrets);
            }
            return wait == null ? 0 : await(wait, session, scope, updated, since, "enabled job " + jobId, true);
        }
    }

    /**
     * --wait on the job: the scope's jobs are listed once, for the job's state and the other jobs sending to its
     * intake key; Sekoia's API is opened in the region of the job's intake.
     */
    private int await(WaitOptions wait, Session session, Scope scope, Job job, Instant since, String done,
                      boolean wrote) {
        List<Job> listing = session.api().listJobs(scope);
        Job now = listing.stream().filter(j -> j.id() == job.id()).findFirst().orElse(job);
        try (SekoiaApi sekoia = Session.openSekoia(ctx(), api, sekoiaOptions(),
                NewIntakeOptions.regionOf(now.destinationConf()), wait.sekoiaLimiter())) {
            return wait.awaitOne(ctx(), output.json(), Json.job(now, secrets.showSecrets), sekoia, session,
                    DeliveryWait.Target.of(scope, now, null, listing), since, done, wrote);
        }
    }
}
