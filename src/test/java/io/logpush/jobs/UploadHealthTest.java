package io.logpush.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.logpush.cloudflare.GraphqlApi.Row;
import io.logpush.model.Job;
import io.logpush.model.LogpushException;
import io.logpush.model.Scope;
import io.logpush.testing.Fixtures;
import org.junit.jupiter.api.Test;

/** The uploads judgement, pure: rows in, one line out. */
class UploadHealthTest {
    static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
    static final Duration DAY = Duration.ofHours(24);
    static final Scope ZONE = new Scope(Scope.Kind.ZONE, "023e105f4ecef8ad9ca31a8372d0c353", "example.com");
    static final Job JOB = Job.from(Fixtures.json("{\"id\":147,\"dataset\":\"firewall_events\",\"name\":\"waf\","
            + "\"enabled\":true}"));

    static Row row(Duration ago, int status, boolean success, boolean last, long uploads, long records) {
        return new Row(147, NOW.minus(ago), status, success, last, uploads, records);
    }

    static Check judge(Row... rows) {
        return UploadHealth.judge(ZONE, JOB, List.of(rows), false, DAY, NOW);
    }

    @Test
    void allSucceededIsOkWithTheNumbersBehindIt() {
        Check c = judge(row(Duration.ofMinutes(5), 200, true, true, 10, 1000),
                new Row(999, NOW, 500, false, true, 50, 50));
        assertThat(c.status()).isEqualTo(Check.Status.OK);
        assertThat(c.message()).isEqualTo("10 uploads, 1,000 records delivered in 24 h");
        assertThat(c.measures()).containsEntry(Measure.UPLOADS, 10.0).containsEntry(Measure.RECORDS_LOST, 0.0);
        assertThat(c.id()).isEqualTo(CheckId.UPLOADS);
        assertThat(c.jobId()).isEqualTo(147L);
    }

    @Test
    void theOnePercentLineSeparatesInfoFromWarning() {
        assertThat(judge(row(Duration.ofMinutes(5), 200, true, true, 99, 990),
                row(Duration.ofHours(3), 503, false, false, 1, 10)).status()).isEqualTo(Check.Status.WARNING);
        assertThat(judge(row(Duration.ofMinutes(5), 200, true, true, 1000, 990),
                row(Duration.ofHours(3), 503, false, false, 9, 10)).status()).isEqualTo(Check.Status.INFO);
    }

    @Test
    void aBucketWithASuccessEndsTheFailingRun() {
        List<Row> rows = List.of(row(Duration.ofMinutes(10), 1106, false, false, 3, 30),
                row(Duration.ofMinutes(5), 1106, false, false, 3, 30), row(Duration.ofMinutes(15), 200, true, true, 1,
                        10), row(Duration.ofMinutes(20), 1106, false, false, 1, 10));
        assertThat(UploadHealth.failingSince(rows)).isEqualTo(NOW.minus(Duration.ofMinutes(10)));
        assertThat(UploadHealth.failingSince(List.of(row(Duration.ofMinutes(5), 200, true, true, 1, 1),
                row(Duration.ofMinutes(5), 503, false, false, 1, 1)))).isNull();
    }

    @Test
    void failingSinceTheWindowBeganSaysAtLeastAndPastTheDisableSaysSo() {
        Check c = judge(row(Duration.ofHours(24), 1105, false, true, 5, 500), row(Duration.ZERO, 1105, false, true, 5,
                500));
        assertThat(c.status()).isEqualTo(Check.Status.FAILURE);
        assertThat(c.message()).startsWith("failing for at least 24 h; Cloudflare disables a job after 24 h of "
                + "failure (it may be disabled at any moment); 1,000 records lost in 24 h (1105 DNS resolution failed)");
        assertThat(c.fix()).contains("the intake host does not resolve");
    }

    @Test
    void statusesHaveTheirMeaning() {
        assertThat(UploadHealth.meaning(1102)).isEqualTo("1102 connection timeout");
        assertThat(UploadHealth.meaning(1106)).isEqualTo("1106 timeout (TLS handshake or no progress)");
        assertThat(UploadHealth.meaning(1201)).isEqualTo("Cloudflare delivery error 1201");
        assertThat(UploadHealth.meaning(1104)).isEqualTo("Cloudflare delivery error 1104");
        assertThat(UploadHealth.meaning(413)).isEqualTo("413 Payload Too Large");
        assertThat(UploadHealth.meaning(418)).isEqualTo("HTTP 418");
    }

    @Test
    void anUnreadableHistoryIsAWarningNamingThePermissionWhenRefused() {
        Check refused = UploadHealth.unreadable(JOB, LogpushException.auth("HTTP 403", null));
        assertThat(refused.status()).isEqualTo(Check.Status.WARNING);
        assertThat(refused.message()).contains("Account Analytics Read");
        Check other = UploadHealth.unreadable(JOB, LogpushException.failure("bad answer", "run again"));
        assertThat(other.message()).isEqualTo("cannot check the upload history: bad answer");
        assertThat(other.fix()).isEqualTo("run again");
    }
}
