package io.logpush.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.logpush.cloudflare.GraphqlApi.Row;
import io.logpush.model.Job;
import io.logpush.model.LogpushException;
import io.logpush.model.Scope;
import io.logpush.sekoia.Intake;
import io.logpush.sekoia.SekoiaApi;
import io.logpush.testing.Fixtures;
import org.junit.jupiter.api.Test;

/** --wait's judgement and pacing, pure: a fake clock that the fake sleeper moves, scripted answers. */
class DeliveryWaitTest {
    static final Instant WRITE = Instant.parse("2026-12-02T14:02:00Z");
    static final Scope ZONE = new Scope(Scope.Kind.ZONE, "023e105f4ecef8ad9ca31a8372d0c353", "example.com");
    static final String KEY = "IntakeKeyAbCdEfGh0123456789xYzWv";
    static final String OTHER_KEY = "OtherIntakeKeyAbCdEf0123456789xy";
    static final Intake INTAKE = new Intake("uuid-1", "Cloudflare WAF", "f", "e", "Main", "RUNNING", KEY);

    static Job job(long id, String key, boolean enabled) {
        return Job.from(Fixtures.json("{\"id\":" + id + ",\"dataset\":\"firewall_events\",\"enabled\":" + enabled
                + ",\"destination_conf\":\"https://intake.sekoia.io/plain/batch?header_X-SEKOIAIO-INTAKE-KEY=" + key
                + "\"}"));
    }

    static SekoiaApi.ByStatus counts(long valid, long warning, long invalid) {
        return new SekoiaApi.ByStatus(valid + warning + invalid, valid, warning, invalid);
    }

    /** The clock, moved only by the sleeper; every sleep and read recorded. */
    static final class Fake implements DeliveryWait.Source {
        Instant now = WRITE.plusSeconds(2);
        final List<Duration> sleeps = new ArrayList<>();
        final List<String> reads = new ArrayList<>();
        final Deque<Object> events = new ArrayDeque<>();
        final Deque<Object> uploads = new ArrayDeque<>();
        Map<String, Intake> intakes = new HashMap<>(Map.of(KEY, INTAKE));
        int stopAfterSleeps = -1;

        void sleep(Duration d) throws InterruptedException {
            if (stopAfterSleeps >= 0 && sleeps.size() >= stopAfterSleeps) {
                throw new InterruptedException("stopped");
            }
            sleeps.add(d);
            now = now.plus(d);
        }

        @Override
        public Optional<Intake> intake(String intakeKey) {
            reads.add("intake");
            return Optional.ofNullable(intakes.get(intakeKey));
        }

        @Override
        public SekoiaApi.ByStatus events(String intakeUuid, Instant from, Instant to) {
            reads.add("events " + intakeUuid + " " + from + " " + to);
            Object next = events.size() > 1 ? events.poll() : events.peek();
            if (next instanceof LogpushException e) {
                throw e;
            }
            return (SekoiaApi.ByStatus) next;
        }

        @Override
        @SuppressWarnings("unchecked")
        public List<Row> uploads(Scope scope, Instant from, Instant to) {
            reads.add("uploads " + scope.id() + " " + from + " " + to);
            Object next = uploads.size() > 1 ? uploads.poll() : uploads.peek();
            if (next instanceof LogpushException e) {
                throw e;
            }
            return next == null ? List.of() : (List<Row>) next;
        }

        DeliveryWait.Outcome run(Duration limit, DeliveryWait.Target... targets) {
            return new DeliveryWait(this, () -> now, this::sleep, DeliveryWait.POLL).run(List.of(targets), WRITE,
                    limit);
        }

        long polls() {
            return reads.stream().filter(r -> r.startsWith("events")).count();
        }
    }

    static DeliveryWait.Target alone(Job job) {
        return DeliveryWait.Target.of(ZONE, job, null, List.of(job));
    }

    static Row row(long jobId, int status, boolean success, long uploads) {
        return new Row(jobId, WRITE, status, success, true, uploads, uploads * 100);
    }

    @Test
    void validEventsAfterTheWriteConfirmAndEveryCountStartsAtTheWrite() {
        Fake f = new Fake();
        f.events.add(counts(0, 0, 0));
        f.events.add(counts(0, 0, 0));
        f.events.add(counts(40, 2, 0));
        DeliveryWait.Outcome o = f.run(Duration.ofMinutes(20), alone(job(147, KEY, true)));
        assertThat(o.confirmed()).isTrue();
        DeliveryWait.Result r = o.results().get(0);
        assertThat(r.status()).isEqualTo(DeliveryWait.Status.CONFIRMED);
        assertThat(r.events()).isEqualTo(42); // warning events are arrivals too
        assertThat(r.after()).isEqualTo(Duration.ofSeconds(47)); // three polls 15 s apart, from 2 s after the write
        assertThat(r.line()).isEqualTo("first events reached intake 'Cloudflare WAF' after 47s");
        assertThat(f.reads).filteredOn(s -> s.startsWith("events")).allMatch(s -> s.startsWith("events uuid-1 "
                + WRITE + " "));
        assertThat(f.reads).noneMatch(s -> s.startsWith("uploads")); // nobody else sends there: Sekoia alone decides
        assertThat(f.polls()).isEqualTo(3);
    }

    @Test
    void cloudflaresTestUploadIsNoArrivalAndTheTimeRunsOutNamingWhatWasSeen() {
        Fake f = new Fake();
        f.events.add(counts(0, 0, 1)); // the test upload: invalid by nature
        f.uploads.add(List.of(row(147, 401, false, 3), row(999, 200, true, 5)));
        DeliveryWait.Outcome o = f.run(Duration.ofMinutes(20), alone(job(147, KEY, true)));
        assertThat(o.confirmed()).isFalse();
        DeliveryWait.Result r = o.results().get(0);
        assertThat(r.status()).isEqualTo(DeliveryWait.Status.NOT_CONFIRMED);
        assertThat(r.events()).isZero();
        assertThat(r.invalid()).isEqualTo(1);
        assertThat(r.line()).isEqualTo("0 valid events on intake 'Cloudflare WAF' since 14:02 UTC (besides 1 invalid, "
                + "such as Cloudflare's test upload, which is no arrival); Cloudflare: 3 uploads failed (401 "
                + "Unauthorized)");
        assertThat(r.next()).isEqualTo("logpush check 147 --zone example.com");
        // the deadline is shared and kept: no sleep goes past it, and the last poll is at it
        assertThat(f.now).isEqualTo(WRITE.plusSeconds(2).plus(Duration.ofMinutes(20)));
        // Cloudflare's history read once, at the end, to name what it saw
        assertThat(f.reads).filteredOn(s -> s.startsWith("uploads")).hasSize(1);
    }

    @Test
    void pollsComeEvery15SecondsForAMinuteThenSlowTo60() {
        Fake f = new Fake();
        f.events.add(counts(0, 0, 0));
        List<Instant> polls = new ArrayList<>();
        DeliveryWait wait = new DeliveryWait(new DeliveryWait.Source() {
            @Override
            public Optional<Intake> intake(String k) {
                return Optional.of(INTAKE);
            }

            @Override
            public SekoiaApi.ByStatus events(String uuid, Instant from, Instant to) {
                polls.add(to);
                return counts(0, 0, 0);
            }

            @Override
            public List<Row> uploads(Scope scope, Instant from, Instant to) {
                return List.of();
            }
        }, () -> f.now, f::sleep, DeliveryWait.POLL);
        wait.run(List.of(alone(job(147, KEY, true))), WRITE, Duration.ofMinutes(5));
        List<Long> gaps = new ArrayList<>();
        Instant previous = WRITE.plusSeconds(2);
        for (Instant p : polls) {
            gaps.add(Duration.between(previous, p).getSeconds());
            previous = p;
        }
        assertThat(gaps).startsWith(15L, 15L, 15L, 15L, 30L, 30L, 60L, 60L, 60L);
        assertThat(polls.get(polls.size() - 1)).isEqualTo(WRITE.plusSeconds(2).plus(Duration.ofMinutes(5)));
        // the progress is drawn every second at most: sleeps are ticks of 1 s
        assertThat(f.sleeps).allMatch(d -> d.compareTo(Duration.ofSeconds(1)) <= 0);
    }

    @Test
    void whenOtherJobsSendToTheIntakeCloudflareMustShowASuccessOfThisJob() {
        Fake f = new Fake();
        Job mine = job(147, KEY, true);
        DeliveryWait.Target t = DeliveryWait.Target.of(ZONE, mine, null, List.of(mine, job(45, KEY, true),
                job(46, KEY, false), job(47, OTHER_KEY, true)));
        assertThat(t.otherSenders()).containsExactly(45L); // disabled jobs and other keys send nothing there
        f.events.add(counts(500, 0, 0)); // job 45's events, from the first poll
        f.uploads.add(List.of(row(147, 503, false, 2), row(45, 200, true, 9)));
        f.uploads.add(List.of(row(147, 503, false, 2), row(147, 200, true, 1)));
        DeliveryWait.Outcome o = f.run(Duration.ofMinutes(20), t);
        DeliveryWait.Result r = o.results().get(0);
        assertThat(r.confirmed()).isTrue();
        assertThat(r.after()).isEqualTo(Duration.ofSeconds(32)); // the second poll, when job 147's upload showed
        assertThat(r.line()).isEqualTo("first events reached intake 'Cloudflare WAF' after 32s, and Cloudflare "
                + "reports a successful upload of job 147 (job 45 also sends to this intake)");
        assertThat(f.reads).filteredOn(s -> s.startsWith("uploads")).allMatch(s -> s.startsWith("uploads " + ZONE.id()
                + " " + WRITE + " ")).hasSize(2);
    }

    @Test
    void eventsOfAnotherSenderAloneDoNotConfirm() {
        Fake f = new Fake();
        Job mine = job(147, KEY, true);
        f.events.add(counts(500, 0, 0));
        f.uploads.add(List.of(row(147, 401, false, 4), row(45, 200, true, 9)));
        DeliveryWait.Result r = f.run(Duration.ofMinutes(2), DeliveryWait.Target.of(ZONE, mine, null,
                List.of(mine, job(45, KEY, true)))).results().get(0);
        assertThat(r.status()).isEqualTo(DeliveryWait.Status.NOT_CONFIRMED);
        assertThat(r.line()).isEqualTo("500 valid events on intake 'Cloudflare WAF' since 14:02 UTC, but job 45 also "
                + "sends to this intake and Cloudflare shows no successful upload of job 147 since; Cloudflare: 4 "
                + "uploads failed (401 Unauthorized)");
    }

    @Test
    void aSharedIntakeWhoseUploadHistoryIsRefusedEndsAtOnceSayingWhy() {
        Fake f = new Fake();
        Job mine = job(147, KEY, true);
        f.events.add(counts(5, 0, 0));
        f.uploads.add(LogpushException.auth("reading the upload history failed", null));
        DeliveryWait.Result r = f.run(Duration.ofMinutes(20), DeliveryWait.Target.of(ZONE, mine, null,
                List.of(mine, job(45, KEY, true)))).results().get(0);
        assertThat(r.status()).isEqualTo(DeliveryWait.Status.NOT_CONFIRMED);
        assertThat(r.problem()).startsWith("job 45 also sends to this intake, and Cloudflare's upload history")
                .contains("Account Analytics Read");
        assertThat(f.polls()).isEqualTo(1);
    }

    @Test
    void aKeyOfNoIntakeEndsTheWaitBeforeAnySleep() {
        Fake f = new Fake();
        f.intakes = Map.of();
        DeliveryWait.Outcome o = f.run(Duration.ofMinutes(20), alone(job(147, KEY, true)));
        DeliveryWait.Result r = o.results().get(0);
        assertThat(r.status()).isEqualTo(DeliveryWait.Status.NOT_CONFIRMED);
        assertThat(r.line()).isEqualTo("no Sekoia intake has the intake key of job 147 (deleted, or in another region "
                + "or community)");
        assertThat(f.sleeps).isEmpty();
        assertThat(r.line()).doesNotContain(KEY);
    }

    @Test
    void aRefusedSekoiaKeyEndsTheWaitButANetworkFailureIsTriedAgain() {
        Fake f = new Fake();
        f.events.add(new LogpushException(LogpushException.Kind.NETWORK, "connection reset", null));
        f.events.add(counts(3, 0, 0));
        assertThat(f.run(Duration.ofMinutes(20), alone(job(147, KEY, true))).confirmed()).isTrue();

        Fake refused = new Fake();
        refused.events.add(LogpushException.auth("HTTP 403", null));
        DeliveryWait.Result r = refused.run(Duration.ofMinutes(20), alone(job(147, KEY, true))).results().get(0);
        assertThat(r.status()).isEqualTo(DeliveryWait.Status.NOT_CONFIRMED);
        assertThat(r.line()).startsWith("the Sekoia API key cannot read the intake's event counters (HTTP 403)");
        assertThat(refused.polls()).isEqualTo(1);
    }

    @Test
    void aSignalStopsTheWaitAtOnce() {
        Fake f = new Fake();
        f.events.add(counts(0, 0, 1));
        f.stopAfterSleeps = 20;
        DeliveryWait.Outcome o = f.run(Duration.ofMinutes(20), alone(job(147, KEY, true)));
        assertThat(o.stopped()).isTrue();
        assertThat(o.confirmed()).isFalse();
        assertThat(o.results().get(0).status()).isEqualTo(DeliveryWait.Status.STOPPED);
        assertThat(f.sleeps).hasSize(20);

        Fake cut = new Fake();
        cut.events.add(LogpushException.interrupted(false));
        assertThat(cut.run(Duration.ofMinutes(20), alone(job(147, KEY, true))).stopped()).isTrue();
    }

    @Test
    void disabledJobsAreNotWaitedForAndOneIntakeIsCountedOncePerPoll() {
        Fake f = new Fake();
        f.events.add(counts(0, 0, 0));
        f.events.add(counts(8, 0, 0));
        Job a = job(147, KEY, true);
        Job b = job(148, KEY, true);
        Scope other = new Scope(Scope.Kind.ZONE, "9f1c0d9e8b7a6f5e4d3c2b1a09f8e7d6", "example.org");
        // two zones sending to one intake: each is the other's other sender, so Cloudflare must show each one's upload
        DeliveryWait.Target ta = DeliveryWait.Target.of(ZONE, a, null, List.of(a, b));
        DeliveryWait.Target tb = DeliveryWait.Target.of(other, b, null, List.of(a, b));
        f.uploads.add(List.of(row(147, 200, true, 1), row(148, 200, true, 1)));
        DeliveryWait.Outcome o = f.run(Duration.ofMinutes(20), ta, tb, alone(job(149, KEY, false)));
        assertThat(o.confirmed()).isTrue();
        assertThat(o.results().get(2).status()).isEqualTo(DeliveryWait.Status.SKIPPED);
        assertThat(o.results().get(2).line()).isEqualTo("not waited for: job 149 is disabled: it sends nothing");
        assertThat(f.polls()).isEqualTo(2); // one count of the intake per poll, for both jobs
        assertThat(f.reads).filteredOn(s -> s.startsWith("uploads")).hasSize(2); // one per zone
    }

    @Test
    void theProgressLineNamesTheIntakeAndTheTimeSpent() {
        Fake f = new Fake();
        f.events.add(counts(0, 0, 0));
        f.events.add(counts(1, 0, 0));
        List<String> lines = new ArrayList<>();
        new DeliveryWait(f, () -> f.now, f::sleep, DeliveryWait.POLL).progress(p -> lines.add(p.line()))
                .run(List.of(alone(job(147, KEY, true))), WRITE, Duration.ofMinutes(20));
        assertThat(lines).first().isEqualTo("waiting for events on intake 'Cloudflare WAF' … 0s of 20m");
        assertThat(lines).contains("waiting for events on intake 'Cloudflare WAF' … 29s of 20m");
        assertThat(lines).hasSize(30);
    }
}
