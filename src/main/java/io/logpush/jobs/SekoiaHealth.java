package io.logpush.jobs;

import static io.logpush.jobs.CheckId.SEKOIA;
import static io.logpush.jobs.CheckId.SEKOIA_ARRIVAL;
import static io.logpush.jobs.CheckId.SEKOIA_DATES;
import static io.logpush.jobs.CheckId.SEKOIA_FORMAT;
import static io.logpush.jobs.CheckId.SEKOIA_INTAKE;
import static io.logpush.jobs.CheckId.SEKOIA_PARSING;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.logpush.model.Job;
import io.logpush.model.JobOptions;
import io.logpush.model.LogpushException;
import io.logpush.model.Scope;
import io.logpush.model.Times;
import io.logpush.sekoia.Catalog;
import io.logpush.sekoia.Destination;
import io.logpush.sekoia.Intake;
import io.logpush.sekoia.SekoiaApi;

/**
 * The receiving side of a Sekoia job, from Sekoia's API: the intake behind the job's key, its format, whether
 * events arrive, how many fail to parse, and whether they are dated right. A check that cannot run says so
 * ("cannot check: …") and the others still run.
 *
 * @param maxInvalid the share of invalid events above which parsing is a warning (0.01: 1 %)
 */
public record SekoiaHealth(SekoiaApi api, Scope scope, Duration maxAge, Instant now, double maxInvalid) {
    /**
     * Invalid events tolerated whatever the share: Cloudflare uploads a small test object to the intake on every
     * write of a job, which most likely lands as one unparsable event.
     */
    static final long TEST_UPLOADS = 3;
    /** An average lag above this means misdated events, not slow delivery. */
    static final Duration MISDATED = Duration.ofDays(1);
    /** A lag this large (about 32 years) means events dated at the epoch. */
    static final double EPOCH_LAG_SECONDS = 1e9;

    /** The Sekoia API key works (a cheap read answered). */
    public static Check keyAccepted() {
        return Check.ok(SEKOIA, "sekoia", "the Sekoia API key is accepted");
    }

    /** The Sekoia side was asked for (a key is set) but cannot be checked: a failure, not a silent omission. */
    public static Check keyRefused(LogpushException e) {
        return Check.failure(SEKOIA, "sekoia", "cannot check the Sekoia side: " + e.getMessage(), e.hint());
    }

    public List<Check> judge(Job job) {
        String who = JobHealth.label(job);
        List<Check> out = new ArrayList<>();
        Optional<String> key = Destination.intakeKey(job.destinationConf());
        if (key.isEmpty()) {
            out.add(Check.warning(SEKOIA_INTAKE, who + " Sekoia intake", "cannot check: Cloudflare did not return "
                    + "the job's intake key", null));
            return finish(out, job);
        }
        Intake intake;
        try {
            List<Intake> found = api.intakesByKey(key.get());
            if (found.isEmpty()) {
                out.add(Check.failure(SEKOIA_INTAKE, who + " Sekoia intake", "no Sekoia intake has this key "
                        + "(deleted, or in another region or community)", "logpush update " + job.id() + " "
                        + scope.args() + " --create-intake (or --intake-key-file FILE with an intake's key)"));
                return finish(out, job);
            }
            intake = found.get(0);
        } catch (LogpushException e) {
            out.add(cannotCheck(SEKOIA_INTAKE, who + " Sekoia intake", e, "View intakes"));
            return finish(out, job);
        }
        out.add(Check.ok(SEKOIA_INTAKE, who + " Sekoia intake", "intake '" + intake.name() + "'"
                + (intake.entityName() != null ? " of entity " + intake.entityName() : "")
                + (intake.status() != null ? ", " + intake.status().toLowerCase(Locale.ROOT) : "")));
        Optional<Catalog.Dataset> ds = Catalog.get().dataset(job.dataset());
        ds.ifPresent(d -> out.add(format(who, job, d, intake)));
        Instant earliest = now.minus(maxAge);
        SekoiaApi.ByStatus counts;
        try {
            counts = api.eventsByStatus(intake.uuid(), earliest, now);
        } catch (LogpushException e) {
            out.add(cannotCheck(SEKOIA_ARRIVAL, who + " arrival", e, null));
            return finish(out, job);
        }
        out.add(arrival(who, job, counts).with(Measure.SEKOIA_EVENTS_RECEIVED, counts.total())
                .with(Measure.SEKOIA_EVENTS_INVALID, counts.invalid()));
        if (counts.total() > 0 && !onlyTestUploads(job, counts)) {
            out.add(parsing(who, intake, earliest, counts));
            if (parsed(counts) > 0) {
                out.add(dates(who, job, intake, earliest, ds));
            }
        }
        return finish(out, job);
    }

    /** Events that arrived as events: parsed, with or without warnings (a test upload is invalid). */
    private static long parsed(SekoiaApi.ByStatus s) {
        return s.valid() + s.warning();
    }

    /**
     * Whether the only events are Cloudflare's test uploads: nothing parsed, a few invalid ones, and no batch
     * delivered by Cloudflare in the window.
     */
    private boolean onlyTestUploads(Job job, SekoiaApi.ByStatus s) {
        return parsed(s) == 0 && s.invalid() <= TEST_UPLOADS && !deliveredInWindow(job);
    }

    private boolean deliveredInWindow(Job job) {
        Instant complete = Times.instant(job.lastComplete());
        return complete != null && !complete.isBefore(now.minus(maxAge));
    }

    private static List<Check> finish(List<Check> out, Job job) {
        return out.stream().map(c -> c.forJob(job)).toList();
    }

    private Check format(String who, Job job, Catalog.Dataset ds, Intake intake) {
        String name = who + " Sekoia format";
        if (ds.formatUuid().equalsIgnoreCase(String.valueOf(intake.formatUuid()))) {
            return Check.ok(SEKOIA_FORMAT, name, ds.intake() + ", the parser for " + ds.name());
        }
        return Check.failure(SEKOIA_FORMAT, name, "job " + job.id() + " sends " + ds.name() + " to intake '"
                        + intake.name() + "' whose format is " + intake.formatLabel()
                        + ": events are parsed by the wrong parser",
                "send it to an intake of format " + ds.intake() + ": 'logpush update " + job.id() + " " + scope.args()
                        + " --create-intake' finds or makes one (or --intake-key-file FILE with such an intake's key)");
    }

    /** Arrivals are the events Sekoia parsed: Cloudflare's test uploads (invalid by nature) are not arrivals. */
    private Check arrival(String who, Job job, SekoiaApi.ByStatus s) {
        String name = who + " arrival";
        String window = JobHealth.ago(maxAge);
        long events = parsed(s);
        if (events > 0) {
            return Check.ok(SEKOIA_ARRIVAL, name, String.format(Locale.ROOT, "%,d events in %s", events, window));
        }
        if (s.invalid() > 0 && !onlyTestUploads(job, s)) {
            return Check.warning(SEKOIA_ARRIVAL, name, String.format(Locale.ROOT, "no event parsed in %s: the %,d "
                    + "received are invalid (see parsing)", window, s.invalid()), null);
        }
        String uploads = s.invalid() == 0 ? "" : " (besides " + s.invalid() + " Cloudflare test upload"
                + (s.invalid() == 1 ? "" : "s") + ")";
        Instant complete = Times.instant(job.lastComplete());
        if (deliveredInWindow(job)) {
            return Check.failure(SEKOIA_ARRIVAL, name, "0 events in " + window + uploads + " while Cloudflare "
                            + "reports a batch delivered " + JobHealth.ago(Duration.between(complete, now)) + " ago: "
                            + "delivered but not received",
                    "check in Sekoia that the intake is running and that this key is its key");
        }
        return Check.warning(SEKOIA_ARRIVAL, name, "0 events in " + window + uploads + (complete == null
                ? "; the job has not delivered yet" : "; Cloudflare's last batch is older"), null);
    }

    private Check parsing(String who, Intake intake, Instant earliest, SekoiaApi.ByStatus s) {
        String name = who + " parsing";
        double share = s.total() == 0 ? 0 : (double) s.invalid() / s.total();
        boolean none = parsed(s) == 0;
        if (none || (s.invalid() > TEST_UPLOADS && share > maxInvalid)) {
            List<String> top = new ArrayList<>();
            try {
                api.parsingIssues(intake.uuid(), earliest, now).stream().limit(3)
                        .forEach(i -> top.add("'" + i.message() + "' (" + i.count() + ")"));
            } catch (LogpushException e) {
                top.add("the parsing issues could not be read: " + e.getMessage());
            }
            String fix = "check the intake's format and the fields the job sends ('logpush check' above)";
            String issues = top.isEmpty() ? "" : "; most frequent: " + String.join(", ", top);
            if (none) {
                return Check.failure(SEKOIA_PARSING, name, String.format(Locale.ROOT, "0 of %,d events parsed%s",
                        s.total(), issues), fix);
            }
            return Check.warning(SEKOIA_PARSING, name, String.format(Locale.ROOT,
                    "%,d of %,d events (%.1f %%) are invalid%s", s.invalid(), s.total(), share * 100, issues), fix);
        }
        return Check.ok(SEKOIA_PARSING, name, String.format(Locale.ROOT, "%,d of %,d events parsed", parsed(s),
                s.total()));
    }

    private Check dates(String who, Job job, Intake intake, Instant earliest, Optional<Catalog.Dataset> ds) {
        String name = who + " dates";
        try {
            SekoiaApi.Lag lag = api.lag(intake.uuid(), earliest, now);
            if (lag.average() == null) {
                return Check.warning(SEKOIA_DATES, name, "cannot check: Sekoia gave no reception lag", null);
            }
            double seconds = lag.average();
            Duration average = Duration.ofSeconds(Math.round(seconds));
            String ts = JobOptions.effectiveTimestamps(job);
            if (average.compareTo(MISDATED) > 0) {
                String when = lag.average() > EPOCH_LAG_SECONDS ? "dated at the epoch (1970)"
                        : "dated " + JobHealth.ago(average) + " before they arrive";
                return Check.failure(SEKOIA_DATES, name, "events are " + when + " (average lag " + Times.human(average)
                                + "): the job's timestamp format " + ts + " misdates them",
                        ds.map(d -> "logpush update " + job.id() + " " + scope.args() + " --timestamps " + d.timestamps())
                                .orElse(null)).with(Measure.SEKOIA_LAG_AVERAGE, seconds);
            }
            return Check.ok(SEKOIA_DATES, name, "average lag " + Times.human(average) + ", events dated right")
                    .with(Measure.SEKOIA_LAG_AVERAGE, seconds);
        } catch (LogpushException e) {
            return cannotCheck(SEKOIA_DATES, name, e, null);
        }
    }

    /** A check that could not run: what failed, and the permission when a 403 says one is missing. */
    private static Check cannotCheck(CheckId id, String name, LogpushException e, String permission) {
        String fix = e.kind() == LogpushException.Kind.AUTH
                ? (permission != null ? "give the Sekoia API key the permission '" + permission + "'"
                        : "give the Sekoia API key the permission to read telemetry (Sekoia does not document which: "
                                + "try 'View intakes' and 'View events')")
                : e.hint();
        return Check.warning(id, name, "cannot check: " + e.getMessage(), fix);
    }
}
