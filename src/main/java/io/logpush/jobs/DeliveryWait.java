package io.logpush.jobs;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.logpush.cloudflare.GraphqlApi;
import io.logpush.model.Job;
import io.logpush.model.LogpushException;
import io.logpush.model.Scope;
import io.logpush.model.Times;
import io.logpush.sekoia.Destination;
import io.logpush.sekoia.Intake;
import io.logpush.sekoia.SekoiaApi;

/**
 * {@code --wait}: proof, after a write, that a job's events reach Sekoia. Every poll asks Sekoia how many events its
 * intake received since the write, by parsing status; only valid and warning events are arrivals (Cloudflare's test
 * upload, made on every create and PUT, is invalid). When other jobs of the listing send to the same intake key, their
 * events would prove nothing about this job: Cloudflare's upload history must then also show a successful upload of
 * this job since the write. Polls come every {@link #POLL} (15 s) for the first minute, then slow to 60 s; every wait
 * shares one deadline. Pure but for its {@link Source}: the clock and the sleeper are given, so that tests do not
 * sleep, and the sleeper is the run's stop (a signal ends the wait at once).
 */
public final class DeliveryWait {
    /** The first poll interval; it doubles after {@value #SLOWER_AFTER} polls, and again after two more. */
    public static final Duration POLL = Duration.ofSeconds(15);
    /** Polls at the first interval before it doubles. */
    static final int SLOWER_AFTER = 4;
    /** How often the progress line is redrawn between polls. */
    static final Duration TICK = Duration.ofSeconds(1);
    /** What help and docs recommend: Cloudflare takes 10 to 15 minutes after a change, and sends only with traffic. */
    public static final String RECOMMENDED = "20m";

    /** Waits, or ends with an InterruptedException when the run is stopped (RateLimiter.sleep). */
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    /** What the wait reads: Sekoia's intakes and counters, Cloudflare's upload history. */
    public interface Source {
        /** The intake whose key this is, if any. */
        Optional<Intake> intake(String intakeKey);

        /** The events the intake received in [from, to), by parsing status. */
        SekoiaApi.ByStatus events(String intakeUuid, Instant from, Instant to);

        /** The upload attempts of the scope's jobs in [from, to). */
        List<GraphqlApi.Row> uploads(Scope scope, Instant from, Instant to);

        static Source of(SekoiaApi sekoia, GraphqlApi graphql) {
            return new Source() {
                @Override
                public Optional<Intake> intake(String intakeKey) {
                    return sekoia.intakesByKey(intakeKey).stream().findFirst();
                }

                @Override
                public SekoiaApi.ByStatus events(String intakeUuid, Instant from, Instant to) {
                    return sekoia.eventsByStatus(intakeUuid, from, to);
                }

                @Override
                public List<GraphqlApi.Row> uploads(Scope scope, Instant from, Instant to) {
                    return (scope.kind() == Scope.Kind.ZONE ? graphql.zones(List.of(scope.id()), from, to)
                            : graphql.account(scope.id(), from, to)).rows();
                }
            };
        }
    }

    /**
     * One job to wait for: its scope, the job, its intake key (a secret: never printed), and the other enabled jobs of
     * the listing that send to the same key.
     */
    public record Target(Scope scope, Job job, String intakeKey, List<Long> otherSenders) {
        /**
         * The target of {@code job}: {@code intakeKey} the key written (null: the one in the job's destination), the
         * other senders found in {@code listing} (the job itself, disabled jobs and other keys left out).
         */
        public static Target of(Scope scope, Job job, String intakeKey, Collection<Job> listing) {
            String key = intakeKey != null ? intakeKey : Destination.intakeKey(job.destinationConf()).orElse(null);
            List<Long> others = key == null ? List.of() : listing.stream()
                    .filter(j -> j.id() != job.id() && j.enabled()
                            && key.equals(Destination.intakeKey(j.destinationConf()).orElse(null)))
                    .map(Job::id).distinct().sorted().toList();
            return new Target(scope, job, key, others);
        }

        public boolean shared() {
            return !otherSenders.isEmpty();
        }

        /** "job 45 also sends" or "jobs 45, 46 also send". */
        String othersSend() {
            return (otherSenders.size() == 1 ? "job " : "jobs ") + otherSenders.stream().map(String::valueOf)
                    .collect(Collectors.joining(", ")) + (otherSenders.size() == 1 ? " also sends" : " also send");
        }

        /** Without the key. */
        @Override
        public String toString() {
            return "Target[" + scope.describe() + ", job " + job.id() + ", others " + otherSenders + "]";
        }
    }

    /** What Cloudflare's upload history shows of one job since the write. */
    public record Uploads(long succeeded, long failed, Map<Integer, Long> failedByStatus) {
        static Uploads of(long jobId, List<GraphqlApi.Row> rows) {
            long ok = 0;
            long failed = 0;
            Map<Integer, Long> byStatus = new TreeMap<>();
            for (GraphqlApi.Row r : rows) {
                if (r.jobId() != jobId) {
                    continue;
                }
                if (r.success()) {
                    ok += r.uploads();
                } else {
                    failed += r.uploads();
                    byStatus.merge(r.status(), r.uploads(), Long::sum);
                }
            }
            Map<Integer, Long> sorted = byStatus.entrySet().stream()
                    .sorted(Map.Entry.<Integer, Long>comparingByValue().reversed())
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a,
                            LinkedHashMap::new));
            return new Uploads(ok, failed, sorted);
        }

        /** "no upload yet", "2 uploads succeeded", "3 uploads failed (401 Unauthorized)", or both. */
        public String describe() {
            if (succeeded == 0 && failed == 0) {
                return "no upload yet";
            }
            List<String> parts = new ArrayList<>();
            if (succeeded > 0) {
                parts.add(number(succeeded) + " upload" + (succeeded == 1 ? "" : "s") + " succeeded");
            }
            if (failed > 0) {
                String statuses = failedByStatus.size() == 1
                        ? UploadHealth.meaning(failedByStatus.keySet().iterator().next())
                        : failedByStatus.entrySet().stream().map(e -> UploadHealth.meaning(e.getKey()) + ": "
                                + number(e.getValue())).collect(Collectors.joining("; "));
                parts.add(number(failed) + (succeeded > 0 ? "" : failed == 1 ? " upload" : " uploads") + " failed ("
                        + statuses + ")");
            }
            return String.join(", ", parts);
        }
    }

    public enum Status {
        /** Valid events reached the intake after the write (and, for a shared intake, Cloudflare shows a success). */
        CONFIRMED,
        /** The time ran out, or nothing could confirm it (no intake has the key, a refused read). */
        NOT_CONFIRMED,
        /** Not waited for: the job is disabled, it sends nothing. */
        SKIPPED,
        /** The run was stopped (Ctrl-C) before delivery was confirmed. */
        STOPPED
    }

    /**
     * What the wait found for one target: the intake (name and uuid, never its key), how long after the write the
     * events came ({@code after}, when confirmed), the arrivals (valid and warning events) and invalid events seen
     * since the write ({@code counted}: Sekoia's counters were read), Cloudflare's uploads when read (null
     * otherwise), why it cannot be confirmed at all ({@code problem}: no intake has the key, a refused read), and the
     * last failed read that a later poll might have passed ({@code lastError}).
     */
    public record Result(Target target, Status status, String intakeName, String intakeUuid, Instant since,
                         Duration after, boolean counted, long events, long invalid, Uploads uploads, String problem,
                         String lastError) {
        public boolean confirmed() {
            return status == Status.CONFIRMED;
        }

        /** The line a person reads. */
        public String line() {
            return switch (status) {
                case CONFIRMED -> "first events reached " + intake() + " after " + seconds(after)
                        + (target.shared() ? ", and Cloudflare reports a successful upload of job "
                        + target.job().id() + " (" + target.othersSend() + " to this intake)" : "");
                case SKIPPED -> "not waited for: " + problem;
                case NOT_CONFIRMED, STOPPED -> seen();
            };
        }

        /** What was seen, for an unconfirmed delivery: the problem, the events, Cloudflare's uploads, a failed read. */
        public String seen() {
            List<String> parts = new ArrayList<>();
            if (problem != null) {
                parts.add(problem);
            }
            if (counted) {
                StringBuilder sb = new StringBuilder(number(events) + " valid event" + (events == 1 ? "" : "s")
                        + " on " + intake() + " since " + clock(since));
                if (invalid > 0) {
                    sb.append(" (besides ").append(number(invalid)).append(" invalid, such as Cloudflare's test "
                            + "upload, which is no arrival)");
                }
                if (events > 0 && target.shared() && (uploads == null || uploads.succeeded() == 0)) {
                    sb.append(", but ").append(target.othersSend()).append(" to this intake and Cloudflare shows no "
                            + "successful upload of job ").append(target.job().id()).append(" since");
                }
                parts.add(sb.toString());
            } else if (problem == null && intakeUuid != null) {
                parts.add("the events of " + intake() + " could not be counted");
            }
            if (uploads != null) {
                parts.add("Cloudflare: " + uploads.describe());
            }
            if (lastError != null) {
                parts.add("the last read failed: " + lastError);
            }
            return String.join("; ", parts);
        }

        /** The command to run next: check the job. */
        public String next() {
            return "logpush check " + target.job().id() + " " + target.scope().args();
        }

        private String intake() {
            return intakeName != null ? "intake '" + intakeName + "'" : "the intake";
        }
    }

    /** The whole wait: when it counted from, its limit, one result per target, and whether a signal stopped it. */
    public record Outcome(Instant since, Duration limit, List<Result> results, boolean stopped) {
        /** Every target waited for is confirmed (skipped ones aside). */
        public boolean confirmed() {
            return !stopped && results.stream().allMatch(r -> r.confirmed() || r.status() == Status.SKIPPED);
        }

        public Optional<Result> of(long jobId) {
            return results.stream().filter(r -> r.target().job().id() == jobId).findFirst();
        }
    }

    /** The progress line: what is waited for, and the time spent of the limit. */
    public record Progress(String what, Duration elapsed, Duration limit) {
        public String line() {
            return "waiting for events on " + what + " … " + seconds(elapsed) + " of " + Times.human(limit);
        }
    }

    private final Source source;
    private final Supplier<Instant> clock;
    private final Sleeper sleeper;
    private final Duration poll;
    private Consumer<Progress> progress = p -> { };

    /** @param poll the first poll interval ({@link #POLL}; shorter in tests) */
    public DeliveryWait(Source source, Supplier<Instant> clock, Sleeper sleeper, Duration poll) {
        this.source = source;
        this.clock = clock;
        this.sleeper = sleeper;
        this.poll = poll;
    }

    /** Told of the progress before each pause (every second at most). */
    public DeliveryWait progress(Consumer<Progress> listener) {
        this.progress = listener;
        return this;
    }

    /** The pause before poll number {@code polls} (0 first): 15 s for a minute, then 30 s twice, then 60 s. */
    Duration interval(int polls) {
        if (polls < SLOWER_AFTER) {
            return poll;
        }
        return polls < SLOWER_AFTER + 2 ? poll.multipliedBy(2) : poll.multipliedBy(4);
    }

    /** Where one target stands. */
    private static final class State {
        final Target target;
        Status status;
        String intakeName;
        String intakeUuid;
        Duration after;
        boolean counted;
        long events;
        long invalid;
        Uploads uploads;
        String problem;
        /** The last failure of a read that may work at the next poll. */
        String lastError;

        State(Target target) {
            this.target = target;
        }

        boolean pending() {
            return status == null;
        }

        Result result(Instant since, Status end) {
            Status st = status != null ? status : end;
            return new Result(target, st, intakeName, intakeUuid, since, after, counted, events, invalid, uploads,
                    problem, st == Status.CONFIRMED ? null : lastError);
        }
    }

    /** The run was stopped (SIGINT, SIGTERM: the sleeper or a request refused): ends the whole wait. */
    private static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopped() {
            super(null, null, false, false);
        }
    }

    /**
     * Waits at most {@code limit} for every target's delivery since {@code since} (the write, or the start when
     * there was nothing to write).
     */
    public Outcome run(List<Target> targets, Instant since, Duration limit) {
        Instant start = clock.get();
        Instant deadline = start.plus(limit);
        List<State> states = targets.stream().map(State::new).toList();
        boolean stopped = false;
        try {
            for (State s : states) {
                if (!s.target.job().enabled()) {
                    s.status = Status.SKIPPED;
                    s.problem = "job " + s.target.job().id() + " is disabled: it sends nothing";
                } else if (s.target.intakeKey() == null) {
                    s.status = Status.NOT_CONFIRMED;
                    s.problem = "Cloudflare did not return the intake key of job " + s.target.job().id()
                            + ", so its intake cannot be found";
                }
            }
            resolveIntakes(states);
            int polls = 0;
            while (states.stream().anyMatch(State::pending)) {
                Instant next = min(clock.get().plus(interval(polls)), deadline);
                pauseUntil(next, start, limit, states);
                polls++;
                pollOnce(states, since);
                if (!clock.get().isBefore(deadline)) {
                    break;
                }
            }
            lastLook(states, since);
        } catch (Stopped e) {
            stopped = true;
        }
        boolean wasStopped = stopped;
        List<Result> results = states.stream().map(s -> s.result(since, wasStopped ? Status.STOPPED
                : Status.NOT_CONFIRMED)).toList();
        return new Outcome(since, limit, results, stopped);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /** Sleeps until {@code next}, drawing the progress at most every {@link #TICK}. */
    private void pauseUntil(Instant next, Instant start, Duration limit, List<State> states) {
        while (true) {
            Instant now = clock.get();
            Duration left = Duration.between(now, next);
            if (left.isNegative() || left.isZero()) {
                return;
            }
            progress.accept(new Progress(what(states), Duration.between(start, now), limit));
            try {
                sleeper.sleep(left.compareTo(TICK) < 0 ? left : TICK);
            } catch (InterruptedException e) {
                throw new Stopped();
            }
        }
    }

    /** "intake 'X'" while one intake is waited for, else "N intakes (M of T jobs confirmed)". */
    private static String what(List<State> states) {
        List<State> counted = states.stream().filter(s -> s.status != Status.SKIPPED).toList();
        List<String> pending = counted.stream().filter(State::pending)
                .map(s -> s.intakeName != null ? s.intakeName : "?").distinct().toList();
        if (pending.size() == 1 && counted.size() == 1) {
            return "intake '" + pending.get(0) + "'";
        }
        long confirmed = counted.stream().filter(s -> s.status == Status.CONFIRMED).count();
        return pending.size() + " intake" + (pending.size() == 1 ? "" : "s") + " (" + confirmed + " of "
                + counted.size() + " jobs confirmed)";
    }

    /** Finds the intake of every pending target whose intake is not known yet. */
    private void resolveIntakes(List<State> states) {
        for (State s : states) {
            if (!s.pending() || s.intakeUuid != null) {
                continue;
            }
            try {
                Optional<Intake> intake = source.intake(s.target.intakeKey());
                if (intake.isEmpty()) {
                    s.status = Status.NOT_CONFIRMED;
                    s.problem = "no Sekoia intake has the intake key of job " + s.target.job().id()
                            + " (deleted, or in another region or community)";
                } else {
                    s.intakeName = intake.get().name();
                    s.intakeUuid = intake.get().uuid();
                    s.lastError = null;
                }
            } catch (LogpushException e) {
                failed(s, e, "the Sekoia API key cannot list intakes");
            }
        }
    }

    /** One poll: each intake's events once, each shared target's scope's uploads once, then the judgement. */
    private void pollOnce(List<State> states, Instant since) {
        resolveIntakes(states);
        Instant now = clock.get();
        Map<String, Object> events = new HashMap<>();
        Map<String, Object> uploads = new HashMap<>();
        for (State s : states) {
            if (!s.pending() || s.intakeUuid == null) {
                continue;
            }
            Object e = events.computeIfAbsent(s.intakeUuid, uuid -> read(() -> source.events(uuid, since, now)));
            if (e instanceof LogpushException ex) {
                failed(s, ex, "the Sekoia API key cannot read the intake's event counters");
                continue;
            }
            SekoiaApi.ByStatus counts = (SekoiaApi.ByStatus) e;
            s.counted = true;
            s.events = counts.valid() + counts.warning();
            s.invalid = counts.invalid();
            s.lastError = null;
            if (s.events > 0 && s.target.shared() && (s.uploads == null || s.uploads.succeeded() == 0)) {
                Object u = uploads.computeIfAbsent(s.target.scope().path(),
                        p -> read(() -> source.uploads(s.target.scope(), since, now)));
                if (u instanceof LogpushException ex) {
                    failed(s, ex, s.target.othersSend() + " to this intake, and Cloudflare's upload "
                            + "history, which tells this job's uploads from theirs, cannot be read (the token needs "
                            + GraphqlApi.PERMISSION + ")");
                    continue;
                }
                @SuppressWarnings("unchecked")
                List<GraphqlApi.Row> rows = (List<GraphqlApi.Row>) u;
                s.uploads = Uploads.of(s.target.job().id(), rows);
            }
            if (s.events > 0 && (!s.target.shared() || s.uploads.succeeded() > 0)) {
                s.status = Status.CONFIRMED;
                s.after = Duration.between(since, now);
            }
        }
    }

    /**
     * At the end, for each unconfirmed target whose uploads were not read, one read of Cloudflare's upload history,
     * so that the report names what Cloudflare saw (failed uploads and their status); a failure to read it is left
     * out.
     */
    private void lastLook(List<State> states, Instant since) {
        Instant now = clock.get();
        Map<String, Object> uploads = new HashMap<>();
        for (State s : states) {
            if (!s.pending() || s.intakeUuid == null) {
                continue;
            }
            Object u = uploads.computeIfAbsent(s.target.scope().path(),
                    p -> read(() -> source.uploads(s.target.scope(), since, now)));
            if (u instanceof List<?> rows) {
                @SuppressWarnings("unchecked")
                List<GraphqlApi.Row> typed = (List<GraphqlApi.Row>) rows;
                s.uploads = Uploads.of(s.target.job().id(), typed);
            }
        }
    }

    private interface Read {
        Object get();
    }

    /** A read's answer, or its failure as a value; a stopped run ends the wait. */
    private static Object read(Read r) {
        try {
            return r.get();
        } catch (LogpushException e) {
            if (e.interrupted()) {
                throw new Stopped();
            }
            return e;
        }
    }

    /**
     * A read failed: a refusal (401, 403) ends this target's wait, since waiting cannot change it; anything else (the
     * network, a 5xx after retries) is tried again at the next poll, and named if the time runs out.
     */
    private static void failed(State s, LogpushException e, String refused) {
        if (e.interrupted()) {
            throw new Stopped();
        }
        if (e.kind() == LogpushException.Kind.AUTH) {
            s.status = Status.NOT_CONFIRMED;
            s.problem = refused + " (" + e.getMessage() + ")";
        } else {
            s.lastError = e.getMessage();
        }
    }

    /** A time spent, in whole seconds (never rounded up): "0s", "1m40s". */
    static String seconds(Duration d) {
        return Times.human(Duration.ofSeconds(d.getSeconds()));
    }

    /** "14:02 UTC". */
    static String clock(Instant t) {
        return DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC).format(t) + " UTC";
    }

    private static String number(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
