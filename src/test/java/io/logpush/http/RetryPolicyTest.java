package io.logpush.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    final RetryPolicy p = RetryPolicy.DEFAULT;

    @Test
    void retriesWhatThePolicySays() {
        for (String m : new String[] {"GET", "PUT", "DELETE"}) {
            assertThat(p.retriesStatus(m, 429)).isTrue();
            assertThat(p.retriesStatus(m, 502)).isTrue();
            assertThat(p.retriesStatus(m, 503)).isTrue();
            assertThat(p.retriesStatus(m, 504)).isTrue();
            assertThat(p.retriesStatus(m, 500)).isTrue();
            assertThat(p.retriesStatus(m, 404)).isFalse();
            assertThat(p.retriesFailure(m, new SocketTimeoutException())).isTrue();
        }
        assertThat(p.retriesStatus("POST", 429)).isTrue();
        assertThat(p.retriesStatus("POST", 503)).isFalse();
        assertThat(p.retriesStatus("POST", 500)).isFalse();
        assertThat(p.retriesFailure("POST", new ConnectException())).isTrue();
        assertThat(p.retriesFailure("POST", new SocketTimeoutException())).isFalse();
        assertThat(p.retriesFailure("POST", new IOException("unexpected end of stream"))).isFalse();
    }

    @Test
    void retryAfterInSecondsOrHttpDateIsHonouredAsGiven() {
        ZonedDateTime now = ZonedDateTime.of(2026, 11, 28, 12, 0, 0, 0, ZoneOffset.UTC);
        assertThat(RetryPolicy.parseRetryAfter("3", now)).isEqualTo(Duration.ofSeconds(3));
        assertThat(RetryPolicy.parseRetryAfter("Sat, 28 Nov 2026 12:00:07 GMT", now)).isEqualTo(Duration.ofSeconds(7));
        assertThat(RetryPolicy.parseRetryAfter("Sat, 28 Nov 2026 11:00:00 GMT", now)).isEqualTo(Duration.ZERO);
        assertThat(RetryPolicy.parseRetryAfter("soon", now)).isNull();
        assertThat(RetryPolicy.parseRetryAfter(null, now)).isNull();
        assertThat(p.delay(1, Duration.ofSeconds(300))).isEqualTo(Duration.ofSeconds(300));
    }

    @Test
    void backoffGrowsExponentiallyWithJitter() {
        for (int i = 0; i < 50; i++) {
            assertThat(p.delay(1, null).toMillis()).isBetween(500L, 1000L);
            assertThat(p.delay(2, null).toMillis()).isBetween(1000L, 2000L);
        }
        RetryPolicy slow = new RetryPolicy(3, Duration.ofMillis(RetryPolicy.MAX_BASE_MILLIS));
        assertThat(slow.delay(3, null)).isLessThanOrEqualTo(RetryPolicy.MAX_BACKOFF);
    }
}
