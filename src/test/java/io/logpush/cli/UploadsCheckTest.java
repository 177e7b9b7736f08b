package io.logpush.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;

import io.logpush.testing.CliResult;
import io.logpush.testing.Fixtures;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** check --window: the uploads check from Cloudflare's GraphQL upload history (issue 22, section 1). */
class UploadsCheckTest extends ApiTest {
    static final String GRAPHQL = "/graphql";
    static final String LINE = "job 147 (sekoia-firewall-events, firewall_events) uploads: ";

    /** A group of upload attempts of job 147, {@code ago} before now. */
    static String group(Duration ago, int status, int success, int last, long uploads, long records) {
        return group(147, ago, status, success, last, uploads, records);
    }

    static String group(long job, Duration ago, int status, int success, int last, long uploads, long records) {
        return """
                {"sum":{"uploads":%d,"records":%d},"dimensions":{"datetimeFiveMinutes":"%s","jobId":%d,"status":%d,\
                "success":%d,"final":%d}}""".formatted(uploads, records,
                Instant.now().minus(ago).truncatedTo(ChronoUnit.SECONDS), job, status, success, last);
    }

    static String answer(String... groups) {
        return "{\"data\":{\"viewer\":{\"zones\":[{\"logpushHealthAdaptiveGroups\":[" + String.join(",", groups)
                + "]}]}},\"errors\":null}";
    }

    static final Duration RECENT = Duration.ofMinutes(10);
    static final Duration EARLIER = Duration.ofHours(8);

    void healthyZone() {
        stub("GET", CheckCommandTest.TOKEN_VERIFY).reply(200, CheckCommandTest.token("active", 365));
        stub("GET", JOBS).ok("[" + CheckCommandTest.healthyWithAllOffered() + "]");
        stub("GET", FIELDS).reply(200, CheckCommandTest.offered());
    }

    CliResult check(String body, int exit) {
        healthyZone();
        stub("POST", GRAPHQL).reply(200, body);
        return run("check", "--zone", ZONE_ID, "--window", "24h").assertExit(exit);
    }

    @Test
    void everyUploadSucceededIsOkAndTheQueryIsAtTheZonesScope() {
        CliResult r = check(answer(group(RECENT, 200, 1, 1, 100, 15_000), group(EARLIER, 200, 1, 1, 200, 30_000),
                group(151, RECENT, 500, 0, 1, 9, 900)), 0);
        assertThat(r.out()).contains("✓ " + LINE + "300 uploads, 45,000 records delivered in 24 h\n");
        RecordedRequest post = takeRequest("POST");
        assertThat(target(post)).isEqualTo(GRAPHQL);
        JsonNode body = body(post);
        String query = body.get("query").asText();
        assertThat(query).startsWith("{ viewer { zones(filter: {zoneTag_in: [\"" + ZONE_ID + "\"]}) { "
                        + "logpushHealthAdaptiveGroups(limit: 10000, filter: {datetime_geq: \"")
                .contains("sum { uploads records } dimensions { datetimeFiveMinutes jobId status success final }");
        Instant from = Instant.parse(query.replaceFirst(".*datetime_geq: \"([^\"]+)\".*", "$1"));
        Instant to = Instant.parse(query.replaceFirst(".*datetime_lt: \"([^\"]+)\".*", "$1"));
        assertThat(Duration.between(from, to)).isEqualTo(Duration.ofHours(24));
        assertThat(body.get("variables").isObject()).isTrue();
    }

    @Test
    void anAccountJobIsReadAtTheAccountsScope() {
        String account = "/accounts/" + ACCOUNT_ID;
        stub("GET", CheckCommandTest.TOKEN_VERIFY).reply(200, CheckCommandTest.token("active", 365));
        stub("GET", account + "/logpush/jobs").ok("[" + CheckCommandTest.healthyWithAllOffered() + "]");
        stub("GET", account + "/logpush/datasets/firewall_events/fields").reply(200, CheckCommandTest.offered());
        stub("GET", AlertsCommandTest.POLICIES).ok("[" + AlertsCommandTest.OURS + "]");
        stub("POST", GRAPHQL).reply(200, answer(group(RECENT, 200, 1, 1, 7, 700)).replace("\"zones\"",
                "\"accounts\""));
        CliResult r = run("check", "--account", ACCOUNT_ID).assertExit(0);
        assertThat(r.out()).contains("✓ " + LINE + "7 uploads, 700 records delivered in 24 h\n");
        assertThat(body(takeRequest("POST")).get("query").asText()).startsWith("{ viewer { accounts(filter: "
                + "{accountTag: \"" + ACCOUNT_ID + "\"}) { logpushHealthAdaptiveGroups(limit: 10000, ");
    }

    @Test
    void aWindowLongerThanThePlanKeepsIsShortenedToItsSettingsAndSaysSo() {
        healthyZone();
        stub("POST", GRAPHQL).reply(200, "{\"data\":null,\"errors\":[{\"message\":\"cannot request data older "
                        + "than 25h0m0s\"}]}")
                .reply(200, "{\"data\":{\"viewer\":{\"zones\":[{\"settings\":{\"logpushHealthAdaptiveGroups\":"
                        + "{\"maxDuration\":86400,\"notOlderThan\":90000}}}]}},\"errors\":null}")
                .reply(200, answer(group(RECENT, 200, 1, 1, 4, 40)));
        CliResult r = run("check", "--zone", ZONE_ID, "--window", "48h").assertExit(0);
        assertThat(r.out()).contains("✓ " + LINE + "4 uploads, 40 records delivered in 23 h (the window was "
                + "shortened: Cloudflare keeps no more for this plan)\n");
        assertThat(window(takeRequest("POST"))).isEqualTo(Duration.ofHours(48));
        assertThat(body(takeRequest("POST")).get("query").asText()).isEqualTo("{ viewer { zones(filter: {zoneTag_in: "
                + "[\"" + ZONE_ID + "\"]}) { settings { logpushHealthAdaptiveGroups { maxDuration notOlderThan } } } } }");
        assertThat(window(takeRequest("POST"))).isBetween(Duration.ofHours(23), Duration.ofHours(24));
    }

    @Test
    void aWindowTooLongWithoutReadableSettingsIsAWarningWithTheHint() {
        healthyZone();
        stub("POST", GRAPHQL).reply(200, "{\"data\":null,\"errors\":[{\"message\":\"cannot request data older "
                        + "than 25h0m0s\"}]}")
                .reply(200, "{\"data\":null,\"errors\":[{\"message\":\"unknown field \\\"settings\\\"\"}]}");
        CliResult r = run("check", "--zone", ZONE_ID, "--window", "48h").assertExit(0);
        assertThat(r.out()).contains("! " + LINE + "cannot check the upload history: reading the upload history of "
                + "zone " + ZONE_ID + " failed: Cloudflare's GraphQL API said: cannot request data older than 25h0m0s\n"
                + "  fix: the plan keeps less history: use a shorter --window");
    }

    @Test
    void aFullPageIsSplitByTimeAndBothHalvesAreRead() {
        healthyZone();
        String full = answer(IntStream.range(0, 10_000).mapToObj(i -> group(RECENT, 200, 1, 1, 1, 1))
                .toArray(String[]::new));
        stub("POST", GRAPHQL).reply(200, full)
                .reply(200, answer(group(RECENT, 200, 1, 1, 30, 300)))
                .reply(200, answer(group(Duration.ofHours(20), 200, 1, 1, 12, 120)));
        CliResult r = run("check", "--zone", ZONE_ID).assertExit(0);
        assertThat(r.out()).contains("✓ " + LINE + "42 uploads, 420 records delivered in 24 h\n");
        assertThat(window(takeRequest("POST"))).isEqualTo(Duration.ofHours(24));
        RecordedRequest newer = takeRequest("POST");
        RecordedRequest older = takeRequest("POST");
        assertThat(window(newer).plus(window(older))).isEqualTo(Duration.ofHours(24));
        assertThat(window(newer)).isBetween(Duration.ofHours(11), Duration.ofHours(13));
    }

    @Test
    void fewFailedAttemptsAllRetriedAreInfo() {
        CliResult r = check(answer(group(RECENT, 200, 1, 1, 1000, 50_000), group(EARLIER, 503, 0, 0, 5, 250)), 0);
        assertThat(r.out()).contains("i " + LINE + "1,005 uploads, 50,000 records delivered in 24 h; 5 failed "
                + "attempts (under 1 %) were retried successfully\n");
    }

    @Test
    void noUploadsIsInfo() {
        CliResult r = check(answer(), 0);
        assertThat(r.out()).contains("i " + LINE + "no uploads in 24 h\n");
    }

    @Test
    void manyRetriedFailuresWarnWithTheirCausesAndCounts() {
        CliResult r = check(answer(group(RECENT, 200, 1, 1, 100, 10_000), group(EARLIER, 1105, 0, 0, 10, 1000),
                group(EARLIER.plusHours(1), 503, 0, 0, 5, 500)), 0);
        assertThat(r.out()).contains("! " + LINE + "15 of 115 uploads failed in 24 h and were retried (1105 DNS "
                + "resolution failed: 10; 503 Service Unavailable: 5); 10,000 records delivered\n"
                + "  fix: the intake host does not resolve: check the job's destination (logpush get 147 --zone "
                + ZONE_ID + ")");
        run("check", "--zone", ZONE_ID, "--window", "24h", "--strict").assertExit(1);
    }

    @Test
    void droppedBatchesAreRecordsLostWithTheFix() {
        CliResult r = check(answer(group(RECENT, 200, 1, 1, 100, 10_000), group(EARLIER, 413, 0, 0, 6, 2345),
                group(EARLIER, 413, 0, 1, 2, 2345)), 1);
        assertThat(r.out()).contains("✗ " + LINE + "2,345 records lost in 24 h (413 Payload Too Large)\n"
                + "  fix: send smaller batches: logpush update 147 --zone " + ZONE_ID + " --max-upload-bytes 5000000");
    }

    @Test
    void thePrometheusReportCarriesTheNumbersBehindTheUploadsCheckAndLints() {
        healthyZone();
        stub("POST", GRAPHQL).reply(200, answer(group(RECENT, 200, 1, 1, 100, 10_000),
                group(EARLIER, 413, 0, 0, 6, 2345), group(EARLIER, 413, 0, 1, 2, 2345)));
        CliResult r = run("check", "--zone", ZONE_ID, "-o", "prometheus").assertExit(1);
        String labels = CheckPrometheusTest.LABELS;
        assertThat(r.out()).contains("logpush_check_status{check=\"uploads\"," + labels + "} 3\n")
                .contains("\nlogpush_check_uploads{" + labels + "} 108\n")
                .contains("\nlogpush_check_uploads_failed{" + labels + "} 8\n")
                .contains("\nlogpush_check_records_delivered{" + labels + "} 10000\n")
                .contains("\nlogpush_check_records_lost{" + labels + "} 2345\n");
        CheckPrometheusTest.assertLints(r.out());
    }

    @Test
    void failingNowLeadsTheLineWithTheTimeLeftBeforeTheDisable() {
        List<String> groups = new ArrayList<>();
        groups.add(group(Duration.ofHours(6), 200, 1, 1, 50, 5000));
        for (int h = 5; h >= 0; h--) {
            groups.add(group(Duration.ofHours(h).plusMinutes(h == 0 ? 5 : 0), 401, 0, 0, 12, 1200));
        }
        groups.add(group(Duration.ofHours(4), 401, 0, 1, 3, 500));
        CliResult r = check(answer(groups.toArray(String[]::new)), 1);
        assertThat(r.out()).contains("✗ " + LINE + "failing for 5 h; Cloudflare disables a job after 24 h of "
                + "failure (about 19 h left); 500 records lost in 24 h (401 Unauthorized)\n"
                + "  fix: the intake key is refused: check it in Sekoia, then logpush update 147 --zone " + ZONE_ID
                + " --intake-key-file FILE");
    }

    @Test
    void failingWithoutALossYetIsAFailureNamingTheStatuses() {
        CliResult r = check(answer(group(Duration.ofHours(3), 200, 1, 1, 50, 5000),
                group(Duration.ofMinutes(90), 1102, 0, 0, 20, 2000), group(RECENT, 1102, 0, 0, 4, 400)), 1);
        assertThat(r.out()).contains("✗ " + LINE + "failing for 90 min; Cloudflare disables a job after 24 h of "
                + "failure (about 22 h left); failed uploads: 1102 connection timeout: 24\n");
    }

    @Test
    void aMissingPermissionInErrorsWithHttp200IsAWarningNamingAccountAnalyticsRead() {
        CliResult r = check("{\"data\":null,\"errors\":[{\"message\":\"does not have access to the path\","
                + "\"path\":[\"viewer\",\"zones\",\"0\",\"logpushHealthAdaptiveGroups\"],\"extensions\":{}}]}", 0);
        assertThat(r.out()).contains("! " + LINE + "cannot check the upload history: the token cannot read "
                + "Cloudflare's GraphQL Analytics (needs Account Analytics Read)\n"
                + "  fix: add 'Account Analytics Read' to the token to check uploads between runs");
        assertThat(r.out()).contains("delivery");
    }

    @Test
    void aRefusalWithHttp403IsTheSameWarning() {
        healthyZone();
        stub("POST", GRAPHQL).reply(403, error(10000, "Authentication error"));
        CliResult r = run("check", "--zone", ZONE_ID, "--window", "24h").assertExit(0);
        assertThat(r.out()).contains("! " + LINE + "cannot check the upload history: the token cannot read "
                + "Cloudflare's GraphQL Analytics (needs Account Analytics Read)");
    }

    @Test
    void aBudgetErrorAndAnUnknownFieldAreClearLinesNotStackTraces() {
        env.put("LOGPUSH_GRAPHQL_VIRTUAL_CLOCK", "1"); // the budget error is retried after 5 minutes (GraphqlBudgetTest)
        CliResult budget = check("{\"data\":null,\"errors\":[{\"message\":\"rate limiter budget depleted, try "
                + "again after 5 minutes\",\"extensions\":{\"code\":\"budget\"}}]}", 0);
        assertThat(budget.out()).contains("! " + LINE + "cannot check the upload history: reading the upload history "
                + "of zone " + ZONE_ID + " failed: Cloudflare's GraphQL API said: rate limiter budget depleted, try "
                + "again after 5 minutes\n  fix: Cloudflare allows 300 GraphQL queries per 5 minutes per token; "
                + "run again in 5 minutes");
        verifyStubs();
        stubs.reset();
        CliResult unknown = check("{\"data\":null,\"errors\":[{\"message\":\"unknown field \\\"records\\\"\"}]}", 0);
        assertThat(unknown.out()).contains("! " + LINE + "cannot check the upload history: ")
                .contains("said: unknown field \"records\"\n  fix: Cloudflare's schema differs from what logpush "
                        + "expects (an unverified fact)");
        assertThat(budget.err() + unknown.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void aTruncatedOrMalformedAnswerIsAClearLineAndTheOtherChecksStay() {
        CliResult cut = check("{\"data\":{\"viewer\":{\"zones\":[{\"logpushHealthAdaptiveGroups\":[{\"sum\":", 0);
        assertThat(cut.out()).contains("! " + LINE + "cannot check the upload history: reading the upload history of "
                + "zone " + ZONE_ID + " failed: Cloudflare's GraphQL answer (HTTP 200) is not a JSON object "
                + "(malformed or cut short)").contains(" delivery: ");
        verifyStubs();
        stubs.reset();
        CliResult shape = check("{\"data\":{\"viewer\":{\"zones\":[{\"logpushHealthAdaptiveGroups\":[{\"sum\":{},"
                + "\"dimensions\":{\"jobId\":147}}]}]}}}", 0);
        assertThat(shape.out()).contains("! " + LINE + "cannot check the upload history: reading the upload history "
                + "of zone " + ZONE_ID + " failed: Cloudflare's GraphQL answer is not what logpush expects (a group "
                + "without dimensions.jobId, dimensions.status or sum.uploads)");
        assertThat(cut.err() + shape.err()).doesNotContain("Exception");
    }

    @Test
    void theWindowIs24hByDefaultAndWindowChangesIt() {
        healthyZone();
        stub("POST", GRAPHQL).reply(200, answer()).reply(200, answer());
        assertThat(run("check", "--zone", ZONE_ID).assertExit(0).out()).contains("i " + LINE + "no uploads in 24 h\n");
        assertThat(window(takeRequest("POST"))).isEqualTo(Duration.ofHours(24));
        assertThat(run("check", "--zone", ZONE_ID, "--window", "6h").assertExit(0).out())
                .contains("i " + LINE + "no uploads in 6 h\n");
        assertThat(window(takeRequest("POST"))).isEqualTo(Duration.ofHours(6));
    }

    static Duration window(RecordedRequest post) {
        String query = body(post).get("query").asText();
        return Duration.between(Instant.parse(query.replaceFirst(".*datetime_geq: \"([^\"]+)\".*", "$1")),
                Instant.parse(query.replaceFirst(".*datetime_lt: \"([^\"]+)\".*", "$1")));
    }

    @Test
    void aFleetOf25ZonesTakesThreeGraphqlRequestsOfAtMost10Zones(@TempDir Path dir) throws Exception {
        List<String> zones = IntStream.range(0, 25).mapToObj(i -> String.format("%032x", 0xabc000L + i)).toList();
        Path file = dir.resolve("jobs.yaml");
        Files.writeString(file, "jobs:\n  - zones: [" + String.join(", ", zones) + "]\n    dataset: firewall_events\n"
                + "    intake_key: " + INTAKE_KEY + "\n");
        stub("GET", CheckCommandTest.TOKEN_VERIFY).reply(200, CheckCommandTest.token("active", 365));
        for (int i = 0; i < zones.size(); i++) {
            String z = zones.get(i);
            stub("GET", "/zones/" + z + "/logpush/jobs").ok("[" + Fixtures.with(
                    CheckCommandTest.healthyWithAllOffered(), "id", 1000 + i) + "]");
        }
        stub("GET", "/zones").reply(200, "{\"success\":true,\"errors\":[],\"result\":["
                + zones.stream().map(z -> "{\"id\":\"" + z + "\",\"name\":\"z" + z.substring(26) + ".example\","
                        + "\"plan\":{\"legacy_id\":\"free\",\"name\":\"Free Website\"}}")
                        .collect(Collectors.joining(",")) + "],\"result_info\":{\"page\":1,\"per_page\":50,"
                + "\"count\":25,\"total_count\":25,\"total_pages\":1}}");
        stub("GET", "/zones/" + zones.get(0) + "/logpush/datasets/firewall_events/fields")
                .reply(200, CheckCommandTest.offered());
        var graphql = stub("POST", GRAPHQL);
        for (int b = 0; b < 3; b++) {
            graphql.reply(200, answer(IntStream.range(b * 10, Math.min(25, b * 10 + 10))
                    .mapToObj(i -> group(1000 + i, RECENT, 200, 1, 1, 10, 100)).toArray(String[]::new)));
        }
        CliResult r = run("check", "-f", file.toString(), "--window", "24h", "-o", "json",
                "--concurrency", "1").assertExit(0);
        assertThat(stubs.calls("POST", GRAPHQL)).isEqualTo(3);
        List<String> queries = new ArrayList<>();
        for (RecordedRequest req : requests()) {
            if (req.getMethod().equals("POST")) {
                queries.add(body(req).get("query").asText());
            }
        }
        assertThat(queries).hasSize(3);
        List<Integer> sizes = queries.stream().map(q -> q.replaceFirst(".*zoneTag_in: \\[([^\\]]*)].*", "$1")
                .split(",").length).sorted().collect(Collectors.toList());
        assertThat(sizes).containsExactly(5, 10, 10);
        long ok = 0;
        for (JsonNode c : r.json().path("checks")) {
            if ("uploads".equals(c.path("check").asText()) && "ok".equals(c.path("status").asText())) {
                ok++;
            }
        }
        assertThat(ok).isEqualTo(25);
    }

    @Test
    void aRefusalInABatchIsReadAgainZoneByZoneSoOnlyTheRefusedZoneWarns(@TempDir Path dir) throws Exception {
        List<String> zones = IntStream.range(0, 3).mapToObj(i -> String.format("%032x", 0xdef000L + i)).toList();
        Path file = dir.resolve("jobs.yaml");
        Files.writeString(file, "jobs:\n  - zones: [" + String.join(", ", zones) + "]\n    dataset: firewall_events\n"
                + "    intake_key: " + INTAKE_KEY + "\n");
        stub("GET", CheckCommandTest.TOKEN_VERIFY).reply(200, CheckCommandTest.token("active", 365));
        for (int i = 0; i < zones.size(); i++) {
            stub("GET", "/zones/" + zones.get(i) + "/logpush/jobs").ok("[" + Fixtures.with(
                    CheckCommandTest.healthyWithAllOffered(), "id", 2000 + i) + "]");
            stub("GET", "/zones/" + zones.get(i) + "/logpush/datasets/firewall_events/fields")
                    .reply(200, CheckCommandTest.offered());
        }
        // the zones' account, for its alert line: one page of the zone listing
        stub("GET", "/zones").reply(200, AllScopesCheckTest.page(zones.stream().map(z -> zone(z, z + ".example",
                ACCOUNT_ID)).toList(), 1, 3));
        String refused = "{\"data\":null,\"errors\":[{\"message\":\"does not have access to the path\","
                + "\"path\":[\"viewer\",\"zones\",\"1\",\"logpushHealthAdaptiveGroups\"]}]}";
        stub("POST", GRAPHQL).reply(200, refused)
                .reply(200, answer(group(2000, RECENT, 200, 1, 1, 3, 30)))
                .reply(200, refused)
                .reply(200, answer(group(2002, RECENT, 200, 1, 1, 5, 50)));
        JsonNode report = run("check", "-f", file.toString(), "-o", "json", "--concurrency", "1").assertExit(0)
                .json();
        List<String> lines = new ArrayList<>();
        for (JsonNode c : report.path("checks")) {
            if ("uploads".equals(c.path("check").asText())) {
                lines.add(c.path("status").asText() + " " + c.path("job_id").asText() + " " + c.path("message")
                        .asText());
            }
        }
        assertThat(lines).containsExactly("ok 2000 3 uploads, 30 records delivered in 24 h",
                "warning 2001 cannot check the upload history: the token cannot read Cloudflare's GraphQL Analytics "
                        + "(needs Account Analytics Read)",
                "ok 2002 5 uploads, 50 records delivered in 24 h");
        assertThat(stubs.calls("POST", GRAPHQL)).isEqualTo(4);
    }

    /** Every request the server received so far. */
    List<RecordedRequest> requests() {
        List<RecordedRequest> out = new ArrayList<>();
        for (int i = server.getRequestCount(); i > 0; i--) {
            try {
                RecordedRequest r = server.takeRequest(1, TimeUnit.SECONDS);
                if (r == null) {
                    break;
                }
                out.add(r);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        return out;
    }
}
