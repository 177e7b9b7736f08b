package io.logpush.cli;

import static io.logpush.cli.UploadsCheckTest.answer;
import static io.logpush.cli.UploadsCheckTest.group;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import io.logpush.testing.CliResult;
import io.logpush.testing.HttpStubs;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * check's reconcile line (issue 22, section 2): per Sekoia intake, the records Cloudflare delivered against the events
 * Sekoia received, over the same whole hours ending at least 15 minutes ago, from the one GraphQL read of uploads.
 */
class ReconcileCheckTest extends ApiTest {
    static final String GRAPHQL = UploadsCheckTest.GRAPHQL;
    static final String BY_STATUS = SekoiaCheckTest.BY_STATUS;
    static final String UUID = "7c5a1c4e-0000-4000-8000-000000000001";
    static final String LINE = "reconcile (intake 'Cloudflare WAF', job 147): ";
    static final String ZONE_2 = "0000000000000000000000000000b002";
    /** A group inside the reconciled hours whatever the time: they end 15 to 75 minutes ago and last 22 or 23 h. */
    static final Duration IN_HOURS = Duration.ofHours(3);
    /** Before --window (24h), so before the reconciled hours too (they lie inside the window). */
    static final Duration BEFORE_WINDOW = Duration.ofHours(24).plusMinutes(10);

    Instant before;
    Instant after;

    @BeforeEach
    void sekoiaEnv() {
        env.put("SEKOIA_API_KEY", SekoiaCheckTest.SEKOIA_KEY);
        env.put("SEKOIA_API_URL", server.url("/sekoia").toString());
    }

    static String byStatus(long valid, long warning, long invalid) {
        return SilenceCheckTest.byStatus(valid, warning, invalid);
    }

    void cloudflareSide(String... jobs) {
        stub("GET", CheckCommandTest.TOKEN_VERIFY).reply(200, CheckCommandTest.token("active", 365));
        stub("GET", JOBS).ok("[" + String.join(",", jobs) + "]");
        stub("GET", FIELDS).reply(200, CheckCommandTest.offered());
    }

    /** Sekoia's side: the key, the intake, each job's arrival counts, then the reconcile counts. */
    HttpStubs.Stub sekoiaSide() {
        stub("GET", "/sekoia/v1/me").reply(200, "{\"uuid\":\"u1\",\"name\":\"ci\"}");
        stub("GET", SekoiaCheckTest.INTAKES).reply(200, SekoiaCheckTest.page(SekoiaCheckTest.intake(
                SekoiaCheckTest.WAF_FORMAT)));
        stub("POST", SekoiaCheckTest.LAG).reply(200, "{\"total\":1000,\"average_lag\":30,\"max_lag\":40}");
        return stub("POST", BY_STATUS).reply(200, byStatus(1000, 0, 0));
    }

    CliResult check(String... args) {
        before = Instant.now();
        CliResult r = run(args);
        after = Instant.now();
        assertThat(r.out() + r.err()).doesNotContain(SekoiaCheckTest.SEKOIA_KEY)
                .doesNotContain(SekoiaCheckTest.SEKOIA_KEY.substring(4, 20));
        assertNoIntakeKey(r);
        return r;
    }

    /** Every request received so far, in order. */
    List<RecordedRequest> requests() {
        List<RecordedRequest> out = new ArrayList<>();
        while (true) {
            try {
                RecordedRequest r = server.takeRequest(100, TimeUnit.MILLISECONDS);
                if (r == null) {
                    return out;
                }
                out.add(r);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    static List<JsonNode> bodies(List<RecordedRequest> requests, String method, String path) {
        return requests.stream().filter(r -> r.getMethod().equals(method) && target(r).equals(path))
                .map(ApiTest::body).toList();
    }

    /** The reconcile request among the telemetry ones: the one over whole hours (the others end now). */
    JsonNode reconcileRequest(List<RecordedRequest> requests) {
        List<JsonNode> whole = bodies(requests, "POST", BY_STATUS).stream()
                .filter(b -> Instant.parse(b.get("latest").asText()).equals(Instant.parse(b.get("latest").asText())
                        .truncatedTo(ChronoUnit.HOURS))).toList();
        assertThat(whole).as("one telemetry request over whole hours").hasSize(1);
        JsonNode b = whole.get(0);
        Instant latest = Instant.parse(b.get("latest").asText());
        assertThat(Instant.parse(b.get("earliest").asText()).truncatedTo(ChronoUnit.HOURS))
                .isEqualTo(Instant.parse(b.get("earliest").asText()));
        // the last whole hour at least 15 minutes before the run
        assertThat(latest).isBetween(before.minus(Duration.ofMinutes(15)).truncatedTo(ChronoUnit.HOURS),
                after.minus(Duration.ofMinutes(15)).truncatedTo(ChronoUnit.HOURS));
        assertThat(b.at("/filters/intake_uuid/0").asText()).isEqualTo(UUID);
        return b;
    }

    static Instant at(JsonNode body, String field) {
        return Instant.parse(body.get(field).asText());
    }

    static Instant graphqlTime(JsonNode body, String filter) {
        return Instant.parse(body.get("query").asText().replaceFirst(".*" + filter + ": \"([^\"]+)\".*", "$1"));
    }

    /** "the 24 h to 14:00 UTC" for a reconcile request. */
    static String hours(JsonNode reconcile) {
        return "the " + Duration.between(at(reconcile, "earliest"), at(reconcile, "latest")).toHours() + " h to "
                + DateTimeFormatter.ofPattern("HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC)
                .format(at(reconcile, "latest"));
    }

    @Test
    void agreeingCountsAreOkOverTheWholeHoursThatTheOneUploadsReadCovers() {
        cloudflareSide(SekoiaCheckTest.healthyJob());
        sekoiaSide().reply(200, byStatus(990, 5, 1));
        stub("POST", GRAPHQL).reply(200, answer(group(IN_HOURS, 200, 1, 1, 10, 1000),
                group(BEFORE_WINDOW, 200, 1, 1, 5, 500),
                group(UploadsCheckTest.RECENT, 200, 1, 1, 2, 200),
                group(IN_HOURS, 503, 0, 0, 2, 300),
                group(151, IN_HOURS, 200, 1, 1, 9, 9999)));
        CliResult r = check("check", "--zone", ZONE_ID).assertExit(0);
        List<RecordedRequest> requests = requests();
        JsonNode reconcile = reconcileRequest(requests);
        // the whole hours inside the 24 h window and ending 15 minutes ago: 23 (22 in an hour's first 15 minutes)
        assertThat(Duration.between(at(reconcile, "earliest"), at(reconcile, "latest")).toHours()).isBetween(22L, 23L);
        // records of success groups of job 147 in the hours: not the retried attempt, not the last 15 minutes, not
        // the group before the window
        assertThat(r.out()).contains("✓ " + LINE + "Cloudflare delivered 1,000, Sekoia received 995 in "
                + hours(reconcile) + "\n");
        assertThat(r.out()).contains("! job 147 (sekoia-firewall-events, firewall_events) uploads: 2 of 14 uploads "
                + "failed in 24 h and were retried (503 Service Unavailable); 1,200 records delivered\n");
        // one GraphQL request for both: the window, which holds the reconciled hours
        List<JsonNode> graphql = bodies(requests, "POST", GRAPHQL);
        assertThat(graphql).hasSize(1);
        Instant from = graphqlTime(graphql.get(0), "datetime_geq");
        assertThat(from).isBetween(before.truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(24)),
                after.minus(Duration.ofHours(24)));
        assertThat(from).isBeforeOrEqualTo(at(reconcile, "earliest"));
        assertThat(graphqlTime(graphql.get(0), "datetime_lt")).isBetween(before.truncatedTo(ChronoUnit.SECONDS),
                after);
    }

    @Test
    void sekoiaReceivingLessFailsWithBothNumbersAndWhatToLookAt() {
        cloudflareSide(SekoiaCheckTest.healthyJob());
        sekoiaSide().reply(200, byStatus(12_000, 345, 50));
        stub("POST", GRAPHQL).reply(200, answer(group(IN_HOURS, 200, 1, 1, 100, 20_000)));
        CliResult r = check("check", "--zone", ZONE_ID).assertExit(1);
        JsonNode reconcile = reconcileRequest(requests());
        assertThat(r.out()).contains("✗ " + LINE + "Cloudflare delivered 20,000, Sekoia received 12,345 (38 % missing) "
                + "in " + hours(reconcile) + "\n  fix: see the jobs' uploads lines (records lost) and the intake's "
                + "parsing line: invalid events (such as single events over 250 KiB) are not counted");
    }

    @Test
    void sekoiaReceivingMoreIsInfoNotAWarning() {
        cloudflareSide(SekoiaCheckTest.healthyJob());
        sekoiaSide().reply(200, byStatus(25_000, 0, 0));
        stub("POST", GRAPHQL).reply(200, answer(group(IN_HOURS, 200, 1, 1, 100, 20_000)));
        CliResult r = check("check", "--zone", ZONE_ID, "--strict").assertExit(0);
        assertThat(r.out()).contains("i " + LINE + "Cloudflare delivered 20,000, Sekoia received 25,000 (25 % more) "
                + "in the 2").contains(": other senders to the intake (jobs of zones or accounts outside this "
                + "run) or duplicates");
    }

    @Test
    void maxLossSetsTheToleranceAndTenEventsAreAlwaysTolerated() {
        for (long received : new long[] {19_000, 18_999}) {
            cloudflareSide(SekoiaCheckTest.healthyJob());
            sekoiaSide().reply(200, byStatus(received, 0, 0));
            stub("POST", GRAPHQL).reply(200, answer(group(IN_HOURS, 200, 1, 1, 100, 20_000)));
            CliResult r = check("check", "--zone", ZONE_ID, "--max-loss", "5");
            assertThat(r.out()).contains((received == 19_000 ? "✓ " : "✗ ") + LINE);
            r.assertExit(received == 19_000 ? 0 : 1);
            verifyStubs();
            stubs.reset();
            requests();
        }
        cloudflareSide(SekoiaCheckTest.healthyJob());
        sekoiaSide().reply(200, byStatus(190, 0, 0));
        stub("POST", GRAPHQL).reply(200, answer(group(IN_HOURS, 200, 1, 1, 1, 200)));
        assertThat(check("check", "--zone", ZONE_ID, "--max-loss", "0").assertExit(0).out()).contains("✓ " + LINE
                + "Cloudflare delivered 200, Sekoia received 190 in");
    }

    @Test
    void maxLossOutOfRangeIsAUsageErrorBeforeAnyRequest() {
        for (String bad : new String[] {"101", "-0.5", "NaN"}) {
            CliResult r = run("check", "--zone", ZONE_ID, "--max-loss", bad).assertExit(2);
            assertThat(r.err()).startsWith("logpush: error: --max-loss ").contains(" is out of range: use 0 to 100 "
                    + "(percent)");
        }
        assertThat(run("check", "--zone", ZONE_ID, "--max-loss", "lots").assertExit(2).err()).contains("--max-loss");
        assertThat(stubs.seen()).isEmpty();
    }

    @Test
    void withoutAnalyticsReadItIsTheUploadsWarningAndSekoiaIsNotAsked() {
        cloudflareSide(SekoiaCheckTest.healthyJob());
        sekoiaSide();
        stub("POST", GRAPHQL).reply(200, "{\"data\":null,\"errors\":[{\"message\":\"does not have access to the "
                + "path\",\"path\":[\"viewer\",\"zones\",\"0\",\"logpushHealthAdaptiveGroups\"]}]}");
        CliResult r = check("check", "--zone", ZONE_ID).assertExit(0);
        assertThat(r.out()).contains("! " + LINE + "cannot reconcile: the token cannot read Cloudflare's GraphQL "
                + "Analytics (needs Account Analytics Read)\n  fix: add 'Account Analytics Read' to the token")
                .contains("uploads: cannot check the upload history: the token cannot read Cloudflare's GraphQL "
                        + "Analytics (needs Account Analytics Read)");
        assertThat(stubs.calls("POST", BY_STATUS)).as("the arrival counts only").isEqualTo(1);
    }

    @Test
    void sekoiaRefusingItsCountsIsAWarningAndCountsMissingAFailure() {
        cloudflareSide(SekoiaCheckTest.healthyJob());
        sekoiaSide().reply(403, "{\"message\":\"Forbidden\"}");
        stub("POST", GRAPHQL).reply(200, answer(group(IN_HOURS, 200, 1, 1, 100, 20_000)));
        CliResult refused = check("check", "--zone", ZONE_ID).assertExit(0);
        assertThat(refused.out()).contains("! " + LINE + "cannot reconcile: counting the events of intake " + UUID
                + " by parsing status failed: Sekoia answered HTTP 403 (Forbidden)\n  fix: give the Sekoia API key the "
                + "permission to read telemetry");
        verifyStubs();
        stubs.reset();
        requests();

        cloudflareSide(SekoiaCheckTest.healthyJob());
        sekoiaSide().reply(200, "{\"total\":1000}");
        stub("POST", GRAPHQL).reply(200, answer(group(IN_HOURS, 200, 1, 1, 100, 20_000)));
        CliResult missing = check("check", "--zone", ZONE_ID).assertExit(1);
        assertThat(missing.out()).contains("✗ " + LINE + "cannot reconcile: counting the events of intake " + UUID
                + " by parsing status failed: Sekoia's answer has no valid_events_occurrences count\n  fix: ");
        assertThat(missing.err()).doesNotContain("Exception");
    }

    @Test
    void aPlanKeepingLessThanTheWindowShortensTheHoursToWhatItKeeps() {
        cloudflareSide(SekoiaCheckTest.healthyJob());
        sekoiaSide().reply(200, byStatus(2_000, 0, 0));
        stub("POST", GRAPHQL).reply(200, "{\"data\":null,\"errors\":[{\"message\":\"cannot request data older "
                        + "than 25h0m0s\"}]}")
                .reply(200, "{\"data\":{\"viewer\":{\"zones\":[{\"settings\":{\"logpushHealthAdaptiveGroups\":"
                        + "{\"maxDuration\":86400,\"notOlderThan\":90000}}}]}},\"errors\":null}")
                .reply(200, answer(group(IN_HOURS, 200, 1, 1, 10, 2_000)));
        CliResult r = check("check", "--zone", ZONE_ID, "--window", "48h").assertExit(0);
        List<RecordedRequest> requests = requests();
        JsonNode reconcile = reconcileRequest(requests);
        long kept = Duration.between(at(reconcile, "earliest"), at(reconcile, "latest")).toHours();
        assertThat(kept).isBetween(22L, 24L); // from 25 h ago (the plan) on the next hour, to 15-75 minutes ago
        assertThat(r.out()).contains("✓ " + LINE + "Cloudflare delivered 2,000, Sekoia received 2,000 in "
                        + hours(reconcile) + " (shortened: Cloudflare keeps no more upload history for this plan)\n")
                .containsPattern("uploads: 10 uploads, 2,000 records delivered in 2[34] h \\(the window was shortened: ");
        List<JsonNode> graphql = bodies(requests, "POST", GRAPHQL);
        assertThat(graphql).hasSize(3);
        assertThat(graphqlTime(graphql.get(0), "datetime_geq")).isBetween(before.truncatedTo(ChronoUnit.SECONDS)
                .minus(Duration.ofHours(48)), after.minus(Duration.ofHours(48)));
    }

    static final String JOB_151 = SekoiaCheckTest.healthyJob("id", 151, "name", "waf-2");

    /** Two zones, one job each, both into the one intake. */
    Path twoZones(Path dir) throws Exception {
        Path file = dir.resolve("jobs.yaml");
        Files.writeString(file, "jobs:\n  - zones: [" + ZONE_ID + ", " + ZONE_2 + "]\n    dataset: firewall_events\n"
                + "    intake_key: " + INTAKE_KEY + "\n");
        stub("GET", CheckCommandTest.TOKEN_VERIFY).reply(200, CheckCommandTest.token("active", 365));
        stub("GET", JOBS).ok("[" + SekoiaCheckTest.healthyJob() + "]");
        stub("GET", "/zones/" + ZONE_2 + "/logpush/jobs").ok("[" + JOB_151 + "]");
        stub("GET", FIELDS).reply(200, CheckCommandTest.offered());
        stub("GET", "/zones/" + ZONE_2 + "/logpush/datasets/firewall_events/fields")
                .reply(200, CheckCommandTest.offered());
        stub("GET", "/zones").reply(200, AllScopesCheckTest.page(List.of(zone(ZONE_ID, "example.com", ACCOUNT_ID),
                zone(ZONE_2, "two.example.com", ACCOUNT_ID)), 1, 2));
        sekoiaSide().reply(200, byStatus(1000, 0, 0)).reply(200, byStatus(2990, 5, 3));
        stub("POST", GRAPHQL).reply(200, answer(group(IN_HOURS, 200, 1, 1, 10, 1000),
                group(151, IN_HOURS, 200, 1, 1, 20, 2000)));
        return file;
    }

    @Test
    void aFleetReconcilesAnIntakeFedFromSeveralZonesOnceOverAllItsJobs(@TempDir Path dir) throws Exception {
        Path file = twoZones(dir);
        JsonNode report = check("check", "-f", file.toString(), "-o", "json").assertExit(0).json();
        List<RecordedRequest> requests = requests();
        JsonNode body = reconcileRequest(requests);
        List<JsonNode> lines = AllScopesCheckTest.checks(report, "reconcile");
        assertThat(lines).hasSize(1);
        JsonNode line = lines.get(0);
        assertThat(line.get("status").asText()).isEqualTo("ok");
        assertThat(line.get("source").asText()).isEqualTo("sekoia");
        assertThat(line.get("scope").asText()).isEqualTo("fleet");
        assertThat(line.get("name").asText()).isEqualTo("reconcile (intake 'Cloudflare WAF', jobs 147, 151)");
        assertThat(line.get("message").asText()).isEqualTo("Cloudflare delivered 3,000, Sekoia received 2,995 in "
                + hours(body));
        assertThat(line.get("intake")).isEqualTo(json("{\"uuid\":\"" + UUID + "\",\"name\":\"Cloudflare WAF\"}"));
        assertThat(line.get("job_ids")).isEqualTo(json("[147,151]"));
        assertThat(bodies(requests, "POST", GRAPHQL)).as("both zones in one request").hasSize(1);
        assertThat(bodies(requests, "POST", BY_STATUS)).as("two arrivals and one reconcile").hasSize(3);
        // the zones' account, from the zone listing, has one alert line
        List<JsonNode> alerts = AllScopesCheckTest.checks(report, "alert");
        assertThat(alerts).extracting(a -> a.get("account").asText()).containsExactly(ACCOUNT_ID);
        assertThat(stubs.fallbackCalls("GET", AlertsCommandTest.POLICIES)).isEqualTo(1);
    }

    @Test
    void aFleetsTableListsTheIntakesInAGroupOfTheirOwn(@TempDir Path dir) throws Exception {
        Path file = twoZones(dir);
        CliResult r = check("check", "-f", file.toString());
        assertThat(r.out()).contains("✓ Sekoia intakes").contains("✓ accounts of the zones")
                .contains("Fleet: 2 scopes, 2 ✓, 0 !, 0 ✗.");
        r.assertExit(0);
    }

    @Test
    void prometheusLabelsTheIntakeAndTheAccountAndLints(@TempDir Path dir) throws Exception {
        Path file = twoZones(dir);
        CliResult r = check("check", "-f", file.toString(), "-o", "prometheus").assertExit(0);
        assertThat(r.out()).contains("logpush_check_status{check=\"reconcile\",intake=\"" + UUID + "\"} 0\n")
                .contains("logpush_check_status{check=\"alert\",account=\"" + ACCOUNT_ID + "\"} 0\n")
                .contains("\nlogpush_check_reconcile_records_delivered{intake=\"" + UUID + "\"} 3000\n")
                .contains("\nlogpush_check_reconcile_events_received{intake=\"" + UUID + "\"} 2995\n")
                .containsPattern("\nlogpush_check_reconcile_ratio\\{intake=\"" + UUID + "\"} 0\\.998\\d*\n")
                .doesNotContain(INTAKE_KEY);
        CheckPrometheusTest.assertLints(r.out());
    }

    @Test
    void aSingleScopesPrometheusLabelsTheScopeAndTheIntake() {
        cloudflareSide(SekoiaCheckTest.healthyJob());
        sekoiaSide().reply(200, byStatus(12_000, 345, 50));
        stub("POST", GRAPHQL).reply(200, answer(group(IN_HOURS, 200, 1, 1, 100, 20_000)));
        CliResult r = check("check", "--zone", ZONE_ID, "-o", "prometheus").assertExit(1);
        String scope = "scope=\"zone:" + ZONE_ID + "\"";
        assertThat(r.out()).contains("logpush_check_status{check=\"reconcile\"," + scope + ",intake=\"" + UUID
                + "\"} 3\n").contains("logpush_check_status{check=\"alert\"," + scope + ",account=\"" + ACCOUNT_ID
                + "\"} 0\n").contains("\nlogpush_check_reconcile_records_delivered{" + scope + ",intake=\"" + UUID
                + "\"} 20000\n");
        CheckPrometheusTest.assertLints(r.out());
    }

    @Test
    void everyZoneAndAccountReconcileTheirSharedIntakeOnceWithOneAlertLinePerAccount() {
        String accountJobs = "/accounts/" + ACCOUNT_ID + "/logpush/jobs";
        cloudflareSide(SekoiaCheckTest.healthyJob());
        stub("GET", "/zones").reply(200, AllScopesCheckTest.page(List.of(zone(ZONE_ID, "example.com", ACCOUNT_ID)),
                1, 1));
        stub("GET", "/accounts").reply(200, AllScopesCheckTest.page(List.of(AllScopesCheckTest.account(ACCOUNT_ID)),
                1, 1));
        stub("GET", accountJobs).ok("[" + SekoiaCheckTest.healthyJob("id", 160, "name", "waf-account") + "]");
        stub("GET", "/accounts/" + ACCOUNT_ID + "/logpush/datasets/firewall_events/fields")
                .reply(200, CheckCommandTest.offered());
        sekoiaSide().reply(200, byStatus(1000, 0, 0)).reply(200, byStatus(1500, 0, 0));
        // the zones first (read before the scopes are judged), then the account on first use
        stub("POST", GRAPHQL).reply(200, answer(group(IN_HOURS, 200, 1, 1, 10, 1000)))
                .reply(200, answer(group(160, IN_HOURS, 200, 1, 1, 5, 500)).replace("\"zones\"", "\"accounts\""));
        JsonNode report = check("check", "--all-zones", "--all-accounts", "-o", "json").assertExit(0).json();
        List<JsonNode> lines = AllScopesCheckTest.checks(report, "reconcile");
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0).get("job_ids")).isEqualTo(json("[147,160]"));
        assertThat(lines.get(0).get("status").asText()).isEqualTo("ok");
        assertThat(lines.get(0).get("message").asText()).startsWith("Cloudflare delivered 1,500, Sekoia received "
                + "1,500 in the 2");
        List<JsonNode> graphql = bodies(requests(), "POST", GRAPHQL);
        assertThat(graphql).hasSize(2);
        assertThat(graphql.get(1).get("query").asText()).contains("accounts(filter: {accountTag: \"" + ACCOUNT_ID);
        // the zone's account is the account checked: its alert line once
        assertThat(AllScopesCheckTest.checks(report, "alert")).hasSize(1);
        assertThat(stubs.fallbackCalls("GET", AlertsCommandTest.POLICIES)).isEqualTo(1);
    }

    @Test
    void withoutASekoiaKeyThereIsNoReconcileAndTheReadKeepsTheWindow() {
        env.put("SEKOIA_API_KEY", null);
        env.put("SEKOIA_API_URL", null);
        cloudflareSide(SekoiaCheckTest.healthyJob());
        stub("POST", GRAPHQL).reply(200, answer(group(IN_HOURS, 200, 1, 1, 10, 1000)));
        CliResult r = check("check", "--zone", ZONE_ID).assertExit(0);
        assertThat(r.out()).doesNotContain("reconcile");
        JsonNode graphql = bodies(requests(), "POST", GRAPHQL).get(0);
        assertThat(Duration.between(graphqlTime(graphql, "datetime_geq"), graphqlTime(graphql, "datetime_lt")))
                .isEqualTo(Duration.ofHours(24));
    }
}
