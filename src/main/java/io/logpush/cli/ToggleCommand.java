package io.logpush.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.logpush.cli.render.Json;
import io.logpush.cloudflare.LogpushApi;
import io.logpush.jobs.ZoneRules;
import io.logpush.model.Job;
import io.logpush.model.Scope;
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

    @Override
    public Integer call() {
        long jobId = job.jobId;
        ScopeOptions.Target target = where.target(ctx(), null);
        String state = enable() ? "enabled" : "disabled";
        try (Session session = open()) {
            Scope scope = session.scope(target);
            Job current = session.api().getJob(scope, jobId);
            if (current.enabled() == enable()) {
                if (output.json()) {
                    printJson(current, secrets.showSecrets);
                } else {
                    out().println("job " + jobId + " (" + current.displayName() + ") is already " + state);
                }
                return 0;
            }
            ObjectNode body = Json.object().put("enabled", enable());
            if (write.dryRun) {
                printDryRun(session, LogpushApi.updateRequest(scope, jobId, body), secrets.showSecrets);
                return 0;
            }
            Job updated = ZoneRules.update(session.api(), scope, jobId, body, !current.usesOutputOptions());
            if (output.json()) {
                printJson(updated, secrets.showSecrets);
            } else {
                out().println((enable() ? "Enabled" : "Disabled") + " job " + jobId + " (" + updated.displayName()
                        + ")");
            }
        }
        return 0;
    }
}
