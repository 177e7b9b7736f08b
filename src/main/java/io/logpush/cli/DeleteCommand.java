package io.logpush.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import io.logpush.cloudflare.Job;
import io.logpush.cloudflare.Scope;
import io.logpush.core.LogpushException;
import io.logpush.core.Validate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "delete", mixinStandardHelpOptions = true,
        header = "Delete a Logpush job, after a confirmation (or --yes).",
        description = {
            "%nOn a terminal it shows the job and asks. Without a terminal it refuses unless --yes is given, so a "
                + "script never deletes by accident. To stop forwarding for a while, 'logpush disable' keeps the job.",
        },
        footerHeading = "%nExamples:%n",
        footer = {"  logpush delete 147 --zone example.com", "  logpush delete 147 --zone example.com --yes"})
final class DeleteCommand extends ApiCommand {
    @Parameters(index = "0", paramLabel = "JOB_ID", description = "The job's ID (see 'logpush list').")
    long jobId;

    @Option(names = {"-y", "--yes"}, description = "Delete without asking.")
    boolean yes;

    @Mixin
    WriteOptions write;

    @Override
    public Integer call() {
        tableOrJson();
        Validate.jobId(jobId);
        Main.Terminal terminal = ctx().terminal();
        boolean interactive = terminal.stdinTty() && terminal.stdoutTty();
        if (!yes && !write.dryRun && !interactive) {
            throw LogpushException.usage("refusing to delete job " + jobId + " without confirmation: "
                    + "pass --yes to delete without a prompt", "logpush delete " + jobId + " --yes");
        }
        ScopeOptions.Target target = where.target(ctx(), null);
        try (Session session = open()) {
            Scope scope = session.scope(target);
            Job job = session.api().getJob(scope, jobId);
            String path = scope.path() + "/logpush/jobs/" + jobId;
            if (write.dryRun) {
                DryRun.print(ctx(), output, session.client(), "DELETE", path, null, write.showSecrets);
                return 0;
            }
            if (!yes && !confirm(job)) {
                throw LogpushException.failure("deletion cancelled; job " + jobId + " is kept", null);
            }
            session.api().deleteJob(scope, jobId);
            if (output.json()) {
                Json.print(out(), Json.object().put("id", jobId).put("deleted", true));
            } else {
                out().println("Deleted job " + jobId + " (" + job.displayName() + ")");
            }
        }
        return 0;
    }

    private boolean confirm(Job job) {
        PrintWriter err = ctx().err();
        java.io.StringWriter shown = new java.io.StringWriter();
        GetCommand.describe(new PrintWriter(shown), job, false);
        err.print(shown);
        err.print("Delete job " + jobId + " (" + job.displayName() + ")? [y/N] ");
        err.flush();
        try {
            String line = new BufferedReader(new InputStreamReader(ctx().terminal().in(), StandardCharsets.UTF_8))
                    .readLine();
            String answer = line == null ? "" : line.trim().toLowerCase(Locale.ROOT);
            return answer.equals("y") || answer.equals("yes");
        } catch (IOException e) {
            return false;
        }
    }
}
