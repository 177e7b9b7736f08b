package io.logpush.jobs;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import io.logpush.cloudflare.GraphqlApi;
import io.logpush.model.Job;
import io.logpush.model.LogpushException;
import io.logpush.model.Scope;
import io.logpush.sekoia.Destination;
import io.logpush.sekoia.Intake;
import io.logpush.sekoia.SekoiaApi;

/**
 * check's {@code reconcile} line, one per Sekoia intake: the records Cloudflare delivered to it (Σ {@code records} of
 * the groups with {@code success=1} of every checked job whose key is the intake's) against the events Sekoia
 * received on it (valid and warning: Cloudflare's test upload is invalid, never an arrival), over the same whole
 * hours ending at least {@link #HOLD_BACK} ago (Sekoia's finest bucket is an hour, and both sides count late).
 * Delivered and received agree when they are apart by at most max(--max-loss percent of delivered, {@value
 * #MIN_TOLERANCE} events). The judgement ({@link #judge(Check.IntakeRef, long, long, Window, boolean, double)}) is
 * pure; {@link #reconcile} reads Sekoia's counts once per intake, after the upload history was read (one read per
 * scope serves {@code uploads} and this check: {@link UploadHistory}).
 */
public final class Reconciliation {
    /** The reconciled hours end at least this long before now: Logpush batches, GraphQL and telemetry lag. */
    public static final Duration HOLD_BACK = Duration.ofMinutes(15);
    /** A difference of this many events is always tolerated (small volumes, a batch at an hour's edge). */
    public static final long MIN_TOLERANCE = 10;
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private Reconciliation() {
    }

    /** The whole hours compared, [start, end). */
    public record Window(Instant start, Instant end) {
        /**
         * The whole hours inside {@code window} (at least one), ending on the last whole hour at least
         * {@link #HOLD_BACK} before {@code now}: at 14:37 they end at 14:00, at 14:10 at 13:00; a 24 h window at 14:37
         * holds the 23 h from 15:00 the day before. Inside the window, so that the one read of the upload history
         * serves both checks without asking a plan for more history than the window (a Free zone keeps about 25 h:
         * an hour more would cost each batch of zones two more requests).
         */
        public static Window of(Duration window, Instant now) {
            Instant end = now.minus(HOLD_BACK).truncatedTo(ChronoUnit.HOURS);
            Instant from = now.minus(window);
            Instant hour = from.truncatedTo(ChronoUnit.HOURS);
            Instant start = hour.equals(from) ? hour : hour.plus(Duration.ofHours(1));
            return new Window(start.isBefore(end) ? start : end.minus(Duration.ofHours(1)), end);
        }

        public long hours() {
            return Duration.between(start, end).toHours();
        }

        /** These hours from {@code earliest} on (rounded up to an hour), or empty when no whole hour is left. */
        public Optional<Window> from(Instant earliest) {
            if (!earliest.isAfter(start)) {
                return Optional.of(this);
            }
            Instant hour = earliest.truncatedTo(ChronoUnit.HOURS);
            Instant first = hour.equals(earliest) ? hour : hour.plus(Duration.ofHours(1));
            return first.isBefore(end) ? Optional.of(new Window(first, end)) : Optional.empty();
        }

        /** Whether a group of five minutes starting at {@code at} lies in these hours. */
        boolean holds(Instant at) {
            return !at.isBefore(start) && at.isBefore(end);
        }

        /** "the 24 h to 14:00 UTC". */
        String describe() {
            return "the " + hours() + " h to " + HOUR.format(end);
        }
    }

    /** Whether {@code delivered} and {@code received} are apart by at most max(maxLoss × delivered, 10 events). */
    public static boolean within(long delivered, long received, double maxLoss) {
        return Math.abs(delivered - received) <= tolerance(delivered, maxLoss);
    }

    static double tolerance(long delivered, double maxLoss) {
        return Math.max(maxLoss * delivered, MIN_TOLERANCE);
    }

    /** Σ {@code records} of the delivered groups ({@code success=1}) starting in {@code hours}. */
    public static long delivered(List<GraphqlApi.Row> rows, Window hours) {
        return rows.stream().filter(r -> r.success() && r.at() != null && hours.holds(r.at()))
                .mapToLong(GraphqlApi.Row::records).sum();
    }

    /**
     * The line of {@code intake}: ✓ within the tolerance, ✗ Sekoia received less (with what to look at), {@code i}
     * Sekoia received more (other senders, duplicates). {@code maxLoss} is a share (0.01: 1 %); {@code shortened}:
     * a plan keeps less than the hours asked, so {@code hours} begins later.
     */
    public static Check judge(Check.IntakeRef intake, long delivered, long received, Window hours, boolean shortened,
                              double maxLoss) {
        String both = "Cloudflare delivered " + number(delivered) + ", Sekoia received " + number(received);
        String in = " in " + hours.describe() + (shortened ? " (shortened: Cloudflare keeps no more upload history "
                + "for this plan)" : "");
        long gap = delivered - received;
        Check check;
        if (within(delivered, received, maxLoss)) {
            check = Check.ok(CheckId.RECONCILE, name(intake), both + in);
        } else if (gap > 0) {
            check = Check.failure(CheckId.RECONCILE, name(intake), both + " (" + percent(gap, delivered)
                    + " missing)" + in, "see the jobs' uploads lines (records lost) and the intake's parsing line: "
                    + "invalid events (such as single events over 250 KiB) are not counted; if both are clean, "
                    + "look at the intake in Sekoia (stopped, another entity) and run again in an hour (its counts "
                    + "can lag)");
        } else {
            check = Check.info(CheckId.RECONCILE, name(intake), both + " (" + (delivered == 0
                    ? number(-gap) + " more" : percent(-gap, delivered) + " more") + ")" + in + ": other senders to "
                    + "the intake (jobs of zones or accounts outside this run) or duplicates (a batch retried "
                    + "after Sekoia took it)", null);
        }
        check = check.with(Measure.RECONCILE_DELIVERED, delivered).with(Measure.RECONCILE_RECEIVED, received);
        if (delivered > 0) {
            check = check.with(Measure.RECONCILE_RATIO, (double) received / delivered);
        }
        return check.forIntake(intake);
    }

    /**
     * The line when Cloudflare's side cannot be read: the one rule of {@code uploads} (a warning, naming Account
     * Analytics Read when that is why).
     */
    public static Check cloudflareUnreadable(Check.IntakeRef intake, LogpushException e) {
        return UploadHealth.cannotRead(CheckId.RECONCILE, name(intake), "cannot reconcile", e).forIntake(intake);
    }

    /**
     * The line when Sekoia's counts cannot be read: a missing permission of the key is a warning; a side asked for
     * (a Sekoia key is set) that cannot be read at all (Sekoia unreachable or failing, its counters missing) is a
     * failure.
     */
    public static Check sekoiaUnreadable(Check.IntakeRef intake, LogpushException e) {
        String said = "cannot reconcile: " + e.getMessage();
        if (e.kind() == LogpushException.Kind.AUTH) {
            return Check.warning(CheckId.RECONCILE, name(intake), said, "give the Sekoia API key the permission to "
                    + "read telemetry (Sekoia does not document which: try 'View intakes' and 'View events')")
                    .forIntake(intake);
        }
        return Check.failure(CheckId.RECONCILE, name(intake), said, e.hint()).forIntake(intake);
    }

    /** A check that cannot run for another reason (a cut history, no whole hour kept): a warning. */
    static Check cannot(Check.IntakeRef intake, String why, String fix) {
        return Check.warning(CheckId.RECONCILE, name(intake), "cannot reconcile: " + why, fix).forIntake(intake);
    }

    static String name(Check.IntakeRef intake) {
        List<Long> ids = intake.jobIds();
        return "reconcile (intake '" + intake.name() + "', " + (ids.size() == 1 ? "job " + ids.get(0)
                : ids.size() <= 4 ? "jobs " + ids.stream().map(String::valueOf).collect(Collectors.joining(", "))
                : ids.size() + " jobs") + ")";
    }

    /** A job of a scope whose Sekoia side was checked: a candidate for its intake's line. */
    public record Sent(Scope scope, Job job) {
    }

    /**
     * The {@code reconcile} lines of the checked jobs {@code sent}: each job to the intake its key belongs to
     * (Sekoia's intake list, read once per run; a job whose intake is unknown or cannot be looked up is left out,
     * its {@code sekoia_intake} line says why), then per intake Cloudflare's side from {@code history} and, when it
     * could be read, one request for Sekoia's counts over the same hours. Ordered by intake name.
     */
    public static List<Check> reconcile(List<Sent> sent, UploadHistory history, SekoiaApi sekoia, Window hours,
                                        double maxLoss) {
        Map<String, Intake> intakes = new LinkedHashMap<>();
        Map<String, List<Sent>> byIntake = new LinkedHashMap<>();
        for (Sent s : sent) {
            Optional<String> key = Destination.intakeKey(s.job().destinationConf());
            if (key.isEmpty()) {
                continue;
            }
            List<Intake> found;
            try {
                found = sekoia.intakesByKey(key.get());
            } catch (LogpushException e) {
                if (e.interrupted()) {
                    throw e;
                }
                continue;
            }
            if (found.isEmpty()) {
                continue;
            }
            Intake intake = found.get(0);
            if (intake.uuid() == null) {
                continue;
            }
            intakes.putIfAbsent(intake.uuid(), intake);
            List<Sent> jobs = byIntake.computeIfAbsent(intake.uuid(), u -> new ArrayList<>());
            if (jobs.stream().noneMatch(j -> j.job().id() == s.job().id() && j.scope().path().equals(s.scope().path()))) {
                jobs.add(s);
            }
        }
        List<Check> out = new ArrayList<>();
        for (Map.Entry<String, List<Sent>> e : byIntake.entrySet()) {
            Intake intake = intakes.get(e.getKey());
            List<Sent> jobs = e.getValue().stream().sorted(Comparator.comparingLong(s -> s.job().id())).toList();
            Check.IntakeRef ref = new Check.IntakeRef(intake.uuid(), intake.name() == null ? intake.uuid() : intake.name(),
                    jobs.stream().map(s -> s.job().id()).toList());
            out.add(one(ref, jobs, history, sekoia, hours, maxLoss));
        }
        out.sort(Comparator.comparing((Check c) -> c.intake().name()).thenComparing(c -> c.intake().uuid()));
        return out;
    }

    private static Check one(Check.IntakeRef ref, List<Sent> jobs, UploadHistory history, SekoiaApi sekoia,
                             Window hours, double maxLoss) {
        List<UploadHistory.Rows> read = new ArrayList<>();
        for (Sent s : jobs) {
            try {
                read.add(history.rows(s.scope(), s.job()));
            } catch (LogpushException e) {
                if (e.interrupted()) {
                    throw e;
                }
                return cloudflareUnreadable(ref, e);
            }
        }
        if (read.stream().anyMatch(UploadHistory.Rows::full)) {
            return cannot(ref, "Cloudflare's upload history was too large to read whole", "use a shorter --window");
        }
        Instant earliest = read.stream().map(UploadHistory.Rows::from).max(Comparator.naturalOrder())
                .orElse(hours.start());
        Optional<Window> kept = hours.from(earliest);
        if (kept.isEmpty()) {
            return cannot(ref, "Cloudflare keeps no whole hour of upload history ending " + HOLD_BACK.toMinutes()
                    + " minutes ago", null);
        }
        Window w = kept.get();
        long delivered = read.stream().mapToLong(r -> delivered(r.rows(), w)).sum();
        SekoiaApi.ByStatus counts;
        try {
            counts = sekoia.eventsByStatus(ref.uuid(), w.start(), w.end());
        } catch (LogpushException e) {
            if (e.interrupted()) {
                throw e;
            }
            return sekoiaUnreadable(ref, e);
        }
        return judge(ref, delivered, counts.valid() + counts.warning(), w, !w.equals(hours), maxLoss);
    }

    /** "38 %", "1.5 %" (one decimal under 10 %). */
    static String percent(long part, long whole) {
        double p = 100.0 * part / whole;
        return String.format(Locale.ROOT, p >= 10 ? "%.0f %%" : "%.1f %%", p);
    }

    private static String number(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
