package io.logpush.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.logpush.sekoia.Catalog;
import io.logpush.testing.HttpStubs;
import io.logpush.testing.CliResult;
import io.logpush.testing.Fixtures;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** check's Sekoia side (issue 14): intake, format, arrival, parsing and dates, with MockWebServer as both APIs. */
class SekoiaCheckTest extends ApiTest {
    static final String SEKOIA_KEY = "sekoiaApiKey-S3cret-0123456789abcdefXYZ";
    static final String INTAKES = "/sekoia/v1/sic/conf/intakes";
    static final String BY_STATUS = "/sekoia/v1/telemetry/events-by-status/counters";
    static final String ISSUES = "/sekoia/v1/telemetry/parsing-issues/counters";
    static final String LAG = "/sekoia/v1/telemetry/intakes/counters";
    static final String WAF_FORMAT = "16676d72-463e-4b8a-b13a-f8dd48cddc8c";
    static final String HTTP_FORMAT = "0ba58f32-7dba-4084-ab17-90c0be6b1f10";

    @BeforeEach
    void sekoiaEnv() {
        env.put("SEKOIA_API_KEY", SEKOIA_KEY);
        env.put("SEKOIA_API_URL", server.url("/sekoia").toString());
    }

    static String minutesAgo(long m) {
        return Instant.now().minus(m, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** A healthy firewall_events job sending every field its parser reads. */
    static String healthyJob(Object... more) {
        Catalog.Dataset ds = Catalog.get().dataset("firewall_events").orElseThrow();
        return Fixtures.with(job("last_complete", minutesAgo(5), "logpull_options", null, "output_options",
                json("{\"field_names\":" + MAPPER.valueToTree(ds.fields()) + ",\"timestamp_format\":\"unixnano\"}")),
                more);
    }

    static String intake(String formatUuid) {
        return """
                {"uuid":"7c5a1c4e-0000-4000-8000-000000000001","name":"Cloudflare WAF","community_uuid":"c1",
                 "entity_uuid":"e1","entity":{"uuid":"e1","name":"Main entity"},"format_uuid":"%s",
                 "intake_key":"%s","status":"RUNNING","created_at":"2026-01-01T00:00:00Z","is_custom_format":false,
                 "some_new_property":{"x":1}}""".formatted(formatUuid, INTAKE_KEY);
    }

    static String page(String... items) {
        return "{\"items\":[" + String.join(",", items) + "],\"total\":" + items.length + "}";
    }

    void cloudflareSide(String job) {
        stub("GET", "/user/tokens/verify").reply(200, ok("{\"status\":\"active\",\"expires_on\":null}"));
        stub("GET", JOBS).ok("[" + job + "]");
        ObjectNode offered = MAPPER.createObjectNode();
        Catalog.get().dataset("firewall_events").orElseThrow().fields().forEach(f -> offered.put(f, "string; x"));
        stub("GET", FIELDS).ok(offered.toString());
    }

    void sekoiaSide(String intake, long events, long invalid, double lag) {
        stub("GET", "/sekoia/v1/me").reply(200, "{\"uuid\":\"u1\",\"name\":\"ci\"}");
        stub("GET", INTAKES).reply(200, intake == null ? page() : page(intake));
        if (intake != null) {
            byStatus(events, events - invalid, invalid);
            if (events > invalid) {
                stub("POST", LAG).reply(200, "{\"total\":" + events + ",\"average_lag\":" + lag + ",\"max_lag\":"
                        + lag + "}");
            }
        }
    }

    void byStatus(long total, long valid, long invalid) {
        stub("POST", BY_STATUS).reply(200, "{\"total\":" + total + ",\"valid_events_occurrences\":" + valid
                + ",\"warning_events_occurences\":0,\"invalid_events_occurrences\":" + invalid + "}");
    }

    CliResult check(String... extra) {
        String[] args = new String[3 + extra.length];
        args[0] = "check";
        args[1] = "--zone";
        args[2] = ZONE_ID;
        System.arraycopy(extra, 0, args, 3, extra.length);
        CliResult r = run(args);
        assertThat(r.out() + r.err()).doesNotContain(SEKOIA_KEY).doesNotContain(SEKOIA_KEY.substring(4, 20));
        assertNoIntakeKey(r);
        return r;
    }

    @Test
    void aHealthyPipeIsGreenOnBothSides() {
        cloudflareSide(healthyJob());
        sekoiaSide(intake(WAF_FORMAT), 12_345, 1, 42);
        CliResult r = check().assertExit(0);
        String who = "job 147 (sekoia-firewall-events, firewall_events)";
        assertThat(r.out()).contains("✓ sekoia: the Sekoia API key is accepted\n")
                .contains("✓ " + who + " Sekoia intake: intake 'Cloudflare WAF' of entity Main entity, running\n")
                .contains("✓ " + who + " Sekoia format: Cloudflare WAF events, the parser for firewall_events\n")
                .contains("✓ " + who + " arrival: 12,344 events in 24 h\n")
                .contains("✓ " + who + " parsing: 12,344 of 12,345 events parsed\n")
                .contains("✓ " + who + " dates: average lag 42s, events dated right\n");
        assertThat(stubs.seen()).contains("GET " + INTAKES + "?limit=100&offset=0").noneMatch(s -> s.contains(INTAKE_KEY));
        JsonNode telemetry = body(takeRequest("POST", "/sekoia/"));
        assertThat(telemetry.at("/filters/intake_uuid/0").asText()).isEqualTo("7c5a1c4e-0000-4000-8000-000000000001");
        assertThat(Instant.parse(telemetry.get("latest").asText())).isAfter(Instant.parse(telemetry.get("earliest")
                .asText()));
    }

    @Test
    void jsonSaysWhereEachCheckComesFrom() {
        cloudflareSide(healthyJob());
        sekoiaSide(intake(WAF_FORMAT), 10, 0, 30);
        JsonNode report = check("-o", "json").assertExit(0).json();
        List<String> sources = report.get("checks").findValuesAsText("source");
        assertThat(sources).contains("cloudflare", "sekoia");
        assertThat(report.get("checks").findValuesAsText("check")).contains("sekoia_intake", "sekoia_format",
                "sekoia_arrival", "sekoia_parsing", "sekoia_dates");
    }

    @Test
    void anIntakeOfAnotherFormatIsCaught() {
        cloudflareSide(healthyJob());
        sekoiaSide(intake(HTTP_FORMAT), 10, 0, 30);
        CliResult r = check().assertExit(1);
        assertThat(r.out()).contains("✗ job 147 (sekoia-firewall-events, firewall_events) Sekoia format: job 147 sends "
                + "firewall_events to intake 'Cloudflare WAF' whose format is Cloudflare HTTP requests (http_requests): "
                + "events are parsed by the wrong parser\n  fix: send it to an intake of format Cloudflare WAF events: 'logpush update "
                + "147 --zone " + ZONE_ID + " --create-intake' finds or makes one");
    }

    @Test
    void aDeletedIntakeIsCaught() {
        cloudflareSide(healthyJob());
        sekoiaSide(null, 0, 0, 0);
        CliResult r = check().assertExit(1);
        assertThat(r.out()).contains("✗ job 147 (sekoia-firewall-events, firewall_events) Sekoia intake: no Sekoia "
                + "intake has this key (deleted, or in another region or community)\n  fix: logpush update 147 --zone "
                + ZONE_ID + " --create-intake (or --intake-key-file FILE with an intake's key)");
    }

    @Test
    void epochDatedEventsAreCaughtWithTheTimestampFix() {
        cloudflareSide(healthyJob());
        sekoiaSide(intake(WAF_FORMAT), 500, 0, 1.7e9);
        CliResult r = check().assertExit(1);
        assertThat(r.out()).contains("✗ job 147 (sekoia-firewall-events, firewall_events) dates: events are dated at the "
                + "epoch (1970)").contains("fix: logpush update 147 --zone " + ZONE_ID + " --timestamps unixnano");
    }

    @Test
    void deliveredButNotReceivedIsAFailureAndNotYetDeliveredAWarning() {
        cloudflareSide(healthyJob());
        sekoiaSide(intake(WAF_FORMAT), 0, 0, 0);
        assertThat(check().assertExit(1).out()).contains("arrival: 0 events in 24 h while Cloudflare reports a batch "
                + "delivered 5 min ago: delivered but not received");
    }

    @Test
    void manyInvalidEventsAreAWarningWithTheTopIssues() {
        cloudflareSide(healthyJob());
        sekoiaSide(intake(WAF_FORMAT), 1000, 200, 30);
        stub("POST", ISSUES).reply(200, """
                {"total":200,"groups":[{"total":150,"filter":{"attribute":"message","value":"field Datetime missing"}},
                 {"total":40,"filter":{"attribute":"message","value":"bad json"}},
                 {"total":7,"filter":{"attribute":"message","value":"too long"}},
                 {"total":3,"filter":{"attribute":"message","value":"rare"}}]}""");
        CliResult r = check("--strict").assertExit(1);
        assertThat(r.out()).contains("! job 147 (sekoia-firewall-events, firewall_events) parsing: 200 of 1,000 events "
                + "(20.0 %) are invalid; most frequent: 'field Datetime missing' (150), 'bad json' (40), 'too long' (7)\n");
    }

    @Test
    void aFewInvalidEventsFromCloudflaresTestUploadsAreNoAlarm() {
        cloudflareSide(healthyJob());
        sekoiaSide(intake(WAF_FORMAT), 100, 3, 30);
        assertThat(check("--strict").assertExit(0).out()).contains("parsing: 97 of 100 events parsed");
    }

    @Test
    void aForbiddenTelemetryIsCannotCheckAndTheOtherChecksStillRun() {
        cloudflareSide(healthyJob());
        stub("GET", "/sekoia/v1/me").reply(200, "{}");
        stub("GET", INTAKES).reply(200, page(intake(WAF_FORMAT)));
        stub("POST", BY_STATUS).reply(403, "{\"message\":\"Forbidden\"}");
        CliResult r = check().assertExit(0);
        assertThat(r.out()).contains("✓ job 147 (sekoia-firewall-events, firewall_events) Sekoia format")
                .contains("! job 147 (sekoia-firewall-events, firewall_events) arrival: cannot check: counting the "
                        + "events of intake 7c5a1c4e-0000-4000-8000-000000000001 by parsing status failed: Sekoia answered HTTP 403 "
                        + "(Forbidden)\n  fix: give the Sekoia API key the permission to read telemetry");
    }

    @Test
    void countersMissingFromSekoiasAnswerAreNotZeroEvents() {
        cloudflareSide(healthyJob());
        stub("GET", "/sekoia/v1/me").reply(200, "{}");
        stub("GET", INTAKES).reply(200, page(intake(WAF_FORMAT)));
        stub("POST", BY_STATUS).reply(200, "{\"total\":120}");
        CliResult r = check();
        String said = "counting the events of intake 7c5a1c4e-0000-4000-8000-000000000001 by parsing status failed: "
                + "Sekoia's answer has no valid_events_occurrences count";
        // not "0 events … delivered but not received": a count missing is not a count of zero
        assertThat(r.out()).contains("! job 147 (sekoia-firewall-events, firewall_events) arrival: cannot check: "
                + said + "\n  fix: Sekoia's telemetry answer is not what logpush expects")
                .contains("✗ reconcile (intake 'Cloudflare WAF', job 147): cannot reconcile: " + said)
                .doesNotContain("delivered but not received");
        assertThat(r.err()).doesNotContain("Exception");
        r.assertExit(1);
    }

    @Test
    void aRefusedKeyOrAnUnreachableOrHangingSekoiaIsAFailedCheck() {
        cloudflareSide(healthyJob());
        stub("GET", "/sekoia/v1/me").reply(401, "{\"message\":\"Invalid token\"}");
        CliResult r = check().assertExit(1);
        assertThat(r.out()).contains("✗ sekoia: cannot check the Sekoia side: checking the Sekoia API key failed: Sekoia "
                + "answered HTTP 401 (Invalid token)\n  fix: the Sekoia API key is missing, invalid or expired")
                .contains("✓ job 147 (sekoia-firewall-events, firewall_events) timestamps");
        assertThat(check("-o", "json").assertExit(1).json().at("/summary/failure").asInt()).isEqualTo(1);

        stubs.reset();
        cloudflareSide(healthyJob());
        stub("GET", "/sekoia/v1/me").reply(403, "{\"message\":\"Forbidden\"}");
        assertThat(check().assertExit(1).out()).contains("✗ sekoia: cannot check the Sekoia side: checking the Sekoia "
                + "API key failed: Sekoia answered HTTP 403");

        stubs.reset();
        cloudflareSide(healthyJob());
        HttpStubs.Stub me = stub("GET", "/sekoia/v1/me");
        for (int i = 0; i < 3; i++) {
            me.reply(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
        }
        assertThat(check("--timeout", "1").assertExit(1).out()).contains("✗ sekoia: cannot check the Sekoia side: "
                + "checking the Sekoia API key failed: timed out");

        stubs.reset();
        cloudflareSide(healthyJob());
        env.put("SEKOIA_API_URL", "http://127.0.0.1:1/api");
        CliResult down = check().assertExit(1);
        assertThat(down.out()).contains("✗ sekoia: cannot check the Sekoia side: checking the Sekoia API key failed: "
                + "connection refused");
    }

    @Test
    void aNewJobsTestUploadIsNeitherAnArrivalNorParsed() {
        cloudflareSide(job("last_complete", null, "logpull_options", null, "output_options", json("{\"field_names\":" + MAPPER.valueToTree(
                Catalog.get().dataset("firewall_events").orElseThrow().fields()) + ",\"timestamp_format\":\"unixnano\"}"
        )));
        sekoiaSide(intake(WAF_FORMAT), 1, 1, 0);
        CliResult r = check().assertExit(0);
        assertThat(r.out()).contains("! job 147 (sekoia-firewall-events, firewall_events) arrival: 0 events in 24 h "
                + "(besides 1 Cloudflare test upload); the job has not delivered yet\n")
                .doesNotContain("✓ job 147 (sekoia-firewall-events, firewall_events) arrival")
                .doesNotContain("parsing:");
    }

    @Test
    void noEventParsedIsNeverOk() {
        cloudflareSide(healthyJob());
        sekoiaSide(intake(WAF_FORMAT), 40, 40, 0);
        stub("POST", ISSUES).reply(200, """
                {"total":40,"groups":[{"total":40,"filter":{"attribute":"message","value":"field Datetime missing"}}]}""");
        CliResult r = check().assertExit(1);
        assertThat(r.out()).contains("! job 147 (sekoia-firewall-events, firewall_events) arrival: no event parsed in "
                        + "24 h: the 40 received are invalid (see parsing)\n")
                .contains("✗ job 147 (sekoia-firewall-events, firewall_events) parsing: 0 of 40 events parsed; most "
                        + "frequent: 'field Datetime missing' (40)\n");

        stubs.reset();
        cloudflareSide(healthyJob());
        sekoiaSide(intake(WAF_FORMAT), 1, 1, 0);
        stub("POST", ISSUES).reply(200, "{\"total\":1,\"groups\":[]}");
        assertThat(check().assertExit(1).out()).contains("✗ job 147 (sekoia-firewall-events, firewall_events) "
                + "parsing: 0 of 1 events parsed\n");
    }

    @Test
    void withoutAKeyCheckSaysWhatAKeyWouldAdd() {
        env.remove("SEKOIA_API_KEY");
        env.put("SEKOIA_API_KEY", null);
        cloudflareSide(healthyJob());
        CliResult r = check().assertExit(0);
        assertThat(r.err()).isEqualTo("(set SEKOIA_API_KEY to also check the Sekoia side: the intake behind each key, "
                + "its format, whether events arrive, parse and are dated right)\n");
        assertThat(stubs.seen()).noneMatch(s -> s.contains("/sekoia/"));
    }

    @Test
    void theKeysStayOutOfTheVerboseLog() {
        cloudflareSide(healthyJob());
        sekoiaSide(intake(WAF_FORMAT), 10, 0, 30);
        CliResult r = check("-v").assertExit(0);
        assertThat(r.err()).contains("* GET http://").contains("/sekoia/v1/sic/conf/intakes?limit=100&offset=0");
    }
}
