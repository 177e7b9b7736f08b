package io.logpush.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import io.logpush.cli.Main;
import io.logpush.testing.CliResult;
import io.logpush.testing.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sandbox's POST /graphql (logpushHealthAdaptiveGroups), and check --window against it. */
class SandboxGraphqlTest {
    static final String JOB = "job 1 (sekoia-firewall-events, firewall_events) uploads: ";
    Sandbox sandbox;
    final Map<String, String> env = new HashMap<>();

    void start(int zones) throws Exception {
        start(Sandbox.Config.defaults().zones(zones));
    }

    void start(Sandbox.Config config) throws Exception {
        sandbox = Sandbox.start(config);
        env.putAll(SandboxTestIds.environment(sandbox));
    }

    @AfterEach
    void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    CliResult logpush(String... args) {
        CliResult r = CliResult.run(Main.Terminal.none(InputStream.nullInputStream()), env, args);
        assertThat(r.out() + r.err()).doesNotContain(sandbox.sekoiaKey()).doesNotContain(sandbox.token());
        return r;
    }

    JsonNode graphql(String query) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(sandbox.baseUrl() + "/graphql"))
                .POST(HttpRequest.BodyPublishers.ofString(Fixtures.MAPPER.createObjectNode().put("query", query)
                        .toString()))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + sandbox.token())
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GraphQL errors come with HTTP 200").isEqualTo(200);
        return Fixtures.json(r.body());
    }

    static String query(String scope) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return "{ viewer { " + scope + " { logpushHealthAdaptiveGroups(limit: 10000, filter: {datetime_geq: \""
                + now.minus(1, ChronoUnit.DAYS) + "\", datetime_lt: \"" + now.plusSeconds(60) + "\"}, orderBy: "
                + "[datetimeFiveMinutes_DESC]) { sum { uploads records } dimensions { datetimeFiveMinutes jobId "
                + "status success final } } } } }";
    }

    @Test
    void aZoneKeepsSevenDaysAndOneHourAndSaysSoInItsSettings() throws Exception {
        start(1);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String old = "{ viewer { zones(filter: {zoneTag: \"" + sandbox.zoneId() + "\"}) { logpushHealthAdaptiveGroups("
                + "limit: 10, filter: {datetime_geq: \"" + now.minus(8, ChronoUnit.DAYS) + "\", datetime_lt: \"" + now
                + "\"}) { sum { uploads } dimensions { jobId status } } } } }";
        JsonNode tooOld = graphql(old);
        assertThat(tooOld.get("data").isNull()).isTrue();
        assertThat(tooOld.at("/errors/0/message").asText()).isEqualTo("cannot request data older than 169h0m0s");
        JsonNode settings = graphql("{ viewer { zones(filter: {zoneTag: \"" + sandbox.zoneId() + "\"}) { settings { "
                + "logpushHealthAdaptiveGroups { maxDuration notOlderThan } } } } }");
        assertThat(settings.get("errors").isNull()).isTrue();
        assertThat(settings.at("/data/viewer/zones/0/settings/logpushHealthAdaptiveGroups").toString())
                .isEqualTo("{\"maxDuration\":604800,\"notOlderThan\":608400}");
        JsonNode account = graphql("{ viewer { accounts(filter: {accountTag: \"" + sandbox.accountId() + "\"}) { "
                + "settings { logpushHealthAdaptiveGroups { maxDuration notOlderThan } } } } }");
        assertThat(account.at("/data/viewer/accounts/0/settings/logpushHealthAdaptiveGroups/notOlderThan").asLong())
                .isEqualTo(2_595_600);
    }

    @Test
    void checkWithAWindowLongerThanTheZoneKeepsSaysItWasShortened() throws Exception {
        start(1);
        logpush("create", "--create-intake", "--intake-name", "WAF").assertExit(0);
        CliResult r = logpush("check", "--window", "10d");
        // a first read refused as too old, the zone's settings, a read from 7 d ago (a minute's margin: "6 d")
        assertThat(r.out()).containsPattern("(?m)^. " + JOB.replace("(", "\\(").replace(")", "\\)") + ".* in 6 d "
                + "\\(the window was shortened: Cloudflare keeps no more for this plan\\)$");
    }

    @Test
    void aJobDeliveringToASandboxIntakeHasSuccessfulUploads() throws Exception {
        start(1);
        logpush("create", "--create-intake", "--intake-name", "WAF").assertExit(0);
        CliResult ok = logpush("check", "--window", "24h");
        for (int i = 0; i < 50 && !ok.out().contains("✓ " + JOB); i++) {
            Thread.sleep(100);
            ok = logpush("check", "--window", "24h");
        }
        assertThat(ok.out()).containsPattern("✓ " + JOB.replace("(", "\\(").replace(")", "\\)")
                + "\\d+ uploads, [\\d,]+ records delivered in 24 h\n");
    }

    @Test
    void aJobWhoseIntakeRefusesIsFailingWithRecordsLost() throws Exception {
        start(1);
        logpush("create", "--dataset", "http_requests", "--create-intake", "--intake-name", "HTTP").assertExit(0);
        logpush("create", "--intake-key", "NoSuchIntakeKeyAbCdEfGhIjKlMnOpQ", "--force").assertExit(0);
        CliResult failing = logpush("check", "2", "--window", "24h").assertExit(1);
        assertThat(failing.out()).containsPattern("✗ " + JOB.replace("job 1", "job 2").replace("(", "\\(")
                        .replace(")", "\\)")
                        + "failing for \\d+ (s|min); Cloudflare disables a job after 24 h of failure \\(about 2\\d h "
                        + "left\\); [\\d,]+ records lost in 24 h \\(401 Unauthorized\\)\n")
                .contains("  fix: the intake key is refused: check it in Sekoia, then logpush update 2 --zone ");
    }

    @Test
    void answersTheZoneQueryWithErrorsInHttp200() throws Exception {
        start(11);
        List<String> zones = sandbox.zoneIds();
        JsonNode one = graphql(query("zones(filter: {zoneTag_in: [\"" + zones.get(0) + "\"]})"));
        assertThat(one.path("errors").isNull()).isTrue();
        assertThat(one.at("/data/viewer/zones/0/logpushHealthAdaptiveGroups").isArray()).isTrue();

        String eleven = zones.stream().map(z -> "\"" + z + "\"").collect(Collectors.joining(", "));
        JsonNode tooMany = graphql(query("zones(filter: {zoneTag_in: [" + eleven + "]})"));
        assertThat(tooMany.path("data").isNull()).isTrue();
        assertThat(tooMany.at("/errors/0/message").asText()).contains("cannot be more than 10");

        JsonNode foreign = graphql(query("zones(filter: {zoneTag_in: [\"" + "e".repeat(32) + "\"]})"));
        assertThat(foreign.at("/errors/0/message").asText()).isEqualTo("does not have access to the path");
        assertThat(foreign.at("/errors/0/path/2").asText()).isEqualTo("0");

        JsonNode unknown = graphql(query("zones(filter: {zoneTag_in: [\"" + zones.get(0) + "\"]})")
                .replace("records", "linesDelivered"));
        assertThat(unknown.at("/errors/0/message").asText()).isEqualTo("unknown field \"linesDelivered\"");

        JsonNode account = graphql(query("accounts(filter: {accountTag: \"" + sandbox.accountId() + "\"})"));
        assertThat(account.at("/data/viewer/accounts/0/logpushHealthAdaptiveGroups").isArray()).isTrue();
    }

    static String zones(List<String> ids) {
        return "zones(filter: {zoneTag_in: [" + ids.stream().map(z -> "\"" + z + "\"").collect(Collectors.joining(", "))
                + "]})";
    }

    @Test
    void graphqlCountsTheZonesOfEachQueryAgainstAQuarterOfTheRateLimitAndAnswersTheBudgetErrorPastIt()
            throws Exception {
        // 80 requests per 300 s: GraphQL allows 20 units (zones named) per 300 s, as Cloudflare's 300 against 1,200
        start(Sandbox.Config.defaults().zones(12).rateLimit(80, 300));
        List<String> zones = sandbox.zoneIds();
        assertThat(graphql(query(zones(zones.subList(0, 10)))).path("errors").isNull()).isTrue();
        assertThat(graphql(query(zones(zones.subList(0, 10)))).path("errors").isNull()).isTrue();
        JsonNode spent = graphql(query(zones(zones.subList(10, 11))));
        assertThat(spent.path("data").isNull()).isTrue();
        assertThat(spent.at("/errors/0/message").asText()).isEqualTo("rate limiter budget depleted, try again after "
                + "5 minutes");
        JsonNode account = graphql(query("accounts(filter: {accountTag: \"" + sandbox.accountId() + "\"})"));
        assertThat(account.at("/errors/0/message").asText()).startsWith("rate limiter budget depleted");
    }

    @Test
    void aShorterRateWindowShortensGraphqlsToo() throws Exception {
        start(Sandbox.Config.defaults().zones(1).rateLimit(40, 30));
        String one = zones(sandbox.zoneIds());
        for (int i = 0; i < 10; i++) {
            assertThat(graphql(query(one)).path("errors").isNull()).isTrue();
        }
        assertThat(graphql(query(one)).at("/errors/0/message").asText()).isEqualTo("rate limiter budget depleted, "
                + "try again after 30 seconds");
    }

    @Test
    void checkRetriesTheSandboxsBudgetErrorThenSaysWhichZonesItCouldNotCheck() throws Exception {
        start(Sandbox.Config.defaults().zones(12).graphqlBudget(10)); // the REST budget stays Cloudflare's
        env.put("LOGPUSH_GRAPHQL_VIRTUAL_CLOCK", "1"); // the client's waits take no time; the sandbox's window is real
        env.remove("SEKOIA_API_KEY"); // Cloudflare's side only
        env.put("KEY", "AbCdEfGhIjKlMnOpQrStUvWxYz012345");
        java.nio.file.Path file = java.nio.file.Files.createTempFile("fleet", ".yaml");
        java.nio.file.Files.writeString(file, "jobs:\n  - zones: all\n    dataset: firewall_events\n"
                + "    intake_key: ${KEY}\n");
        try {
            logpush("apply", "-f", file.toString()).assertExit(0);
            CliResult r = logpush("check", "-f", file.toString(), "-o", "json");
            r.assertExit(0);
            List<String> uploads = new java.util.ArrayList<>();
            for (JsonNode c : r.json().path("checks")) {
                if (c.path("check").asText().equals("uploads")) {
                    uploads.add(c.path("status").asText() + " " + c.path("message").asText());
                }
            }
            // 10 zones in the first query (10 units, the whole budget); the other 2 refused, asked 3 times
            assertThat(uploads).hasSize(12);
            assertThat(uploads.stream().filter(u -> u.startsWith("warning cannot check the upload history: reading "
                    + "the upload history of 2 zones failed: Cloudflare's GraphQL API said: rate limiter budget "
                    + "depleted, try again after 5 minutes"))).hasSize(2);
            assertThat(r.err()).contains("logpush: Cloudflare says its GraphQL budget is spent; retrying in 5m");
            assertThat(r.err()).doesNotContain("Exception");
        } finally {
            java.nio.file.Files.delete(file);
        }
    }
}
