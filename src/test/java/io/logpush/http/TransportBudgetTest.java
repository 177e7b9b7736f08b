package io.logpush.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.logpush.model.LogpushException;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;

/**
 * A request that costs units of a second budget (Cloudflare's GraphQL) through the transport: it counts one in the
 * request budget too, its waits are announced once and bounded by --max-wait, and a "budget spent" answer is sent
 * again after the wait it names, a bounded number of times. On a fake clock: nothing sleeps.
 */
class TransportBudgetTest {
    static final String SPENT = "{\"errors\":[{\"message\":\"rate limiter budget depleted\"}]}";

    @StartStop
    final MockWebServer server = new MockWebServer();

    final AtomicLong now = new AtomicLong(1_000_000);
    final List<Duration> slept = new ArrayList<>();
    final List<String> announced = new ArrayList<>();
    final List<String> spent = new ArrayList<>();
    final RateLimiter limiter = new RateLimiter(1200, Duration.ofSeconds(300));
    final UnitBudget budget = new UnitBudget("GraphQL budget", "the budget's hint", 300, Duration.ofMinutes(5),
            now::get, d -> {
                slept.add(d);
                now.addAndGet(d.toMillis());
            });

    HttpTransport transport(Duration maxWait) {
        return new HttpTransport(HttpTransport.Config.of(new HttpTransport.Api("Cloudflare", "--api-url", "cf-ray",
                        "the request budget"), "test").timeout(Duration.ofSeconds(5))
                .retry(new RetryPolicy(3, Duration.ZERO)).limiter(limiter).maxWait(maxWait),
                new HttpTransport.Listener() {
                    @Override
                    public void exchange(String method, String url, String outcome, long millis, String requestId) {
                    }

                    @Override
                    public void retry(String method, String url, String reason, Duration wait) {
                    }

                    @Override
                    public void waiting(String line) {
                        announced.add(line);
                    }

                    @Override
                    public void spent(String line) {
                        spent.add(line);
                    }
                });
    }

    HttpTransport.Answer post(HttpTransport t, int units) {
        return t.execute("reading", new Request.Builder().url(server.url("/graphql"))
                        .post(RequestBody.create(new byte[0])).build(), budget, units,
                a -> a.body().contains("depleted") ? Duration.ofMinutes(2) : null);
    }

    static MockResponse body(String text) {
        return new MockResponse.Builder().body(text).build();
    }

    @Test
    void eachRequestCostsItsUnitsAndOneRequestOfTheRestBudget() {
        for (int i = 0; i < 3; i++) {
            server.enqueue(body("{\"data\":{}}"));
        }
        try (HttpTransport t = transport(Duration.ofMinutes(5))) {
            post(t, 10);
            post(t, 10);
            post(t, 5);
        }
        assertThat(limiter.total()).isEqualTo(3);
        assertThat(budget.units()).isEqualTo(25);
        assertThat(announced).isEmpty();
        assertThat(spent).hasSize(3);
        assertThat(spent.get(0)).endsWith("/graphql: 10 units of Cloudflare's GraphQL budget (290 of 300 units per "
                + "5m left)");
    }

    @Test
    void theWaitForUnitsIsAnnouncedOnceWithTheBudget() {
        for (int i = 0; i < 32; i++) {
            server.enqueue(body("{\"data\":{}}"));
        }
        try (HttpTransport t = transport(Duration.ofMinutes(5))) {
            for (int i = 0; i < 32; i++) {
                post(t, 10);
            }
        }
        assertThat(announced).containsExactly("waiting 5m for Cloudflare's GraphQL budget (300 units per 5m; Ctrl-C "
                + "to stop)");
        assertThat(slept).containsExactly(Duration.ofMinutes(5));
        assertThat(limiter.total()).isEqualTo(32);
        assertThat(server.getRequestCount()).isEqualTo(32);
    }

    @Test
    void aWaitLongerThanMaxWaitIsRefusedBeforeTheRequestIsSent() {
        for (int i = 0; i < 30; i++) {
            server.enqueue(body("{\"data\":{}}"));
        }
        try (HttpTransport t = transport(Duration.ofMinutes(1))) {
            for (int i = 0; i < 30; i++) {
                post(t, 10);
            }
            assertThatThrownBy(() -> post(t, 10)).isInstanceOf(LogpushException.class)
                    .hasMessage("reading: Cloudflare's GraphQL budget is spent and asks to wait 5m, longer than "
                            + "--max-wait 1m")
                    .satisfies(e -> assertThat(((LogpushException) e).hint()).endsWith("; the budget's hint")
                            .startsWith("try again after "));
        }
        assertThat(server.getRequestCount()).isEqualTo(30);
        assertThat(limiter.total()).isEqualTo(30);
    }

    @Test
    void aBudgetSpentAnswerIsSentAgainAfterTheWaitItNamesAnnounced() {
        server.enqueue(body(SPENT));
        server.enqueue(body("{\"data\":{}}"));
        try (HttpTransport t = transport(Duration.ofMinutes(5))) {
            assertThat(post(t, 1).body()).isEqualTo("{\"data\":{}}");
        }
        assertThat(announced).containsExactly("Cloudflare says its GraphQL budget is spent; retrying in 2m (Ctrl-C "
                + "to stop)");
        assertThat(slept).containsExactly(Duration.ofMinutes(2));
        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(limiter.total()).isEqualTo(2);
        assertThat(budget.units()).isEqualTo(2);
    }

    @Test
    void aBudgetSpentAnswerIsRetriedAsOftenAsTheRetryPolicySaysThenReturned() {
        for (int i = 0; i < 3; i++) {
            server.enqueue(body(SPENT));
        }
        try (HttpTransport t = transport(Duration.ofMinutes(5))) {
            assertThat(post(t, 1).body()).isEqualTo(SPENT);
        }
        assertThat(server.getRequestCount()).isEqualTo(3);
        assertThat(slept).containsExactly(Duration.ofMinutes(2), Duration.ofMinutes(2));
        assertThat(announced).hasSize(2);
    }

    @Test
    void aBudgetSpentAnswerAskingLongerThanMaxWaitIsRefused() {
        server.enqueue(body(SPENT));
        try (HttpTransport t = transport(Duration.ofMinutes(1))) {
            assertThatThrownBy(() -> post(t, 1)).isInstanceOf(LogpushException.class)
                    .hasMessage("reading: Cloudflare says its GraphQL budget is spent and asks to wait 2m, longer "
                            + "than --max-wait 1m");
        }
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aStopEndsTheWaitAndNothingMoreIsSent() {
        server.enqueue(body("{\"data\":{}}"));
        UnitBudget stoppable = UnitBudget.virtual("GraphQL budget", "hint", 1, Duration.ofMinutes(5), limiter);
        try (HttpTransport t = transport(Duration.ofMinutes(5))) {
            Request r = new Request.Builder().url(server.url("/graphql")).post(RequestBody.create(new byte[0])).build();
            t.execute("reading", r, stoppable, 1, a -> null);
            limiter.stop();
            assertThatThrownBy(() -> t.execute("reading", r, stoppable, 1, a -> null))
                    .isInstanceOf(LogpushException.class)
                    .satisfies(e -> assertThat(((LogpushException) e).interrupted()).isTrue());
        }
        assertThat(server.getRequestCount()).isEqualTo(1);
    }
}
