package io.logpush.cloudflare;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** What a query costs in Cloudflare's GraphQL budget, and which answers say the budget is spent (notes §1.7). */
class GraphqlBudgetRulesTest {
    static final Instant TO = Instant.parse("2026-11-28T12:00:00Z");
    static final Instant FROM = TO.minus(Duration.ofHours(24));
    static final Duration WINDOW = Duration.ofMinutes(5);

    @Test
    void aQueryCostsTheScopesItNamesTimesItsDatasetNodes() {
        List<String> ten = IntStream.range(0, 10).mapToObj(i -> "\"%032x\"".formatted(i)).toList();
        assertThat(GraphqlApi.units(GraphqlApi.query("zones", "zoneTag_in: [" + String.join(", ", ten) + "]", FROM,
                TO))).isEqualTo(10);
        assertThat(GraphqlApi.units(GraphqlApi.query("zones", "zoneTag_in: [\"" + "a".repeat(32) + "\"]", FROM, TO)))
                .isEqualTo(1);
        assertThat(GraphqlApi.units(GraphqlApi.query("accounts", "accountTag: \"" + "b".repeat(32) + "\"", FROM,
                TO))).isEqualTo(1);
        assertThat(GraphqlApi.units("{ viewer { zones(filter: {zoneTag_in: [\"a\", \"b\", \"c\"]}) { settings { "
                + "logpushHealthAdaptiveGroups { maxDuration notOlderThan } } } } }")).isEqualTo(3);
        assertThat(GraphqlApi.units("{ viewer { zones(filter: {zoneTag_in: [\"a\", \"b\"]}) { "
                + "h: logpushHealthAdaptiveGroups(limit: 1) { count } d: logpushHealthAdaptiveGroups(limit: 1) "
                + "{ count } } } }")).isEqualTo(4);
    }

    static String error(String message, String code) {
        return "{\"data\":null,\"errors\":[{\"message\":\"" + message + "\"" + (code == null ? ""
                : ",\"extensions\":{\"code\":\"" + code + "\"}") + "}]}";
    }

    @Test
    void aBudgetErrorSaysHowLongToWaitOrAWholeWindow() {
        assertThat(GraphqlApi.spent(error("rate limiter budget depleted, try again after 5 minutes", null), WINDOW))
                .isEqualTo(Duration.ofMinutes(5));
        assertThat(GraphqlApi.spent(error("rate limiter budget depleted, try again after 30 seconds", null), WINDOW))
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(GraphqlApi.spent(error("quota exceeded, please repeat your request in the next minute", null),
                WINDOW)).isEqualTo(Duration.ofMinutes(1));
        assertThat(GraphqlApi.spent(error("Account 01a7 has exceeded its rate limit", "budget"), WINDOW))
                .isEqualTo(WINDOW);
    }

    @Test
    void otherAnswersAreNotBudgetErrors() {
        assertThat(GraphqlApi.spent("{\"data\":{\"viewer\":{}},\"errors\":null}", WINDOW)).isNull();
        assertThat(GraphqlApi.spent(error("does not have access to the path", null), WINDOW)).isNull();
        assertThat(GraphqlApi.spent(error("cannot request data older than 25h0m0s", null), WINDOW)).isNull();
        // a query too heavy for its time range: asking again later would not help
        assertThat(GraphqlApi.spent(error("limit reached, please try reduced time period", null), WINDOW)).isNull();
        assertThat(GraphqlApi.spent("{\"data\":", WINDOW)).isNull();
        assertThat(GraphqlApi.spent("", WINDOW)).isNull();
    }
}
