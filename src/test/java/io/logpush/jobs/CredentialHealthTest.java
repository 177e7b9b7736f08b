package io.logpush.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import io.logpush.testing.Fixtures;
import org.junit.jupiter.api.Test;

/** The credentials rule, without the CLI: a token's status and expiry, a global key. */
class CredentialHealthTest {
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    @Test
    void anActiveTokenThatExpiresLaterThan14DaysIsOkAndNamesTheDate() {
        Instant expires = NOW.plus(Duration.ofDays(30));
        Check c = CredentialHealth.judge("active", expires, NOW);
        assertThat(c.status()).isEqualTo(Check.Status.OK);
        assertThat(c.id()).isEqualTo(CheckId.CREDENTIALS);
        assertThat(c.message()).isEqualTo("the API token is active (expires 2026-07-01T12:00:00Z)");
        assertThat(c.fix()).isNull();
    }

    @Test
    void anActiveTokenWithoutExpiryIsOk() {
        assertThat(CredentialHealth.judge("active", null, NOW).message()).isEqualTo("the API token is active");
    }

    @Test
    void expiringWithin14DaysIsAWarningToRollItAndExactly14DaysIsNot() {
        Check soon = CredentialHealth.judge("active", NOW.plus(Duration.ofDays(14)).minusSeconds(1), NOW);
        assertThat(soon.status()).isEqualTo(Check.Status.WARNING);
        assertThat(soon.message()).startsWith("the API token is active but expires on 2026-06-15T11:59:59Z");
        assertThat(soon.fix()).isEqualTo("roll the token under My Profile > API Tokens before then");

        assertThat(CredentialHealth.judge("active", NOW.plus(CredentialHealth.EXPIRY_WARNING), NOW).status())
                .isEqualTo(Check.Status.OK);
        assertThat(CredentialHealth.judge("active", NOW.minusSeconds(60), NOW).status())
                .isEqualTo(Check.Status.WARNING);
    }

    @Test
    void aTokenThatIsNotActiveIsAFailureWithTheWayOut() {
        for (String status : new String[] {"disabled", "expired", "unknown"}) {
            Check c = CredentialHealth.judge(status, NOW.plus(Duration.ofDays(365)), NOW);
            assertThat(c.status()).isEqualTo(Check.Status.FAILURE);
            assertThat(c.message()).isEqualTo("the API token is " + status);
            assertThat(c.fix()).isEqualTo("create a new token under My Profile > API Tokens");
        }
    }

    @Test
    void cloudflaresVerifyAnswerIsReadForStatusAndExpiry() {
        Check expiring = CredentialHealth.judge(Fixtures.json("""
                {"id":"f267e341","status":"active","not_before":null,"expires_on":"2026-06-03T00:00:00Z"}"""), NOW);
        assertThat(expiring.status()).isEqualTo(Check.Status.WARNING);

        Check noExpiry = CredentialHealth.judge(Fixtures.json("""
                {"id":"f267e341","status":"active","expires_on":null}"""), NOW);
        assertThat(noExpiry.message()).isEqualTo("the API token is active");

        Check noStatus = CredentialHealth.judge(Fixtures.json("{\"id\":\"f267e341\"}"), NOW);
        assertThat(noStatus.status()).isEqualTo(Check.Status.FAILURE);
        assertThat(noStatus.message()).isEqualTo("the API token is unknown");
    }

    @Test
    void aGlobalKeyIsAcceptedWithAnAdviceAndItsFactsComeFromCloudflare() {
        Check c = CredentialHealth.globalKey();
        assertThat(c.status()).isEqualTo(Check.Status.OK);
        assertThat(c.message()).isEqualTo("the global API key is accepted (an API token would be safer)");
        assertThat(c.source()).isEqualTo(Check.CLOUDFLARE);
    }
}
