package io.logpush.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.logpush.model.Job;
import io.logpush.model.LogpushException;
import io.logpush.model.Scope;
import io.logpush.testing.Fixtures;
import org.junit.jupiter.api.Test;

/** JobHealth's fields check, without the CLI: the offered fields known, or not readable. */
class JobHealthTest {
    static final Scope ZONE = new Scope(Scope.Kind.ZONE, "023e105f4ecef8ad9ca31a8372d0c353", "example.com");
    static final JobHealth HEALTH = new JobHealth(ZONE, Duration.ofHours(24), Instant.parse("2026-11-27T10:05:00Z"));

    static Check fields(List<Check> checks) {
        return checks.stream().filter(c -> c.id() == CheckId.FIELDS).findFirst().orElse(null);
    }

    @Test
    void offeredFieldsThatCannotBeReadAreAFieldsWarningThatSaysSo() {
        Job job = Job.from(Fixtures.json(Fixtures.job()));
        LogpushException refused = LogpushException.auth("reading the fields of firewall_events failed: HTTP 403",
                "the token lacks Logs Read");
        Check c = fields(HEALTH.judge(job, JobHealth.Offered.unreadable(refused)));
        assertThat(c.status()).isEqualTo(Check.Status.WARNING);
        assertThat(c.message()).isEqualTo("cannot check: reading the fields of firewall_events failed: HTTP 403");
        assertThat(c.fix()).isEqualTo("the token lacks Logs Read");
        assertThat(c.jobId()).isEqualTo(147);
    }

    @Test
    void offeredFieldsNarrowWhatTheParserMissesToWhatCanBeSent() {
        Job job = Job.from(Fixtures.json(Fixtures.job()));
        Check c = fields(HEALTH.judge(job, JobHealth.Offered.of(Map.of("RayID", "string", "ClientIP", "string",
                "Action", "string"))));
        assertThat(c.status()).isEqualTo(Check.Status.WARNING);
        assertThat(c.message()).isEqualTo("Sekoia's parser maps Action, which the job does not send");
    }
}
