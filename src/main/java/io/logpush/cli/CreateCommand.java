package io.logpush.cli;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.logpush.cli.render.Json;
import io.logpush.cloudflare.CloudflareException;
import io.logpush.cloudflare.LogpushApi;
import io.logpush.jobs.DeliveryWait;
import io.logpush.jobs.FieldSelection;
import io.logpush.jobs.IntakePlan;
import io.logpush.jobs.JobSpec;
import io.logpush.jobs.JobSurface;
import io.logpush.jobs.ZoneRules;
import io.logpush.model.Job;
import io.logpush.model.LogpushException;
import io.logpush.model.Redactor;
import io.logpush.model.Scope;
import io.logpush.model.Validate;
import io.logpush.sekoia.Catalog;
import io.logpush.sekoia.Destination;
import io.logpush.sekoia.SekoiaApi;
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
            "  logpush create --zone example.com --intake-key-file key.txt --wait 20m   # exit 8: no event in 20 min",
        })
final class CreateCommand extends ApiCommand {
    @Mixin
    DatasetOption datasetOption;

    @Mixin
    IntakeOptions intake;

    @Mixin
    JobSettingsOptions settings;

    @Mixin
    FilterOption filter;

    @Mixin
    JobExtrasOptions extras;

    @Option(names = "--kind", paramLabel = "KIND",
            description = "Cloudflare's job kind: edge (http_requests only; it cannot be changed later).")
    String kind;

    @Option(names = {"--disable", "--disabled"},
            description = "Create the job disabled (enable it later with 'logpush enable').")
    boolean disabled;

    @Option(names = "--output-options",
            description = "Send output_options (Cloudflare's newer form) instead of the deprecated logpull_options.")
    boolean outputOptions;

    @Option(names = "--allow-duplicate",
            description = "Create even when a job already sends this dataset to this intake (same key, or the same "
                    + "intake with another key: a rotation is an update).")
    boolean allowDuplicate;

    @Mixin
    NewIntakeOptions newIntake;

    @Mixin
    SekoiaOptions sekoiaOptions;

    @Mixin
    WriteOptions write;

    @Mixin
    WaitOptions waitOptions;

    @Mixin
    ShowSecretsOption secrets;

    @Override
    public Integer call() {
        String dataset = datasetOption.orDefault();
        settings.validate();
        String filterJson = filter.value();
        FieldSelection selection = settings.fieldSelection() != null ? settings.fieldSelection() : FieldSelection.ALL;
        boolean createIntake = newIntake.createIntake;
        newIntake.validate(intake.key != null);
        String key = createIntake ? null : intake.key(ctx(), true);
        if (key == null && !createIntake) {
            throw LogpushException.usage("no intake key: --intake-key, --intake-key-file or SEKOIA_INTAKE_KEY is "
                    + "required (or --create-intake with a Sekoia API key)",
                    "copy the key from the intake's page in Sekoia.io (Intakes > your intake > Copy intake key)");
        }
        String base = intake.base(ctx(), true);
        ScopeOptions.Target target = where.target(ctx(), dataset);
        if (Catalog.get().dataset(dataset).isEmpty()) {
            ctx().warn("Sekoia has no intake for dataset " + dataset + " ('logpush datasets' lists those it has)");
        }
        JobSurface.requireKind(kind, dataset, "--kind");
        ObjectNode outputExtras = extras.outputExtras(ctx(), dataset, target.kind(), settings.force);
        boolean useOutputOptions = outputOptions || outputExtras != null;
        String timestamps = settings.timestamps != null ? settings.timestamps : JobSpec.defaultTimestamps(dataset);
        Validate.timestampsFit(timestamps, useOutputOptions, "--output-options");
        settings.requireSekoiaDates(dataset, timestamps, selection.explicit(), "--fields");
        waitOptions.validate(ctx(), sekoiaOptions, write.dryRun, "--dry-run");
        if (waitOptions.given() && disabled) {
            throw LogpushException.usage("--wait cannot go with --disable: a disabled job sends nothing to wait for",
                    "create it enabled, or enable it later with 'logpush enable JOB_ID … --wait "
                            + DeliveryWait.RECOMMENDED + "'");
        }

        try (Session session = waitOptions.open(ctx(), api); SekoiaApi sekoia = newIntake.open(ctx(), api,
                sekoiaOptions, base, waitOptions.sekoiaLimiter())) {
            Scope scope = session.scope(target);
            List<Job> existing = session.api().listJobs(scope);
            IntakePlan plan = null;
            if (createIntake) {
                plan = newIntake.plan(ctx(), sekoia, dataset, scope.label());
                if (plan.existing() != null) {
                    key = plan.existing().intakeKey();
                }
            }
            // A new intake's key is not known yet: no job can have it, so only a job at the same intake conflicts.
            String destination = Destination.build(base, key != null ? key : NewIntakeOptions.NEW_INTAKE_KEY);
            refuseConflicts(scope, existing, dataset, key != null ? key : NewIntakeOptions.NEW_INTAKE_KEY, Destination.base(destination));
            if (!createIntake) {
                NewIntakeOptions.checkKey(ctx(), sekoia, dataset, key, settings.force);
            }
            Map<String, String> available = session.api().fields(scope, dataset);
            List<String> fields = selection.resolve(dataset, available, ctx()::warn);
            FieldSelection.requireFilterKeys(dataset, filterJson, available, "--filter");
            JobSpec spec = settings.spec().dataset(dataset).enabled(!disabled).fields(fields).timestamps(timestamps)
                    .destination(destination).filter(filterJson).outputOptions(useOutputOptions)
                    .outputExtras(outputExtras).filterAttackTraffic(extras.filterAttackTraffic).kind(kind).build()
                    .withCreateDefaults();
            Draft draft = new Draft(scope, dataset, base, key, spec.createBody(), plan, existing);
            if (write.dryRun) {
                dryRun(session, sekoia, draft);
                return 0;
            }
            Instant since = WaitOptions.now();
            Created c = send(session, sekoia, draft);
            if (!waitOptions.given()) {
                report(scope, dataset, c.job(), c.key(), c.destination(), true);
                return 0;
            }
            report(scope, dataset, c.job(), c.key(), c.destination(), false);
            List<Job> listing = new ArrayList<>(existing);
            listing.add(c.job());
            return waitOptions.awaitOne(ctx(), output.json(), Json.job(c.job(), secrets.showSecrets), sekoia, session,
                    DeliveryWait.Target.of(scope, c.job(), c.key(), listing), since, "created job " + c.job().id(),
                    true);
        }
    }

    /** The job Cloudflare created, the key it sends with, and its destination as sent. */
    private record Created(Job job, String key, String destination) {
    }

    /** What create is about to send: the job's body, and the intake to make first (plan), if any. */
    private record Draft(Scope scope, String dataset, String base, String key, ObjectNode body, IntakePlan plan,
                         List<Job> existing) {
        boolean makesIntake() {
            return plan != null && plan.create() != null;
        }
    }

    private void dryRun(Session session, SekoiaApi sekoia, Draft d) {
        printDryRun(session, LogpushApi.createRequest(d.scope(), d.body()), secrets.showSecrets, sekoia,
                d.makesIntake() ? d.plan().create() : null);
        if (CloudflareException.PII_READ_DATASETS.contains(d.dataset())) {
            ctx().note("note: " + d.dataset() + " jobs need the token permission 'Zero Trust: PII Read' "
                    + "besides Logs Edit");
        }
    }

    /**
     * Makes the intake (when asked), then sends the create; Ctrl-C after the POST says the job may exist, and a
     * failed create after a made intake says a rerun reuses it.
     */
    @SuppressWarnings("try") // the SignalGuard is held for the span of the request, never called in it
    private Created send(Session session, SekoiaApi sekoia, Draft d) {
        String key = d.key();
        String destination = d.body().path("destination_conf").asText();
        if (d.makesIntake()) {
            key = NewIntakeOptions.make(ctx(), sekoia, d.plan());
            destination = Destination.build(d.base(), key);
            d.body().put("destination_conf", destination);
        }
        Set<Long> before = d.existing().stream().map(Job::id).collect(Collectors.toSet());
        Job created;
        try (SignalGuard sent = SignalGuard.install(ctx(), "logpush: interrupted after the create request was "
                + "sent: the job may exist; see: logpush list " + d.scope().args() + " --dataset " + d.dataset())) {
            created = ZoneRules.create(session.api(), d.scope(), d.body(), before, key, ctx()::note);
        } catch (LogpushException e) {
            if (d.makesIntake()) {
                ctx().note("note: the Sekoia intake '" + d.plan().name() + "' was created; running the same command "
                        + "again reuses it");
            }
            throw e;
        }
        return new Created(created, key, destination);
    }

    /**
     * Refuses a second job for the dataset to the same intake (same key; or same intake with another key, which
     * is a key rotation; or a job whose key Cloudflare did not return), and a full zone. With -o json the existing
     * job goes to stdout, so that a CI step still gets its ID.
     */
    private void refuseConflicts(Scope scope, List<Job> existing, String dataset, String key, String base) {
        Optional<ZoneRules.Match> match = allowDuplicate ? Optional.empty()
                : ZoneRules.match(existing, dataset, key, base);
        if (match.isPresent()) {
            Job j = match.get().job();
            if (output.json()) {
                printJson(j, secrets.showSecrets);
            }
            Optional<String> theirs = Destination.intakeKey(j.destinationConf());
            String update = "'logpush update " + j.id() + " " + scope.args();
            if (match.get().sameKey()) {
                throw LogpushException.conflict("job " + j.id() + " already sends " + dataset + " to this intake; use "
                        + update + "'", "pass --allow-duplicate to create a second job anyway");
            }
            throw LogpushException.conflict("job " + j.id() + " already sends " + dataset + " to "
                            + Destination.host(j.destinationConf()) + (theirs.isPresent()
                            ? " with another intake key (" + Redactor.mask(theirs.get()) + "): a key rotation is an update"
                            : " (Cloudflare did not return its intake key, so it was matched by dataset and host)")
                            + "; use " + update + " --intake-key-file FILE'",
                    "pass --allow-duplicate to create a second job anyway");
        }
        ZoneRules.requireRoom(scope, existing);
    }

    /** The created job: its JSON (unless {@code json} is false: --wait prints it with its wait), or its line. */
    private void report(Scope scope, String dataset, Job created, String key, String destination, boolean json) {
        if (output.json()) {
            if (json) {
                printJson(created, secrets.showSecrets);
            }
        } else {
            String where = scope.kind() == Scope.Kind.ZONE ? scope.label() : scope.describe();
            out().println("Created job " + created.id() + " (" + created.displayName() + "): " + dataset + " of "
                    + where + " → " + Destination.host(created.destinationConf() != null ? created.destinationConf()
                    : destination)
                    + " (key " + (secrets.showSecrets ? key : Redactor.mask(key)) + ")");
        }
        if (!disabled && !created.enabled()) {
            ctx().warn("Cloudflare created job " + created.id() + " disabled; enable it with 'logpush enable "
                    + created.id() + " " + scope.args() + "'");
        }
    }
}
