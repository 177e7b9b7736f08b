package io.logpush.jobs;

import static io.logpush.jobs.CheckId.DATASET;
import static io.logpush.jobs.CheckId.DELIVERY;
import static io.logpush.jobs.CheckId.DESTINATION;
import static io.logpush.jobs.CheckId.DESTINATION_VALIDATION;
import static io.logpush.jobs.CheckId.ENABLED;
import static io.logpush.jobs.CheckId.FIELDS;
import static io.logpush.jobs.CheckId.FORMAT;
import static io.logpush.jobs.CheckId.OPTIONS;
import static io.logpush.jobs.CheckId.TIMESTAMPS;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.logpush.model.Job;
import io.logpush.model.JobOptions;
import io.logpush.model.LogpushException;
import io.logpush.model.Redactor;
import io.logpush.model.Scope;
import io.logpush.model.Times;
import io.logpush.sekoia.Catalog;
import io.logpush.sekoia.Destination;

/**
 * Judges one Logpush job that feeds Sekoia: enabled, delivering, to a known intake, with the timestamp
 * format and the fields Sekoia's parser expects. Pure: the facts come in, the checks go out.
 *
 * @param scope where the job lives, for the fix commands ("--zone example.com")
 */
public record JobHealth(Scope scope, Duration maxAge, Instant now) {

    /**
     * The fields Cloudflare offers for a job's dataset, or the error that kept them from being read (the fields
     * check then says it cannot check, rather than judging without them).
     */
    public record Offered(Map<String, String> fields, LogpushException error) {
        public static Offered of(Map<String, String> fields) {
            return new Offered(fields, null);
        }

        public static Offered unreadable(LogpushException error) {
            return new Offered(null, error);
        }
    }

    public List<Check> judge(Job job, Offered offered) {
        List<Check> out = new ArrayList<>();
        String who = label(job);
        Optional<Catalog.Dataset> ds = Catalog.get().dataset(job.dataset());

        out.add(job.enabled() ? Check.ok(ENABLED, who + " enabled", "Cloudflare is sending its logs")
                : Check.failure(ENABLED, who + " enabled", "the job is disabled: nothing is sent to Sekoia",
                        "logpush enable " + job.id() + " " + scope.args()));
        Check delivery = delivery(who, job);
        Instant complete = Times.instant(job.lastComplete());
        out.add(complete == null ? delivery : delivery.with(Measure.LAST_COMPLETE_AGE,
                Math.max(0, Duration.between(complete, now).getSeconds())));
        out.add(destination(who, job));
        if (ds.isEmpty()) {
            out.add(Check.warning(DATASET, who + " dataset", "Sekoia has no intake for dataset " + job.dataset(),
                    "'logpush datasets' lists the datasets Sekoia reads"));
        } else {
            out.add(timestamps(who, job, ds.get()));
            Check fields = fields(who, job, ds.get(), offered);
            if (fields != null) {
                out.add(fields);
            }
        }
        for (SekoiaFormatGuard.Finding f : SekoiaFormatGuard.judge(job)) {
            out.add(f.breaks() ? Check.failure(FORMAT, who + " format", f.message(), "logpush update " + job.id() + " "
                    + scope.args() + " --plain-ndjson")
                    : Check.warning(FORMAT, who + " format", f.message(), null));
        }
        if (!job.usesOutputOptions()) {
            out.add(Check.info(OPTIONS, who + " options", "the job uses logpull_options, which Cloudflare has "
                    + "deprecated for output_options (Sekoia reads both)",
                    "logpush update " + job.id() + " " + scope.args() + " --output-options"));
        }
        return out.stream().map(c -> c.forJob(job)).toList();
    }

    private Check delivery(String who, Job job) {
        String name = who + " delivery";
        Instant complete = Times.instant(job.lastComplete());
        Instant error = Times.instant(job.lastError());
        boolean failing = (job.errorMessage() != null || error != null)
                && (complete == null || error == null || error.isAfter(complete));
        String failure = (job.errorMessage() != null ? ": " + Destination.mask(job.errorMessage()) : "")
                + (error != null ? " (last error " + job.lastError() + ")" : "");
        if (failing && DestinationErrors.isDestinationError(job.errorMessage())) {
            return Check.failure(DELIVERY, name, "Cloudflare reports that the intake refuses its uploads" + failure
                            + ": until the destination works again, Cloudflare refuses every change to the job, even "
                            + "disable; only delete goes through", DestinationErrors.wayOut(scope, job.id()));
        }
        if (failing) {
            return Check.failure(DELIVERY, name, "Cloudflare reports a failing delivery" + failure,
                    "check the intake key and region; rotate with 'logpush update " + job.id() + " " + scope.args()
                            + " --intake-key-file FILE', and run 'logpush check " + scope.args()
                            + " --validate-destination'");
        }
        if (complete == null) {
            return job.enabled()
                    ? Check.warning(DELIVERY, name, "no batch delivered yet (Cloudflare takes 10–15 minutes after "
                            + "a change, and sends only when there are events)", null)
                    : Check.warning(DELIVERY, name, "no batch delivered", null);
        }
        String recovered = error == null ? "" : "; recovered: failed at " + job.lastError()
                + (job.errorMessage() != null ? ": " + Destination.mask(job.errorMessage()) : "");
        Duration age = Duration.between(complete, now);
        if (age.compareTo(maxAge) > 0) {
            return Check.warning(DELIVERY, name, "last batch delivered " + ago(age) + " ago (" + job.lastComplete()
                    + "), longer than the maximum age of " + ago(maxAge) + recovered,
                    "if the zone has traffic, check the job with 'logpush get " + job.id() + " " + scope.args() + "'");
        }
        return Check.ok(DELIVERY, name, "last batch delivered " + ago(age) + " ago" + recovered);
    }

    private Check destination(String who, Job job) {
        String name = who + " destination";
        String d = job.destinationConf();
        Optional<String> key = Destination.intakeKey(d);
        Optional<Catalog.WrongPath> wrongPath = Catalog.get().wrongPath(d);
        if (wrongPath.isPresent()) {
            return Check.failure(DESTINATION, name, wrongPath.get().explain() + ": Sekoia does not receive these "
                            + "batches", "logpush update " + job.id() + " " + scope.args() + " --region "
                            + wrongPath.get().region().name() + (key.isEmpty() ? " --intake-key-file FILE" : ""));
        }
        Optional<Catalog.Region> region = Catalog.get().regionOf(d);
        if (region.isPresent() && key.isPresent()) {
            return Check.ok(DESTINATION, name, Destination.host(d) + " (Sekoia region " + region.get().name()
                    + "), key " + Redactor.mask(key.get()));
        }
        if (region.isPresent()) {
            return Check.warning(DESTINATION, name, Destination.host(d) + " (Sekoia region " + region.get().name()
                    + "): Cloudflare did not return the intake key; cannot compare it", null);
        }
        if (key.isEmpty()) {
            return Check.failure(DESTINATION, name, "the destination carries no Sekoia intake key",
                    "logpush update " + job.id() + " " + scope.args() + " --intake-key-file FILE"
                            + (Destination.isSekoia(d) ? "" : " --region REGION"));
        }
        return Check.warning(DESTINATION, name, Destination.host(d) + " is not a known Sekoia intake host",
                "if it is not a proxy of yours: logpush update " + job.id() + " " + scope.args() + " --region REGION");
    }

    private Check timestamps(String who, Job job, Catalog.Dataset ds) {
        String name = who + " timestamps";
        String have = JobOptions.effectiveTimestamps(job);
        if (ds.datesRightly(have)) {
            return Check.ok(TIMESTAMPS, name, have + ", as Sekoia's " + ds.name() + " parser reads");
        }
        return Check.failure(TIMESTAMPS, name, have + ", but Sekoia's " + ds.name() + " parser reads "
                        + ds.timestamps() + ": events are dated wrongly",
                "logpush update " + job.id() + " " + scope.args() + " --timestamps " + ds.timestamps());
    }

    private Check fields(String who, Job job, Catalog.Dataset ds, Offered known) {
        List<String> sent = JobOptions.fields(job);
        if (sent.isEmpty()) {
            return null;
        }
        if (known.error() != null) {
            return Check.warning(FIELDS, who + " fields", "cannot check: " + known.error().getMessage(),
                    known.error().hint());
        }
        Map<String, String> offered = known.fields();
        List<String> missing = ds.parserFieldsMissing(sent, offered == null ? null : offered.keySet());
        if (missing.isEmpty()) {
            return Check.ok(FIELDS, who + " fields", sent.size() + " fields, all that Sekoia's parser maps"
                    + (offered == null ? "" : " among those offered"));
        }
        return Check.warning(FIELDS, who + " fields", "Sekoia's parser maps " + String.join(", ", missing)
                        + ", which the job does not send",
                "logpush update " + job.id() + " " + scope.args() + " --fields sekoia");
    }

    /**
     * Why {@code format} misdates {@code dataset}'s events in Sekoia, or null when the parser reads it rightly (or
     * Sekoia has no parser for the dataset): the same judgement as the timestamps check, for write time.
     */
    public static String misdates(String dataset, String format) {
        Optional<Catalog.Dataset> ds = Catalog.get().dataset(dataset);
        if (format == null || ds.isEmpty() || ds.get().datesRightly(format)) {
            return null;
        }
        return "timestamp format " + format + " misdates " + dataset + " events in Sekoia: its parser reads "
                + ds.get().timestamps();
    }

    /** --validate-destination: Cloudflare's answer to a test delivery to the job's destination. */
    public static Check validated(Job job, boolean valid, String message) {
        String name = label(job) + " destination validation";
        return (valid ? Check.ok(DESTINATION_VALIDATION, name, "Cloudflare delivered a test batch to the intake")
                : Check.failure(DESTINATION_VALIDATION, name, "Cloudflare could not deliver to the intake: "
                        + message, "check the intake key and the region")).forJob(job);
    }

    /** --validate-destination, when the test delivery could not be asked for. */
    public static Check notValidated(Job job, LogpushException e) {
        return Check.failure(DESTINATION_VALIDATION, label(job) + " destination validation", e.getMessage(),
                e.hint()).forJob(job);
    }

    /** "job 147 (sekoia-firewall-events, firewall_events)": how a check names a job. */
    public static String label(Job job) {
        return "job " + job.id() + " (" + job.displayName() + ", " + job.dataset() + ")";
    }

    public static String ago(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 120) {
            return s + " s";
        }
        if (s < 7200) {
            return s / 60 + " min";
        }
        if (s < 172_800) {
            return s / 3600 + " h";
        }
        return s / 86_400 + " d";
    }
}
