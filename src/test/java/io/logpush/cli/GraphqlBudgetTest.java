package io.logpush.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;

import io.logpush.testing.CliResult;
import io.logpush.testing.Fixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cloudflare's GraphQL budget (300 units per 5 minutes per token, a query costing the zones or account it names):
 * check waits before a query that would exceed it, announced once, and a budget error in errors[] (HTTP 200) is
 * retried after the wait it names, a bounded number of times, then a "cannot check" line. The budget runs on the
 * hidden virtual clock (LOGPUSH_GRAPHQL_VIRTUAL_CLOCK=1): the waits are announced and counted, and take no time.
 */
class GraphqlBudgetTest extends ApiTest {
    static final String GRAPHQL = UploadsCheckTest.GRAPHQL;
    static final String LINE = UploadsCheckTest.LINE;
    static final String DEPLETED = "{\"data\":null,\"errors\":[{\"message\":\"rate limiter budget depleted, try "
            + "again after 5 minutes\",\"path\":null,\"extensions\":{\"timestamp\":\"2026-11-28T12:00:00Z\"}}]}";
    static final String WAIT_LINE = "logpush: waiting 5m for Cloudflare's GraphQL budget (300 units per 5m; Ctrl-C "
            + "to stop)";
    static final String RETRY_LINE = "logpush: Cloudflare says its GraphQL budget is spent; retrying in 5m (Ctrl-C "
            + "to stop)";

    @TempDir
    Path dir;

    @BeforeEach
    void virtualClock() {
        env.put("LOGPUSH_GRAPHQL_VIRTUAL_CLOCK", "1");
    }

    /** A fleet file of {@code n} zones by ID, each with one healthy Sekoia job (job 1000 + i), stubbed. */
    Path fleet(int n) throws Exception {
        List<String> zones = IntStream.range(0, n).mapToObj(i -> String.format("%032x", 0xfee000L + i)).toList();
        Path file = dir.resolve("fleet.yaml");
        Files.writeString(file, "jobs:\n  - zones: [" + String.join(", ", zones) + "]\n    dataset: firewall_events\n"
                + "    intake_key: " + INTAKE_KEY + "\n");
        stub("GET", CheckCommandTest.TOKEN_VERIFY).reply(200, CheckCommandTest.token("active", 365));
        for (int i = 0; i < n; i++) {
            stub("GET", "/zones/" + zones.get(i) + "/logpush/jobs").ok("[" + Fixtures.with(
                    CheckCommandTest.healthyWithAllOffered(), "id", 1000 + i) + "]");
        }
        stub("GET", "/zones").reply(200, "{\"success\":true,\"errors\":[],\"result\":["
                + zones.stream().map(z -> "{\"id\":\"" + z + "\",\"name\":\"z" + z.substring(26) + ".example\","
                        + "\"plan\":{\"legacy_id\":\"free\",\"name\":\"Free Website\"}}")
                .collect(Collectors.joining(",")) + "],\"result_info\":{\"page\":1,\"per_page\":" + n
                + ",\"count\":" + n + ",\"total_count\":" + n + ",\"total_pages\":1}}");
        stub("GET", "/zones/" + zones.get(0) + "/logpush/datasets/firewall_events/fields")
                .reply(200, CheckCommandTest.offered());
        return file;
    }

    static Stream<JsonNode> checks(CliResult r, String id) {
        return StreamSupport.stream(r.json().path("checks").spliterator(), false)
                .filter(c -> c.path("check").asText().equals(id));
    }

    /** What check told a person on stderr (the announcements), without the --verbose log and the closing note. */
    static List<String> announced(CliResult r) {
        return r.err().lines().filter(l -> l.startsWith("logpush: ")).toList();
    }

    List<String> graphqlRequests() {
        return stubs.seen().stream().filter(s -> s.startsWith("POST " + GRAPHQL)).toList();
    }

    /** The units each GraphQL request took, from the --verbose log. */
    static List<Integer> units(CliResult r) {
        return r.err().lines().filter(l -> l.contains("/graphql: ") && l.contains(" of Cloudflare's GraphQL budget"))
                .map(l -> Integer.parseInt(l.replaceFirst(".*/graphql: ([0-9]+) units? .*", "$1"))).toList();
    }

    @Test
    void aFleetOf320ZonesTakes32RequestsOf320UnitsAndOneAnnouncedWait() throws Exception {
        Path file = fleet(320);
        CliResult r = run("check", "-f", file.toString(), "--window", "24h", "-v", "--concurrency", "1").assertExit(0);
        assertThat(graphqlRequests()).hasSize(32);
        assertThat(units(r)).hasSize(32).allMatch(u -> u == 10);
        assertThat(units(r).stream().mapToInt(Integer::intValue).sum()).isEqualTo(320);
        // the wait is announced once, between the 30th query (300 units) and the 31st, whatever the verbosity
        List<String> err = r.err().lines().toList();
        assertThat(announced(r)).containsExactly(WAIT_LINE);
        List<Integer> posts = IntStream.range(0, err.size())
                .filter(i -> err.get(i).startsWith("* POST ") && err.get(i).contains("/graphql -> ")).boxed().toList();
        int waitAt = err.indexOf(WAIT_LINE);
        assertThat(posts.get(29)).isLessThan(waitAt);
        assertThat(posts.get(30)).isGreaterThan(waitAt);
        assertThat(err.get(posts.get(29) - 1)).endsWith("/graphql: 10 units of Cloudflare's GraphQL budget (0 of 300 "
                + "units per 5m left)");
        assertThat(err.get(posts.get(30) - 1)).endsWith("/graphql: 10 units of Cloudflare's GraphQL budget (290 of "
                + "300 units per 5m left)");
        assertThat(r.out()).contains("Fleet: 320 scopes, 320 ✓, 0 !, 0 ✗.");
        verifyStubs();
    }

    @Test
    void withoutVerboseTheWaitIsTheOneLineOnStderr() throws Exception {
        Path file = fleet(320);
        CliResult r = run("check", "-f", file.toString(), "--concurrency", "1").assertExit(0);
        assertThat(announced(r)).containsExactly(WAIT_LINE);
        assertThat(graphqlRequests()).hasSize(32);
    }

    @Test
    void aFleetOf25ZonesTakesThreeRequestsOf25UnitsAndNoWait() throws Exception {
        Path file = fleet(25);
        CliResult r = run("check", "-f", file.toString(), "-v", "--concurrency", "1").assertExit(0);
        assertThat(graphqlRequests()).hasSize(3);
        assertThat(units(r)).containsExactly(10, 10, 5);
        assertThat(announced(r)).isEmpty();
    }

    @Test
    void aWaitLongerThanMaxWaitLeavesOnlyTheZonesItConcernsUnchecked() throws Exception {
        Path file = fleet(320);
        CliResult r = run("check", "-f", file.toString(), "--max-wait", "1m", "-o", "json", "--concurrency", "1")
                .assertExit(0);
        assertThat(graphqlRequests()).hasSize(30);
        List<String> unchecked = checks(r, "uploads").filter(c -> c.path("status").asText().equals("warning"))
                .map(c -> c.path("message").asText()).toList();
        assertThat(unchecked).hasSize(20).allMatch(m -> m.equals("cannot check the upload history: reading the "
                + "upload history of 10 zones: Cloudflare's GraphQL budget is spent and asks to wait 5m, longer than "
                + "--max-wait 1m"));
        assertThat(checks(r, "uploads").filter(c -> c.path("status").asText().equals("info"))).hasSize(300);
        // every other check of those 20 zones still ran
        assertThat(checks(r, "delivery")).hasSize(320);
        assertThat(r.err()).doesNotContain("Exception");
    }

    @Test
    void everyGraphqlRequestAlsoCountsOneInTheRequestBudget() throws Exception {
        Path file = fleet(25);
        // 27 requests per 5 minutes: the token check, the 25 job lists and one GraphQL query fit; a query that did
        // not count there would go out on top of them
        CliResult r = run("check", "-f", file.toString(), "--rate-limit", "27/300s", "--max-wait", "1s", "-o", "json",
                "--concurrency", "1");
        assertThat(stubs.seen()).hasSize(27);
        assertThat(graphqlRequests()).hasSizeBetween(1, 2);
        assertThat(checks(r, "uploads").map(c -> c.path("message").asText()))
                .anyMatch(m -> m.startsWith("cannot check the upload history: reading the upload history of ")
                        && m.contains(": Cloudflare's request budget is spent and asks to wait ")
                        && m.endsWith(", longer than --max-wait 1s"));
        stubs.reset(); // the zone listing and field list stubbed for the fleet were refused by the budget too
    }

    @Test
    void aBudgetErrorInErrorsIsRetriedAfterTheWaitItNames() {
        stub("GET", CheckCommandTest.TOKEN_VERIFY).reply(200, CheckCommandTest.token("active", 365));
        stub("GET", JOBS).ok("[" + CheckCommandTest.healthyWithAllOffered() + "]");
        stub("GET", FIELDS).reply(200, CheckCommandTest.offered());
        stub("POST", GRAPHQL).reply(200, DEPLETED).reply(200, UploadsCheckTest.answer(UploadsCheckTest.group(
                Duration.ofMinutes(10), 200, 1, 1, 7, 700)));
        CliResult r = run("check", "--zone", ZONE_ID).assertExit(0);
        assertThat(r.out()).contains("✓ " + LINE + "7 uploads, 700 records delivered in 24 h\n");
        assertThat(announced(r)).containsExactly(RETRY_LINE);
        assertThat(stubs.calls("POST", GRAPHQL)).isEqualTo(2);
        verifyStubs();
    }

    @Test
    void aBudgetErrorThatLastsIsACannotCheckLineAfterThreeAttemptsAndTheOtherChecksStay() {
        stub("GET", CheckCommandTest.TOKEN_VERIFY).reply(200, CheckCommandTest.token("active", 365));
        stub("GET", JOBS).ok("[" + CheckCommandTest.healthyWithAllOffered() + "]");
        stub("GET", FIELDS).reply(200, CheckCommandTest.offered());
        stub("POST", GRAPHQL).reply(200, DEPLETED);
        CliResult r = run("check", "--zone", ZONE_ID).assertExit(0);
        assertThat(stubs.calls("POST", GRAPHQL)).isEqualTo(3);
        assertThat(announced(r)).containsExactly(RETRY_LINE, RETRY_LINE);
        assertThat(r.out()).contains("! " + LINE + "cannot check the upload history: reading the upload history of "
                        + "zone " + ZONE_ID + " failed: Cloudflare's GraphQL API said: rate limiter budget depleted, "
                        + "try again after 5 minutes\n  fix: Cloudflare allows 300 GraphQL queries per 5 minutes per "
                        + "token; run again in 5 minutes")
                .contains("✓ job 147 (sekoia-firewall-events, firewall_events) delivery: ");
        assertThat(r.err() + r.out()).doesNotContain("Exception").doesNotContain("\tat ");
        verifyStubs();
    }

    @Test
    void theBudgetVariableIsCheckedBeforeAnyRequest() {
        env.put("LOGPUSH_GRAPHQL_BUDGET", "lots");
        CliResult r = run("check", "--zone", ZONE_ID).assertExit(2);
        assertThat(r.err()).isEqualTo("logpush: error: LOGPUSH_GRAPHQL_BUDGET must read UNITS/SECONDS, such as "
                + "300/300s\nhint: unset it to use Cloudflare's GraphQL budget, 300 units per 300 s\n");
        assertThat(stubs.seen()).isEmpty();
    }

    @Test
    void theBudgetVariableSetsAnotherBudget() throws Exception {
        env.put("LOGPUSH_GRAPHQL_BUDGET", "20/60s");
        Path file = fleet(25);
        CliResult r = run("check", "-f", file.toString(), "--concurrency", "1").assertExit(0);
        assertThat(announced(r)).containsExactly("logpush: waiting 1m for Cloudflare's GraphQL budget (20 units per 1m; "
                + "Ctrl-C to stop)");
        assertThat(graphqlRequests()).hasSize(3);
    }
}
