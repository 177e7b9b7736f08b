package io.logpush.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The limiter's arithmetic, at given instants (no sleeping). */
class RateLimiterTest {
    @Test
    void theWindowAdmitsTheLimitThenWaitsForTheOldestToAge() throws InterruptedException {
        long t = 1_000_000;
        AtomicLong now = new AtomicLong(t);
        RateLimiter l = new RateLimiter(3, Duration.ofSeconds(10), now::get);
        for (int i = 0; i < 3; i++) {
            now.set(t + i);
            assertThat(l.waitMillis(t + i)).isLessThanOrEqualTo(0);
            l.acquire();
        }
        assertThat(l.waitMillis(t + 5)).isEqualTo(10_000 - 5 + 1);
        assertThat(l.waitMillis(t + 10_001)).isLessThanOrEqualTo(0);
    }

    @Test
    void anAnnouncedPolicyTightensTheBudget() throws InterruptedException {
        long t = 1_000_000;
        RateLimiter l = new RateLimiter(1200, Duration.ofSeconds(300), () -> t);
        l.observe("\"default\";r=9;t=2", "\"default\";q=2;w=5");
        l.acquire();
        l.acquire();
        assertThat(l.waitMillis(t)).isEqualTo(5_001);
    }

    @Test
    void nothingLeftPausesEveryoneUntilTheReset() {
        RateLimiter l = new RateLimiter(1200, Duration.ofSeconds(300));
        l.observe("\"default\";r=0;t=7", null);
        long wait = l.waitMillis(System.currentTimeMillis());
        assertThat(wait).isBetween(6_000L, 7_000L);
    }

    @Test
    void parsesItsOptionForm() {
        assertThat(RateLimiter.parse("1200/300s")).isNotNull();
        assertThat(RateLimiter.parse("120/30")).isNotNull();
        assertThat(RateLimiter.parse("0/30s")).isNull();
        assertThat(RateLimiter.parse("fast")).isNull();
    }
}
