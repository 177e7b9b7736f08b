package io.logpush.cli;

import java.net.ConnectException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.logpush.cloudflare.Job;
import io.logpush.cloudflare.Scope;
import io.logpush.core.FieldSelection;
import io.logpush.core.JobOptions;
import io.logpush.core.JobSpec;
import io.logpush.core.LogpushException;
import io.logpush.core.Redactor;
import io.logpush.core.Validate;
import io.logpush.sekoia.Catalog;
import io.logpush.sekoia.Destination;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "create", mixinStandardHelpOptions = true,
        header = "Create a Logpush job that sends a dataset to a Sekoia intake.",
        description = {
            "%nBuilds the job Sekoia's parser expects: every field the dataset offers (or --fields), the timestamp "
                + "format the parser reads (unixnano for zone datasets: Sekoia divides Datetime by 1e9; rfc3339 "
                + "for account datasets), 5,000,000 bytes and 1,000 records per batch, and the destination "
                + "<intake>/plain/batch?header_X-SEKOIAIO-INTAKE-KEY=<key>.",
            "%nBefore creating, it lists the scope's jobs: a job that already sends the dataset to the same intake "
                + "key is refused (exit 6) unless --allow-duplicate, and so is a zone that has Cloudflare's "
                + "maximum of 4 jobs.",
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  logpush create --zone example.com --intake-key-file key.txt",
            "  logpush create --zone example.com --dataset http_requests --region usa1 --intake-key \"$KEY\"",
            "  logpush create --account 01a7362d577a6c3019a474fd6f485823 --dataset gateway_dns --dry-run",
        })
final class CreateCommand extends ApiCommand {
    @Option(names = {"-d", "--dataset"}, paramLabel = "DATASET", defaultValue = "firewall_events",
            completionCandidates = Catalog.DatasetNames.class, description = "The dataset. Default: ${DEFAULT-VALUE}.")
    String dataset;

    @Mixin
    IntakeOptions intake;

    @Mixin
    JobSettingsOptions settings;

    @Option(names = "--disabled", description = "Create the job disabled (enable it later with 'logpush enable').")
    boolean disabled;

    @Option(names = "--output-options",
            description = "Send output_options (Cloudflare's newer form) instead of the deprecated logpull_options.")
    boolean outputOptions;

    @Option(names = "--allow-duplicate",
            description = "Create even when a job already sends this dataset to this intake key.")
    boolean allowDuplicate;

    @Mixin
    WriteOptions write;

    @Override
    public Integer call() {
        tableOrJson();
        Validate.dataset(dataset);
        Optional<Catalog.Dataset> known = Catalog.get().dataset(dataset);
        settings.validate();
        FieldSelection selection = settings.fieldSelection() != null ? settings.fieldSelection()
                : FieldSelection.parse("all");
        String key = intake.key(ctx(), true);
        if (key == null) {
            throw LogpushException.usage("no intake key: --intake-key, --intake-key-file or SEKOIA_INTAKE_KEY is required",
                    "copy the key from the intake's page in Sekoia.io (Intakes > your intake > Copy intake key)");
        }
        String base = intake.base(ctx(), true);
        String destination = Destination.build(base != null ? base : Catalog.get().defaultRegion().intakeBase(), key);
        ScopeOptions.Target target = where.target(ctx(), dataset);
        if (known.isEmpty()) {
            ctx().warn("Sekoia has no intake for dataset " + dataset + " ('logpush datasets' lists those it has)");
        }
        String timestamps = settings.timestamps != null ? settings.timestamps
                : known.map(Catalog.Dataset::timestamps).orElse(JobOptions.CLOUDFLARE_DEFAULT_TIMESTAMPS);

        try (Session session = open()) {
            Scope scope = session.scope(target);
            List<Job> existing = session.api().listJobs(scope);
            refuseConflicts(scope, existing, key);
            Map<String, String> available = session.api().fields(scope, dataset);
            List<String> fields = selection.resolve(dataset, available, ctx()::warn);
            JobSpec spec = new JobSpec(dataset, settings.name != null ? settings.name : JobSpec.defaultName(dataset),
                    !disabled, fields, timestamps, destination, settings.filter,
                    settings.maxUploadBytes != null ? settings.maxUploadBytes : JobSpec.SEKOIA_MAX_UPLOAD_BYTES,
                    settings.maxUploadRecords != null ? settings.maxUploadRecords : JobSpec.SEKOIA_MAX_UPLOAD_RECORDS,
                    settings.maxUploadIntervalSeconds, outputOptions);
            ObjectNode body = spec.createBody();
            if (write.dryRun) {
                DryRun.print(ctx(), output, session.client(), "POST", scope.path() + "/logpush/jobs", body,
                        write.showSecrets);
                return 0;
            }
            Job created;
            try {
                created = session.api().createJob(scope, body);
            } catch (LogpushException e) {
                created = recoverLostAnswer(session, scope, existing, key, e);
            }
            report(scope, created, key, destination);
        }
        return 0;
    }

    private void refuseConflicts(Scope scope, List<Job> existing, String key) {
        if (!allowDuplicate) {
            for (Job j : existing) {
                if (dataset.equals(j.dataset()) && Destination.intakeKey(j.destinationConf()).map(key::equals)
                        .orElse(false)) {
                    throw LogpushException.conflict("job " + j.id() + " already sends " + dataset
                                    + " to this intake; use 'logpush update " + j.id() + "'",
                            "pass --allow-duplicate to create a second job anyway");
                }
            }
        }
        if (scope.kind() == Scope.Kind.ZONE && existing.size() >= 4) {
            throw LogpushException.conflict(scope.describe() + " already has " + existing.size()
                            + " Logpush jobs, the most Cloudflare allows: " + existing.stream()
                            .map(j -> j.id() + " (" + j.displayName() + ", " + j.dataset() + ")")
                            .collect(Collectors.joining(", ")),
                    "free a slot with 'logpush delete JOB_ID', or reuse a job with 'logpush update JOB_ID'");
        }
    }

    /**
     * The POST went out but its answer was lost (timeout, reset): a blind retry could create the job twice,
     * so look at the jobs instead.
     */
    private Job recoverLostAnswer(Session session, Scope scope, List<Job> before, String key, LogpushException e) {
        if (e.kind() != LogpushException.Kind.NETWORK || e.getCause() == null
                || e.getCause() instanceof ConnectException) {
            throw e;
        }
        Set<Long> known = before.stream().map(Job::id).collect(Collectors.toSet());
        List<Job> now;
        try {
            now = session.api().listJobs(scope, dataset);
        } catch (LogpushException listFailed) {
            now = List.of();
        }
        for (Job j : now) {
            if (!known.contains(j.id()) && dataset.equals(j.dataset())
                    && Destination.intakeKey(j.destinationConf()).map(key::equals).orElse(false)) {
                ctx().note("note: Cloudflare's answer to the create was lost, but job " + j.id() + " now exists");
                return j;
            }
        }
        throw new LogpushException(LogpushException.Kind.FAILURE,
                "the outcome of the create is unknown: " + e.getMessage(),
                "check with 'logpush list " + scope.kind().option() + " " + scope.label() + " --dataset " + dataset
                        + "' before running create again");
    }

    private void report(Scope scope, Job created, String key, String destination) {
        if (output.json()) {
            Json.print(out(), Json.job(created, write.showSecrets));
        } else {
            String where = scope.kind() == Scope.Kind.ZONE ? scope.label() : scope.describe();
            out().println("Created job " + created.id() + " (" + created.displayName() + "): " + dataset + " of "
                    + where + " → " + Destination.host(created.destinationConf() != null ? created.destinationConf()
                    : destination)
                    + " (key " + (write.showSecrets ? key : Redactor.mask(key)) + ")");
        }
        if (!disabled && !created.enabled()) {
            ctx().warn("Cloudflare created job " + created.id() + " disabled; enable it with 'logpush enable "
                    + created.id() + " " + scope.kind().option() + " " + scope.label() + "'");
        }
    }
}
