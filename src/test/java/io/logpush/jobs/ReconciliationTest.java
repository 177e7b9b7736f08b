package io.logpush.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.logpush.cloudflare.GraphqlApi.Row;
import io.logpush.model.LogpushException;
import org.junit.jupiter.api.Test;

/** The reconcile judgement, without CLI or HTTP: the whole-hour window, the tolerance, the three outcomes. */
class ReconciliationTest {
    static final Check.IntakeRef WAF = new Check.IntakeRef("7c5a-uuid", "Cloudflare WAF", List.of(147L, 151L));
    static final Instant NOW = Instant.parse("2026-12-02T14:37:12Z");
    static final Reconciliation.Window DAY = Reconciliation.Window.of(Duration.ofHours(24), NOW);

    @Test
    void theHoursEndOnTheLastWholeHourAtLeast15MinutesAgo() {
        assertThat(DAY).isEqualTo(new Reconciliation.Window(Instant.parse("2026-12-01T15:00:00Z"),
                Instant.parse("2026-12-02T14:00:00Z")));
        assertThat(Reconciliation.Window.of(Duration.ofHours(24), Instant.parse("2026-12-02T14:10:00Z")).end())
                .isEqualTo(Instant.parse("2026-12-02T13:00:00Z"));
        assertThat(Reconciliation.Window.of(Duration.ofHours(24), Instant.parse("2026-12-02T14:15:00Z")).end())
                .isEqualTo(Instant.parse("2026-12-02T14:00:00Z"));
        assertThat(Reconciliation.Window.of(Duration.ofHours(24), Instant.parse("2026-12-02T14:14:59Z")).end())
                .isEqualTo(Instant.parse("2026-12-02T13:00:00Z"));
    }

    @Test
    void theHoursLieInsideTheWindowAndAreAtLeastOne() {
        assertThat(DAY.hours()).isEqualTo(23);
        assertThat(Reconciliation.Window.of(Duration.ofHours(24), Instant.parse("2026-12-02T14:00:00Z")))
                .isEqualTo(new Reconciliation.Window(Instant.parse("2026-12-01T14:00:00Z"),
                        Instant.parse("2026-12-02T13:00:00Z")));
        assertThat(Reconciliation.Window.of(Duration.ofHours(3), NOW).hours()).isEqualTo(2);
        assertThat(Reconciliation.Window.of(Duration.ofMinutes(90), NOW).hours()).isEqualTo(1);
        assertThat(Reconciliation.Window.of(Duration.ofMinutes(10), NOW)).isEqualTo(new Reconciliation.Window(
                Instant.parse("2026-12-02T13:00:00Z"), Instant.parse("2026-12-02T14:00:00Z")));
        assertThat(Reconciliation.Window.of(Duration.ofDays(7), NOW).hours()).isEqualTo(167);
    }

    @Test
    void aPlanKeepingLessStartsTheHoursOnTheNextWholeHour() {
        assertThat(DAY.from(Instant.parse("2026-12-01T14:38:00Z"))).contains(DAY);
        assertThat(DAY.from(Instant.parse("2026-12-01T15:20:00Z")).orElseThrow())
                .isEqualTo(new Reconciliation.Window(Instant.parse("2026-12-01T16:00:00Z"), DAY.end()));
        assertThat(DAY.from(Instant.parse("2026-12-01T16:00:00Z")).orElseThrow().hours()).isEqualTo(22);
        assertThat(DAY.from(Instant.parse("2026-12-02T13:01:00Z"))).isEmpty();
    }

    @Test
    void deliveredSumsTheSuccessfulGroupsOfTheWholeHoursOnly() {
        List<Row> rows = List.of(
                row(DAY.start(), true, 100),
                row(DAY.start().minusSeconds(300), true, 1_000),      // before the hours
                row(DAY.end().minusSeconds(300), true, 20),            // the last five minutes of the hours
                row(DAY.end(), true, 5_000),                           // after them (not held back yet)
                row(DAY.start().plusSeconds(3600), false, 700),        // a failed attempt: retried, never added
                new Row(147, null, 200, true, true, 1, 9));            // no time: not placed
        assertThat(Reconciliation.delivered(rows, DAY)).isEqualTo(120);
    }

    @Test
    void theToleranceIsMaxLossOfDeliveredOrTenEvents() {
        assertThat(Reconciliation.within(1000, 990, 0.01)).isTrue();
        assertThat(Reconciliation.within(1000, 989, 0.01)).isFalse();
        assertThat(Reconciliation.within(1000, 1010, 0.01)).isTrue();
        assertThat(Reconciliation.within(1000, 1011, 0.01)).isFalse();
        assertThat(Reconciliation.within(100_000, 99_000, 0.01)).isTrue();
        assertThat(Reconciliation.within(100_000, 98_999, 0.01)).isFalse();
        assertThat(Reconciliation.within(20_000, 19_000, 0.05)).isTrue();
        assertThat(Reconciliation.within(20_000, 18_999, 0.05)).isFalse();
        assertThat(Reconciliation.within(0, 10, 0)).isTrue();
        assertThat(Reconciliation.within(0, 11, 0)).isFalse();
        assertThat(Reconciliation.within(5, 0, 1)).isTrue();
    }

    @Test
    void agreeingCountsAreOkWithBothNumbersAndTheHours() {
        Check c = Reconciliation.judge(WAF, 19_990, 20_000, DAY, false, 0.01);
        assertThat(c.status()).isEqualTo(Check.Status.OK);
        assertThat(c.id()).isEqualTo(CheckId.RECONCILE);
        assertThat(c.name()).isEqualTo("reconcile (intake 'Cloudflare WAF', jobs 147, 151)");
        assertThat(c.message()).isEqualTo("Cloudflare delivered 19,990, Sekoia received 20,000 in the 23 h to 14:00 UTC");
        assertThat(c.intake()).isEqualTo(WAF);
        assertThat(c.measures()).containsEntry(Measure.RECONCILE_DELIVERED, 19_990.0)
                .containsEntry(Measure.RECONCILE_RECEIVED, 20_000.0);
        assertThat(c.measures().get(Measure.RECONCILE_RATIO)).isCloseTo(20_000 / 19_990.0,
                org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void sekoiaReceivingLessIsAFailureWithTheShareMissingAndWhatToLookAt() {
        Check c = Reconciliation.judge(WAF, 20_000, 12_345, DAY, false, 0.01);
        assertThat(c.status()).isEqualTo(Check.Status.FAILURE);
        assertThat(c.message()).isEqualTo("Cloudflare delivered 20,000, Sekoia received 12,345 (38 % missing) in the "
                + "23 h to 14:00 UTC");
        assertThat(c.fix()).contains("uploads").contains("parsing").contains("run again in an hour");
        assertThat(Reconciliation.judge(WAF, 1_000, 950, DAY, false, 0.01).message()).contains("(5.0 % missing)");
    }

    @Test
    void sekoiaReceivingMoreIsInfoNamingOtherSendersOrDuplicates() {
        Check c = Reconciliation.judge(WAF, 20_000, 25_000, DAY, false, 0.01);
        assertThat(c.status()).isEqualTo(Check.Status.INFO);
        assertThat(c.message()).isEqualTo("Cloudflare delivered 20,000, Sekoia received 25,000 (25 % more) in the "
                + "23 h to 14:00 UTC: other senders to the intake (jobs of zones or accounts outside this run) or "
                + "duplicates (a batch retried after Sekoia took it)");
        Check none = Reconciliation.judge(WAF, 0, 500, DAY, false, 0.01);
        assertThat(none.message()).startsWith("Cloudflare delivered 0, Sekoia received 500 (500 more) in");
        assertThat(none.measures()).doesNotContainKey(Measure.RECONCILE_RATIO);
    }

    @Test
    void shortenedHoursAreSaid() {
        Reconciliation.Window w = DAY.from(Instant.parse("2026-12-01T14:38:00Z")).orElseThrow();
        assertThat(Reconciliation.judge(WAF, 10, 10, w, true, 0.01).message()).endsWith("in the 23 h to 14:00 UTC "
                + "(shortened: Cloudflare keeps no more upload history for this plan)");
    }

    @Test
    void cannotReconcileFollowsTheRules() {
        Check analytics = Reconciliation.cloudflareUnreadable(WAF, LogpushException.auth("refused", null));
        assertThat(analytics.status()).isEqualTo(Check.Status.WARNING);
        assertThat(analytics.message()).isEqualTo("cannot reconcile: the token cannot read Cloudflare's GraphQL "
                + "Analytics (needs Account Analytics Read)");
        assertThat(analytics.intake()).isEqualTo(WAF);
        Check budget = Reconciliation.cloudflareUnreadable(WAF, LogpushException.failure("budget spent", "wait"));
        assertThat(budget.status()).isEqualTo(Check.Status.WARNING);
        assertThat(budget.fix()).isEqualTo("wait");
        Check permission = Reconciliation.sekoiaUnreadable(WAF, LogpushException.auth("HTTP 403", null));
        assertThat(permission.status()).isEqualTo(Check.Status.WARNING);
        assertThat(permission.fix()).contains("permission to read telemetry");
        Check missing = Reconciliation.sekoiaUnreadable(WAF, LogpushException.failure("no count", "report it"));
        assertThat(missing.status()).isEqualTo(Check.Status.FAILURE);
        assertThat(missing.message()).isEqualTo("cannot reconcile: no count");
        Check unreachable = Reconciliation.sekoiaUnreadable(WAF, new LogpushException(LogpushException.Kind.NETWORK, "refused", null));
        assertThat(unreachable.status()).isEqualTo(Check.Status.FAILURE);
    }

    @Test
    void manyJobsAreCountedInTheName() {
        Check.IntakeRef many = new Check.IntakeRef("u", "WAF", List.of(1L, 2L, 3L, 4L, 5L));
        assertThat(Reconciliation.name(many)).isEqualTo("reconcile (intake 'WAF', 5 jobs)");
        assertThat(Reconciliation.name(new Check.IntakeRef("u", "WAF", List.of(9L)))).isEqualTo(
                "reconcile (intake 'WAF', job 9)");
    }

    static Row row(Instant at, boolean success, long records) {
        return new Row(147, at, success ? 200 : 503, success, success, 1, records);
    }
}
