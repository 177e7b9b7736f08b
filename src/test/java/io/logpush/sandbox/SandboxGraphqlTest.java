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
        sandbox = Sandbox.start(Sandbox.Config.defaults().zones(zones));
        env.put("CLOUDFLARE_BASE_URL", sandbox.baseUrl());
        env.put("CLOUDFLARE_API_TOKEN", sandbox.token());
        env.put("CLOUDFLARE_ZONE_ID", sandbox.zoneId());
        env.put("SEKOIA_API_URL", sandbox.sekoiaUrl());
        env.put("SEKOIA_API_KEY", sandbox.sekoiaKey());
        env.put("LOGPUSH_RETRY_BASE_MS", "5");
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
}
