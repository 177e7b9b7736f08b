package io.logpush.jobs;

import static io.logpush.jobs.CheckId.SEKOIA;
import static io.logpush.jobs.CheckId.SEKOIA_ARRIVAL;
import static io.logpush.jobs.CheckId.SEKOIA_DATES;
import static io.logpush.jobs.CheckId.SEKOIA_FORMAT;
import static io.logpush.jobs.CheckId.SEKOIA_INTAKE;
import static io.logpush.jobs.CheckId.SEKOIA_PARSING;
import static io.logpush.jobs.CheckId.SILENCE;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;

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
 * @param silence    the {@code silence} window of each job (--max-silence, max_silence), and the counts read for it
 */
public record SekoiaHealth(SekoiaApi api, Scope scope, Duration maxAge, Instant now, double maxInvalid,
                           Silence silence) {
    public SekoiaHealth(SekoiaApi api, Scope scope, Duration maxAge, Instant now, double maxInvalid) {
        this(api, scope, maxAge, now, maxInvalid, Silence.NONE);
    }

    /**
     * The {@code silence} check's rule: a job's window (null: not judged), and the counts already read for a window
     * of an intake, so that jobs sharing an intake cost one request per run, and none when the window is the arrival
     * window (--max-age) whose counts are read anyway.
     */
    public static final class Silence {
        public static final Silence NONE = new Silence((scope, job) -> null);
        private final BiFunction<Scope, Job, Duration> windowOf;
        private final Map<String, SekoiaApi.ByStatus> read = new ConcurrentHashMap<>();

        public Silence(BiFunction<Scope, Job, Duration> windowOf) {
            this.windowOf = windowOf;
        }

        /** The window of a job of a scope, or null when its silence is not judged. */
        public Duration windowOf(Scope scope, Job job) {
            return windowOf.apply(scope, job);
        }

        SekoiaApi.ByStatus counts(String intakeUuid, Duration window, Function<Duration, SekoiaApi.ByStatus> read) {
            return this.read.computeIfAbsent(intakeUuid + " " + window, k -> read.apply(window));
        }

        /** The line when the Sekoia side is not checked (no SEKOIA_API_KEY): one for the run. */
        public static Check unchecked() {
            return Check.info(SILENCE, "silence", "not checked: --max-silence needs the Sekoia side (set "
                    + "SEKOIA_API_KEY)", null);
        }
    }

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
            silence(who, job, intake, null).ifPresent(out::add);
            return finish(out, job);
        }
        out.add(arrival(who, job, counts).with(Measure.SEKOIA_EVENTS_RECEIVED, counts.total())
                .with(Measure.SEKOIA_EVENTS_INVALID, counts.invalid()));
        silence(who, job, intake, counts).ifPresent(out::add);
        if (counts.total() > 0 && !onlyTestUploads(job, counts)) {
            out.add(parsing(who, intake, earliest, counts));
            if (parsed(counts) > 0) {
                out.add(dates(who, job, intake, earliest, ds));
            }
        }
        return finish(out, job);
    }

    /**
     * The {@code silence} line of an enabled job with a window: ✗ when its intake received no valid event (valid or
     * warning: Cloudflare's test upload is invalid) within it. {@code arrived}: the counts over --max-age, reused when
     * the window is the same (null when they could not be read).
     */
    private Optional<Check> silence(String who, Job job, Intake intake, SekoiaApi.ByStatus arrived) {
        Duration window = silence.windowOf(scope, job);
        if (window == null || !job.enabled()) {
            return Optional.empty();
        }
        String name = who + " silence";
        SekoiaApi.ByStatus s;
        try {
            s = window.equals(maxAge) && arrived != null ? arrived : silence.counts(intake.uuid(), window,
                    w -> api.eventsByStatus(intake.uuid(), now.minus(w), now));
        } catch (LogpushException e) {
            return Optional.of(cannotCheck(SILENCE, name, e, null));
        }
        long events = parsed(s);
        if (events > 0) {
            return Optional.of(Check.ok(SILENCE, name, String.format(Locale.ROOT, "%,d events in %s", events,
                    JobHealth.ago(window))));
        }
        return Optional.of(Check.failure(SILENCE, name, "no event for " + JobHealth.ago(window) + " (--max-silence)",
                "see the job's delivery and arrival lines; 'logpush check --validate-destination' test-delivers"));
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
