package io.logpush.cli;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.logpush.cloudflare.Job;
import io.logpush.cloudflare.Scope;
import io.logpush.core.FieldSelection;
import io.logpush.core.JobSpec;
import io.logpush.core.JobUpdate;
import io.logpush.core.LogpushException;
import io.logpush.core.Validate;
import io.logpush.sekoia.Destination;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "update", mixinStandardHelpOptions = true,
        header = "Change a Logpush job: fields, timestamps, intake key, region, name, filter, limits.",
        description = {
            "%nReads the job, works out what changes, and sends only that (a partial PUT). A job on output_options "
                + "gets that object sent whole; a job on logpull_options keeps the parameters you do not touch. "
                + "Nothing to change: says so and sends nothing. Rotating the key keeps the job's intake unless "
                + "--region or --intake-url says otherwise.",
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  logpush update 147 --zone example.com --timestamps unixnano",
            "  logpush update 147 --zone example.com --intake-key-file new-key.txt",
            "  logpush update 147 --zone example.com --fields sekoia --dry-run",
        })
final class UpdateCommand extends ApiCommand {
    @Parameters(index = "0", paramLabel = "JOB_ID", description = "The job's ID (see 'logpush list').")
    long jobId;

    @Mixin
    IntakeOptions intake;

    @Mixin
    JobSettingsOptions settings;

    @Option(names = "--clear-filter", description = "Remove the job's filter.")
    boolean clearFilter;

    @Option(names = "--enable", description = "Enable the job.")
    boolean enable;

    @Option(names = "--disable", description = "Disable the job.")
    boolean disable;

    @Mixin
    WriteOptions write;

    @Override
    public Integer call() {
        tableOrJson();
        Validate.jobId(jobId);
        settings.validate();
        if (enable && disable) {
            throw LogpushException.usage("give --enable or --disable, not both", null);
        }
        if (clearFilter && settings.filter != null) {
            throw LogpushException.usage("give --filter or --clear-filter, not both", null);
        }
        FieldSelection selection = settings.fieldSelection();
        String newKey = intake.key(ctx(), false);
        String newBase = intake.base(ctx(), false);
        ScopeOptions.Target target = where.target(ctx(), null);

        try (Session session = open()) {
            Scope scope = session.scope(target);
            Job job = session.api().getJob(scope, jobId);
            if (job.destinationConf() != null) {
                Destination.intakeKey(job.destinationConf()).ifPresent(ctx().redactor()::add);
            }
            List<String> fields = null;
            if (selection != null) {
                Map<String, String> available = session.api().fields(scope, job.dataset());
                fields = selection.resolve(job.dataset(), available, ctx()::warn);
            }
            JobSpec want = new JobSpec(null, settings.name, enable ? Boolean.TRUE : disable ? Boolean.FALSE : null,
                    fields, settings.timestamps, destination(job, newKey, newBase),
                    clearFilter ? "" : settings.filter, settings.maxUploadBytes, settings.maxUploadRecords,
                    settings.maxUploadIntervalSeconds, false);
            JobUpdate.Plan plan = JobUpdate.plan(job, want);
            if (plan.isEmpty()) {
                if (output.json()) {
                    Json.print(out(), Json.job(job, write.showSecrets));
                } else {
                    out().println("job " + jobId + " is already up to date");
                }
                return 0;
            }
            if (write.dryRun) {
                DryRun.print(ctx(), output, session.client(), "PUT", scope.path() + "/logpush/jobs/" + jobId,
                        plan.body(), write.showSecrets);
                return 0;
            }
            Job updated = session.api().updateJob(scope, jobId, plan.body());
            if (output.json()) {
                Json.print(out(), Json.job(updated, write.showSecrets));
            } else {
                out().println("Updated job " + jobId + " (" + updated.displayName() + "): "
                        + plan.changes().stream().map(JobUpdate.Change::description).collect(Collectors.joining(", ")));
            }
        }
        return 0;
    }

    /** The destination to want, or null when neither key nor intake is asked to change. */
    private String destination(Job job, String newKey, String newBase) {
        if (newKey == null && newBase == null) {
            return null;
        }
        String current = job.destinationConf();
        String currentKey = current == null ? null : Destination.intakeKey(current).orElse(null);
        if (newBase == null) {
            if (currentKey == null || !Destination.isSekoia(current)) {
                throw LogpushException.usage("job " + jobId + " does not send to a Sekoia intake, so its intake "
                        + "cannot be kept", "add --region REGION or --intake-url URL");
            }
            return Destination.withKey(current, newKey);
        }
        String key = newKey != null ? newKey : currentKey;
        if (key == null) {
            throw LogpushException.usage("job " + jobId + "'s destination carries no Sekoia intake key",
                    "add --intake-key or --intake-key-file");
        }
        return Destination.build(newBase, key);
    }
}
