package io.logpush.cli;

import io.logpush.cli.render.JobView;
import io.logpush.model.Job;
import io.logpush.model.Scope;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "get", mixinStandardHelpOptions = true,
        header = "Show one Logpush job: destination, fields, timestamp format and health.",
        footerHeading = "%nExamples:%n",
        footer = {"  logpush get 147 --zone example.com", "  logpush get 147 --zone example.com -o json"})
final class GetCommand extends ApiCommand {
    @Mixin
    JobIdParameter job;

    @Mixin
    ShowSecretsOption secrets;

    @Override
    public Integer call() {
        ScopeOptions.Target target = where.target(ctx(), null);
        try (Session session = open()) {
            Scope scope = session.scope(target);
            Job found = session.api().getJob(scope, job.jobId);
            if (output.json()) {
                printJson(found, secrets.showSecrets);
            } else {
                JobView.describe(out(), found, secrets.showSecrets);
            }
        }
        return 0;
    }
}
