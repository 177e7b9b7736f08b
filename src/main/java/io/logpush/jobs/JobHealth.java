package io.logpush.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.logpush.model.Job;
import io.logpush.model.JobOptions;
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

    public List<Check> judge(Job job, Map<String, String> offeredFields) {
        List<Check> out = new ArrayList<>();
        String who = label(job);
        Optional<Catalog.Dataset> ds = Catalog.get().dataset(job.dataset());

        out.add(job.enabled() ? Check.ok("enabled", who + " enabled", "Cloudflare is sending its logs")
                : Check.failure("enabled", who + " enabled", "the job is disabled: nothing is sent to Sekoia",
                        "logpush enable " + job.id() + " " + scope.args()));
        out.add(delivery(who, job));
        out.add(destination(who, job));
        if (ds.isEmpty()) {
            out.add(Check.warning("dataset", who + " dataset", "Sekoia has no intake for dataset " + job.dataset(),
                    "'logpush datasets' lists the datasets Sekoia reads"));
        } else {
            out.add(timestamps(who, job, ds.get()));
            Check fields = fields(who, job, ds.get(), offeredFields);
            if (fields != null) {
                out.add(fields);
            }
        }
        for (SekoiaFormatGuard.Finding f : SekoiaFormatGuard.judge(job)) {
            out.add(f.breaks() ? Check.failure("format", who + " format", f.message(), "logpush update " + job.id() + " "
                    + scope.args() + " --plain-ndjson")
                    : Check.warning("format", who + " format", f.message(), null));
        }
        if (!job.usesOutputOptions()) {
            out.add(Check.info("options", who + " options", "the job uses logpull_options, which Cloudflare has "
                    + "deprecated for output_options (Sekoia reads both)",
                    "logpush update " + job.id() + " " + scope.args() + " --output-options"));
        }
        return out.stream().map(c -> c.forJob(job.id())).toList();
    }

    /**
     * Jobs of one dataset that send to one intake key, among a scope's {@code jobs}: Sekoia receives every event
     * twice (two apply runs raced, or a create's lost answer was retried by hand). One failure per group, naming the
     * oldest (kept) and the newer ones to delete.
     */
    public List<Check> duplicates(List<Job> jobs, String dataset) {
        Map<String, List<Job>> byKey = new java.util.LinkedHashMap<>();
        for (Job j : jobs) {
            if (dataset != null && !dataset.equals(j.dataset())) {
                continue;
            }
            Destination.intakeKey(j.destinationConf()).ifPresent(k ->
                    byKey.computeIfAbsent(j.dataset() + "\n" + k, x -> new ArrayList<>()).add(j));
        }
        List<Check> out = new ArrayList<>();
        for (List<Job> group : byKey.values()) {
            if (group.size() < 2) {
                continue;
            }
            List<Job> sorted = group.stream().sorted(java.util.Comparator.comparingLong(Job::id)).toList();
            Job kept = sorted.get(0);
            List<Job> newer = sorted.subList(1, sorted.size());
            String ids = String.join(", ", newer.stream().map(j -> Long.toString(j.id())).toList());
            out.add(Check.failure("duplicates", label(kept) + " duplicates", "job" + (newer.size() == 1 ? " " : "s ")
                            + ids + " also send" + (newer.size() == 1 ? "s " : " ") + kept.dataset() + " to intake key "
                            + Redactor.mask(Destination.intakeKey(kept.destinationConf()).orElse("")) + ": Sekoia "
                            + "receives every event twice",
                    "logpush delete " + newer.get(0).id() + " " + scope.args() + " (keep the oldest, job " + kept.id()
                            + "; 'logpush apply' removes the newer ones itself)").forJob(kept.id()));
        }
        return out;
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
            return Check.failure("delivery", name, "Cloudflare reports that the intake refuses its uploads" + failure
                            + ": until the destination works again, Cloudflare refuses every change to the job, even "
                            + "disable; only delete goes through", DestinationErrors.wayOut(scope, job.id()));
        }
        if (failing) {
            return Check.failure("delivery", name, "Cloudflare reports a failing delivery" + failure,
                    "check the intake key and region; rotate with 'logpush update " + job.id() + " " + scope.args()
                            + " --intake-key-file FILE', and run 'logpush check " + scope.args()
                            + " --validate-destination'");
        }
        if (complete == null) {
            return job.enabled()
                    ? Check.warning("delivery", name, "no batch delivered yet (Cloudflare takes 10–15 minutes after "
                            + "a change, and sends only when there are events)", null)
                    : Check.warning("delivery", name, "no batch delivered", null);
        }
        String recovered = error == null ? "" : "; recovered: failed at " + job.lastError()
                + (job.errorMessage() != null ? ": " + Destination.mask(job.errorMessage()) : "");
        Duration age = Duration.between(complete, now);
        if (age.compareTo(maxAge) > 0) {
            return Check.warning("delivery", name, "last batch delivered " + ago(age) + " ago (" + job.lastComplete()
                    + "), longer than the maximum age of " + ago(maxAge) + recovered,
                    "if the zone has traffic, check the job with 'logpush get " + job.id() + " " + scope.args() + "'");
        }
        return Check.ok("delivery", name, "last batch delivered " + ago(age) + " ago" + recovered);
    }

    private Check destination(String who, Job job) {
        String name = who + " destination";
        String d = job.destinationConf();
        Optional<String> key = Destination.intakeKey(d);
        Optional<Catalog.WrongPath> wrongPath = Catalog.get().wrongPath(d);
        if (wrongPath.isPresent()) {
            return Check.failure("destination", name, wrongPath.get().explain() + ": Sekoia does not receive these "
                            + "batches", "logpush update " + job.id() + " " + scope.args() + " --region "
                            + wrongPath.get().region().name() + (key.isEmpty() ? " --intake-key-file FILE" : ""));
        }
        Optional<Catalog.Region> region = Catalog.get().regionOf(d);
        if (region.isPresent() && key.isPresent()) {
            return Check.ok("destination", name, Destination.host(d) + " (Sekoia region " + region.get().name()
                    + "), key " + Redactor.mask(key.get()));
        }
        if (region.isPresent()) {
            return Check.warning("destination", name, Destination.host(d) + " (Sekoia region " + region.get().name()
                    + "): Cloudflare did not return the intake key; cannot compare it", null);
        }
        if (key.isEmpty()) {
            return Check.failure("destination", name, "the destination carries no Sekoia intake key",
                    "logpush update " + job.id() + " " + scope.args() + " --intake-key-file FILE"
                            + (Destination.isSekoia(d) ? "" : " --region REGION"));
        }
        return Check.warning("destination", name, Destination.host(d) + " is not a known Sekoia intake host",
                "if it is not a proxy of yours: logpush update " + job.id() + " " + scope.args() + " --region REGION");
    }

    private Check timestamps(String who, Job job, Catalog.Dataset ds) {
        String name = who + " timestamps";
        String have = JobOptions.effectiveTimestamps(job);
        if (ds.datesRightly(have)) {
            return Check.ok("timestamps", name, have + ", as Sekoia's " + ds.name() + " parser reads");
        }
        return Check.failure("timestamps", name, have + ", but Sekoia's " + ds.name() + " parser reads "
                        + ds.timestamps() + ": events are dated wrongly",
                "logpush update " + job.id() + " " + scope.args() + " --timestamps " + ds.timestamps());
    }

    private Check fields(String who, Job job, Catalog.Dataset ds, Map<String, String> offered) {
        List<String> sent = JobOptions.fields(job);
        if (sent.isEmpty()) {
            return null;
        }
        List<String> missing = ds.parserFieldsMissing(sent, offered == null ? null : offered.keySet());
        if (missing.isEmpty()) {
            return Check.ok("fields", who + " fields", sent.size() + " fields, all that Sekoia's parser maps"
                    + (offered == null ? "" : " among those offered"));
        }
        return Check.warning("fields", who + " fields", "Sekoia's parser maps " + String.join(", ", missing)
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

    /** "job 147 (sekoia-firewall-events, firewall_events)": how a check names a job. */
    public static String label(Job job) {
        return "job " + job.id() + " (" + job.displayName() + ", " + job.dataset() + ")";
    }

    static String ago(Duration d) {
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
