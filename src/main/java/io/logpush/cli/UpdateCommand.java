package io.logpush.cli;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.logpush.cli.render.Json;
import io.logpush.cloudflare.LogpushApi;
import io.logpush.jobs.DeliveryWait;
import io.logpush.jobs.FieldSelection;
import io.logpush.jobs.IntakePlan;
import io.logpush.jobs.JobSpec;
import io.logpush.jobs.JobUpdate;
import io.logpush.jobs.SekoiaFormatGuard;
import io.logpush.jobs.ZoneRules;
import io.logpush.model.Job;
import io.logpush.model.JobOptions;
import io.logpush.model.LogpushException;
import io.logpush.model.Scope;
import io.logpush.model.Validate;
import io.logpush.sekoia.Destination;
import io.logpush.sekoia.SekoiaApi;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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
            "  logpush update 147 --zone example.com --intake-key-file new-key.txt --wait 20m",
        })
final class UpdateCommand extends ApiCommand {
    @Mixin
    JobIdParameter job;

    @Mixin
    IntakeOptions intake;

    @Mixin
    JobSettingsOptions settings;

    @ArgGroup(exclusive = true)
    FilterChange filter;

    @Mixin
    JobExtrasOptions extras;

    /** --enable or --disable. */
    static final class State {
        @Option(names = "--enable", description = "Enable the job.")
        boolean enable;

        @Option(names = "--disable", description = "Disable the job.")
        boolean disable;
    }

    @ArgGroup(exclusive = true)
    State state;

    @Option(names = "--output-options",
            description = "Move the job from logpull_options (deprecated) to output_options, carrying its fields, "
                    + "timestamps and other parameters.")
    boolean outputOptions;

    @Option(names = "--plain-ndjson",
            description = "Remove from the job's output_options what shapes records other than plain NDJSON "
                    + "(output_type, record_template, record/batch prefixes, suffixes and delimiters, field_delimiter), "
                    + "which Sekoia's parsers cannot read.")
    boolean plainNdjson;

    @Option(names = "--add-fields", paramLabel = "LIST", split = ",",
            description = "Add these fields to the job's list (checked against the dataset's fields).")
    List<String> addFields;

    @Option(names = "--remove-fields", paramLabel = "LIST", split = ",",
            description = "Remove these fields from the job's list.")
    List<String> removeFields;

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
        long jobId = job.jobId;
        boolean editFields = addFields != null || removeFields != null;
        newIntake.validate(intake.key != null);
        if (!settings.anyGiven() && filter == null && state == null && !outputOptions && intake.key == null
                && intake.place == null && !plainNdjson && !editFields && extras.outputOptions == null
                && extras.filterAttackTraffic == null && !newIntake.createIntake) {
            throw LogpushException.usage("nothing to change: give at least one of --fields, --add-fields, "
                    + "--remove-fields, --timestamps, --name, --filter, --clear-filter, --enable, --disable, "
                    + "--intake-key(-file), --create-intake, --region, --intake-url, --output-options, --plain-ndjson or a "
                    + "--max-upload-* limit", "logpush update --help lists them");
        }
        if (editFields && settings.fields != null) {
            throw LogpushException.usage("give --fields (the whole list) or --add-fields/--remove-fields, not both",
                    null);
        }
        settings.validate();
        String filterJson = FilterChange.value(filter);
        FieldSelection selection = settings.fieldSelection();
        String newKey = intake.key(ctx(), false);
        String newBase = intake.base(ctx(), false);
        ScopeOptions.Target target = where.target(ctx(), null);
        Boolean enabled = state == null ? null : state.enable;
        waitOptions.validate(ctx(), sekoiaOptions, write.dryRun, "--dry-run");
        if (waitOptions.given() && Boolean.FALSE.equals(enabled)) {
            throw LogpushException.usage("--wait cannot go with --disable: a disabled job sends nothing to wait for",
                    null);
        }

        try (Session session = waitOptions.open(ctx(), api)) {
            Scope scope = session.scope(target);
            Job current = session.api().getJob(scope, jobId);
            Destination.intakeKey(current.destinationConf()).ifPresent(ctx().redactor()::add);
            if (waitOptions.given() && !current.enabled() && enabled == null) {
                throw LogpushException.usage("job " + jobId + " is disabled, so --wait would wait for events it does "
                        + "not send", "add --enable");
            }
            boolean sekoiaNeeded = newKey != null || newIntake.createIntake || waitOptions.given();
            try (SekoiaApi sekoia = sekoiaNeeded ? newIntake.open(ctx(), api, sekoiaOptions,
                    newBase != null ? newBase : current.destinationConf(), waitOptions.sekoiaLimiter()) : null) {
                return update(session, scope, current, sekoia, newKey, newBase, enabled, filterJson, selection);
            }
        }
    }

    private int update(Session session, Scope scope, Job current, SekoiaApi sekoia, String givenKey, String newBase,
                       Boolean enabled, String filterJson, FieldSelection selection) {
        long jobId = current.id();
        String newKey = givenKey;
        IntakePlan intakePlan = null;
        if (newIntake.createIntake) {
            intakePlan = newIntake.plan(ctx(), sekoia, current.dataset(), scope.label());
            newKey = intakePlan.existing() != null ? intakePlan.existing().intakeKey()
                    : NewIntakeOptions.NEW_INTAKE_KEY;
        } else {
            NewIntakeOptions.checkKey(ctx(), sekoia, current.dataset(), newKey, settings.force);
        }
        ObjectNode outputExtras = extras.outputExtras(ctx(), current.dataset(), scope.kind(), settings.force);
        Validate.timestampsFit(settings.timestamps, current.usesOutputOptions() || outputOptions
                || outputExtras != null, "--output-options");
        if (settings.timestamps != null && !settings.timestamps.equals(JobOptions.effectiveTimestamps(current))) {
            settings.requireSekoiaDates(current.dataset(), settings.timestamps, null, "--fields");
        }
        List<String> wantFields = fields(session, scope, current, selection, filterJson);
        Function<String, JobUpdate.Plan> planFor = key -> {
            JobSpec want = settings.spec().enabled(enabled).fields(wantFields)
                    .destination(destination(current, key, newBase)).filter(filterJson).outputOptions(outputOptions)
                    .outputExtras(outputExtras).filterAttackTraffic(extras.filterAttackTraffic).build();
            JobUpdate.Plan p = JobUpdate.plan(current, want);
            return plainNdjson ? withPlainNdjson(current, p) : p;
        };
        JobUpdate.Plan plan = planFor.apply(newKey);
        if (plan.isEmpty()) {
            if (output.json() && !waitOptions.given()) {
                printJson(current, secrets.showSecrets);
            } else if (!output.json()) {
                out().println("job " + jobId + " is already up to date");
            }
            return waitOptions.given() ? await(session, scope, current, sekoia, null, WaitOptions.now(),
                    "job " + jobId + " was already up to date", false) : 0;
        }
        if (write.dryRun) {
            printDryRun(session, LogpushApi.updateRequest(scope, jobId, plan.body()), secrets.showSecrets, sekoia,
                    intakePlan != null ? intakePlan.create() : null);
            return 0;
        }
        if (intakePlan != null && intakePlan.create() != null) {
            newKey = NewIntakeOptions.make(ctx(), sekoia, intakePlan);
            plan = planFor.apply(newKey);
        }
        Instant since = WaitOptions.now();
        Job updated = ZoneRules.update(session.api(), scope, jobId, plan.body(), !current.usesOutputOptions());
        if (output.json() && !waitOptions.given()) {
            printJson(updated, secrets.showSecrets);
        } else if (!output.json()) {
            out().println("Updated job " + jobId + " (" + updated.displayName() + "): "
                    + plan.changes().stream().map(JobUpdate.Change::description).collect(Collectors.joining(", ")));
        }
        return waitOptions.given() ? await(session, scope, updated, sekoia, newKey, since, "updated job " + jobId, true)
                : 0;
    }

    /**
     * --wait on the job as written (or as it is): the scope's jobs are listed once, for the job's state and the
     * other jobs sending to its intake key ({@code key}: the key written, null for the job's own).
     */
    private int await(Session session, Scope scope, Job job, SekoiaApi sekoia, String key, Instant since, String done,
                      boolean wrote) {
        List<Job> listing = session.api().listJobs(scope);
        Job now = listing.stream().filter(j -> j.id() == job.id()).findFirst().orElse(job);
        return waitOptions.awaitOne(ctx(), output.json(), Json.job(now, secrets.showSecrets), sekoia, session,
                DeliveryWait.Target.of(scope, now, key, listing), since, done, wrote);
    }

    /**
     * The field list to send (null: unchanged), from --fields or --add-fields/--remove-fields, checked against what
     * the dataset offers (read only when needed), and the filter's keys too; a list the user wrote (--fields A,B or
     * an edit) must keep the dataset's time field (all and sekoia are Cloudflare's lists).
     */
    private List<String> fields(Session session, Scope scope, Job current, FieldSelection selection, String filterJson) {
        boolean editFields = addFields != null || removeFields != null;
        boolean newFilter = filterJson != null && !filterJson.isEmpty();
        Map<String, String> available = selection != null || addFields != null || newFilter
                ? session.api().fields(scope, current.dataset()) : null;
        List<String> fields = null;
        if (selection != null) {
            fields = selection.resolve(current.dataset(), available, ctx()::warn);
        } else if (editFields) {
            fields = editedFields(current, addFields == null ? List.of()
                    : FieldSelection.parse(String.join(",", addFields), "--add-fields").resolve(current.dataset(),
                    available, ctx()::warn));
        }
        List<String> written = editFields ? fields : selection != null ? selection.explicit() : null;
        if (written != null && !Set.copyOf(written).equals(Set.copyOf(JobOptions.fields(current)))) {
            settings.requireSekoiaDates(current.dataset(), null, written, editFields ? "the list (--add-fields)"
                    : "--fields");
        }
        if (newFilter) {
            FieldSelection.requireFilterKeys(current.dataset(), filterJson, available, "--filter");
        }
        return fields;
    }

    /** The job's fields with {@code added} (checked) appended and --remove-fields taken out. */
    private List<String> editedFields(Job current, List<String> added) {
        Set<String> fields = new LinkedHashSet<>(JobOptions.fields(current));
        fields.addAll(added);
        if (removeFields != null) {
            for (String r : removeFields) {
                if (!fields.remove(r.trim())) {
                    ctx().warn("job " + current.id() + " does not send " + r.trim() + "; nothing to remove");
                }
            }
        }
        if (fields.isEmpty()) {
            throw LogpushException.usage("--remove-fields would leave job " + current.id() + " without fields", null);
        }
        return List.copyOf(fields);
    }

    /** The plan, with the record-shaping keys removed from the job's output_options when it has any. */
    private static JobUpdate.Plan withPlainNdjson(Job current, JobUpdate.Plan plan) {
        JsonNode planned = plan.body().get("output_options");
        ObjectNode oo = planned instanceof ObjectNode o ? o : current.outputOptions();
        if (oo == null) {
            return plan;
        }
        ObjectNode plain = SekoiaFormatGuard.plainNdjson(oo);
        if (plain.equals(current.outputOptions()) && planned == null) {
            return plan;
        }
        ObjectNode body = plan.body().deepCopy();
        body.set("output_options", plain);
        List<JobUpdate.Change> changes = new ArrayList<>(plan.changes());
        if (!plain.equals(oo)) {
            changes.add(new JobUpdate.Change("output_options", "output_options → plain NDJSON"));
        }
        return new JobUpdate.Plan(body, List.copyOf(changes));
    }

    /** The destination to want, or null when neither key nor intake is asked to change. */
    private String destination(Job current, String newKey, String newBase) {
        if (newKey == null && newBase == null) {
            return null;
        }
        String have = current.destinationConf();
        String haveKey = Destination.intakeKey(have).orElse(null);
        if (newBase == null) {
            if (!Destination.isSekoia(have)) {
                throw LogpushException.usage("job " + current.id() + " does not send to a Sekoia intake, so its "
                        + "intake cannot be kept", "add --region REGION or --intake-url URL");
            }
            // The job keeps its intake (also when Cloudflare did not return its key) and gets the new key.
            return ZoneRules.destinationFor(current, null, newKey);
        }
        String key = newKey != null ? newKey : haveKey;
        if (key == null) {
            throw LogpushException.usage("job " + current.id() + "'s destination carries no Sekoia intake key",
                    "add --intake-key or --intake-key-file");
        }
        return Destination.build(newBase, key);
    }
}
