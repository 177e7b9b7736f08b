package io.logpush.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

import io.logpush.cli.render.JobView;
import io.logpush.cli.render.Json;
import io.logpush.cloudflare.LogpushApi;
import io.logpush.model.Job;
import io.logpush.model.LogpushException;
import io.logpush.model.Scope;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "delete", mixinStandardHelpOptions = true,
        header = "Delete a Logpush job, after a confirmation (or --yes).",
        description = {
            "%nOn a terminal it shows the job and asks; any answer but y or yes keeps the job and exits 1 "
                + "('cancelled: job N not deleted' on stderr, as terraform does). Without a terminal it refuses unless --yes is given, so a "
                + "script never deletes by accident. To stop forwarding for a while, 'logpush disable' keeps the job.",
        },
        footerHeading = "%nExamples:%n",
        footer = {"  logpush delete 147 --zone example.com", "  logpush delete 147 --zone example.com --yes"})
final class DeleteCommand extends ApiCommand {
    @Mixin
    JobIdParameter job;

    @Option(names = {"-y", "--yes"}, description = "Delete without asking.")
    boolean yes;

    @Mixin
    WriteOptions write;

    @Override
    public Integer call() {
        long jobId = job.jobId;
        Main.Terminal terminal = ctx().terminal();
        boolean interactive = terminal.stdinTty() && terminal.stdoutTty();
        if (!yes && !write.dryRun && !interactive) {
            throw LogpushException.usage("refusing to delete job " + jobId + " without confirmation: "
                    + "pass --yes to delete without a prompt", "logpush delete " + jobId + where.givenArgs() + " --yes");
        }
        ScopeOptions.Target target = where.target(ctx(), null);
        try (Session session = open()) {
            Scope scope = session.scope(target);
            Job current = session.api().getJob(scope, jobId);
            if (write.dryRun) {
                printDryRun(session, LogpushApi.deleteRequest(scope, jobId), false);
                return 0;
            }
            if (!yes && !confirm(current)) {
                // declined: what was asked did not happen, so a script must not go on as if it had (terraform: 1)
                ctx().err().println("cancelled: job " + jobId + " not deleted");
                return ExitCode.FAILURE.code();
            }
            session.api().deleteJob(scope, jobId);
            if (output.json()) {
                Json.print(out(), Json.object().put("id", jobId).put("deleted", true));
            } else {
                out().println("Deleted job " + jobId + " (" + current.displayName() + ")");
            }
        }
        return 0;
    }

    private boolean confirm(Job current) {
        PrintWriter err = ctx().err();
        StringWriter shown = new StringWriter();
        JobView.describe(new PrintWriter(shown), current, false);
        err.print(shown);
        return ctx().confirm("Delete job " + current.id() + " (" + current.displayName() + ")?");
    }
}
