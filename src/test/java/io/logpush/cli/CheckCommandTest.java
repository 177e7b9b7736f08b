package io.logpush.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import com.fasterxml.jackson.databind.JsonNode;

import io.logpush.testing.CliResult;
import io.logpush.testing.Fixtures;
import io.logpush.testing.HttpStubs;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckCommandTest extends ApiTest {
    static final String PARSER_FIELDS = "Action,ClientCountry,ClientIP,ClientIPClass,ClientRefererHost,ClientRefererPath,"
            + "ClientRefererQuery,ClientRefererScheme,ClientRequestHost,ClientRequestMethod,ClientRequestPath,"
            + "ClientRequestProtocol,ClientRequestQuery,ClientRequestScheme,ClientRequestUserAgent,Datetime,"
            + "EdgeColoCode,EdgeResponseStatus,Kind,OriginResponseStatus,OriginatorRayID,RayID,Source";

    static String now(long minusMinutes) {
        return Instant.now().minus(minusMinutes, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static String token(String status, long expiresInDays) {
        return ok("""
                {"id":"f267e341f3dd4697bd3b9f71dd96247f","status":"%s","not_before":null,"expires_on":"%s"}"""
                .formatted(status, Instant.now().plus(expiresInDays, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS)));
    }

    static final String TOKEN_VERIFY = "/user/tokens/verify";

    static String logpull(String fields, String timestamps) {
        return "fields=" + fields + "&timestamps=" + timestamps;
    }

    /** A healthy Sekoia firewall_events job (the parser's fields, a batch 5 min ago), with the given fields set. */
    static String healthy(Object... keysAndValues) {
        return Fixtures.with(job("logpull_options", logpull(PARSER_FIELDS, "unixnano"), "last_complete", now(5)),
                keysAndValues);
    }

    /** {@link #healthy} sending also the two offered fields the parser does not map: all fields are ok. */
    static String healthyWithAllOffered() {
        return healthy("logpull_options", logpull("Description,Ref," + PARSER_FIELDS, "unixnano"));
    }

    static String offered() {
        StringBuilder sb = new StringBuilder("{");
        for (String f : (PARSER_FIELDS + ",Description,Ref,ClientASN").split(",")) {
            sb.append(sb.length() > 1 ? "," : "").append('"').append(f).append("\":\"string; x\"");
        }
        return ok(sb.append('}').toString());
    }

    /**
     * Stubs an active token, the zone's job list answering {@code [job]} with each job in turn (one per run), and
     * the fields offered.
     */
    private void stubHealthy(String... jobPerRun) {
        stub("GET", TOKEN_VERIFY).reply(200, token("active", 365));
        HttpStubs.Stub jobs = stub("GET", JOBS);
        for (String job : jobPerRun) {
            jobs.ok("[" + job + "]");
        }
        stub("GET", FIELDS).reply(200, offered());
    }

    @Test
    void aHealthyJobIsAllOkAndExit0() {
        String token = token("active", 365);
        stub("GET", TOKEN_VERIFY).reply(200, token);
        stub("GET", JOBS).ok("[" + healthyWithAllOffered() + "]");
        stub("GET", FIELDS).reply(200, offered());

        CliResult r = run("check", "--zone", ZONE_ID).assertExit(0);

        assertThat(r.out()).isEqualTo(""
                + "✓ credentials: the API token is active (expires " + json(token).at("/result/expires_on").asText()
                + ")\n"
                + "✓ scope: zone " + ZONE_ID + ": 1 Logpush job, 1 to Sekoia\n"
                + "✓ job 147 (sekoia-firewall-events, firewall_events) enabled: Cloudflare is sending its logs\n"
                + "✓ job 147 (sekoia-firewall-events, firewall_events) delivery: last batch delivered 5 min ago\n"
                + "✓ job 147 (sekoia-firewall-events, firewall_events) destination: intake.sekoia.io (Sekoia region "
                + "fra1), key Inta…\n"
                + "✓ job 147 (sekoia-firewall-events, firewall_events) timestamps: unixnano, as Sekoia's firewall_events "
                + "parser reads\n"
                + "✓ job 147 (sekoia-firewall-events, firewall_events) fields: 25 fields, all that Sekoia's parser maps "
                + "among those offered\n"
                + "i job 147 (sekoia-firewall-events, firewall_events) options: the job uses logpull_options, which "
                + "Cloudflare has deprecated for output_options (Sekoia reads both)\n"
                + "  fix: logpush update 147 --zone " + ZONE_ID + " --output-options\n"
                + "i job 147 (sekoia-firewall-events, firewall_events) uploads: no uploads in 24 h\n"
                + "✓ alert (account " + ACCOUNT_ID + "): Cloudflare notifies email soc@example.com when it disables a "
                + "failing Logpush job (policy 'logpush: failing Logpush job disabled')\n");
        assertThat(target(take())).isEqualTo("/user/tokens/verify");
        assertThat(target(take())).isEqualTo("/zones/" + ZONE_ID + "/logpush/jobs");
        assertThat(target(take())).isEqualTo("/zones/" + ZONE_ID + "/logpush/datasets/firewall_events/fields");
        assertThat(target(take())).isEqualTo("/graphql");
        // the zone's account (the zone was given by ID: no lookup told it yet), then its alert policies
        assertThat(target(take())).isEqualTo("/zones/" + ZONE_ID);
        assertThat(target(take())).isEqualTo("/accounts/" + ACCOUNT_ID + "/alerting/v3/policies");
        assertThat(server.getRequestCount()).isEqualTo(6);
        assertNoIntakeKey(r);
    }

    @Test
    void aTokenExpiringWithin14DaysIsAWarningThatFailsOnlyWithStrict() {
        stub("GET", TOKEN_VERIFY).reply(200, token("active", 3));
        stub("GET", JOBS).ok("[" + healthyWithAllOffered() + "]");
        stub("GET", FIELDS).reply(200, offered());
        CliResult r = run("check", "--zone", ZONE_ID).assertExit(0);
        assertThat(r.out()).startsWith("! credentials: the API token is active but expires on ")
                .contains("  fix: roll the token under My Profile > API Tokens before then\n");

        run("check", "--zone", ZONE_ID, "--strict").assertExit(1);
    }

    @Test
    void anInactiveTokenStopsTheChecksWithExit4() {
        stub("GET", TOKEN_VERIFY).reply(200, token("disabled", 365));
        CliResult r = run("check", "--zone", ZONE_ID).assertExit(4);
        assertThat(r.out()).isEqualTo("✗ credentials: the API token is disabled\n"
                + "  fix: create a new token under My Profile > API Tokens\n");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aRefusedTokenIsExit4AndAnAccountTokenIsVerifiedOnItsAccount() {
        stub("GET", TOKEN_VERIFY).reply(401, error(1000, "Invalid API Token"));
        CliResult r = run("check", "--zone", ZONE_ID).assertExit(4);
        assertThat(r.out()).startsWith("✗ credentials: verifying the API token failed: HTTP 401 (1000: Invalid API Token)");

        stub("GET", "/accounts/" + ACCOUNT_ID + "/tokens/verify").reply(200, token("active", 365));
        stub("GET", "/accounts/" + ACCOUNT_ID + "/logpush/jobs").ok("[]");
        stub("GET", AlertsCommandTest.POLICIES).ok("[" + AlertsCommandTest.OURS + "]");
        CliResult account = run("check", "--account", ACCOUNT_ID);
        assertThat(account.out()).startsWith("✓ credentials: the API token is active");
        take();
        assertThat(target(take())).isEqualTo("/user/tokens/verify");
        assertThat(target(take())).isEqualTo("/accounts/" + ACCOUNT_ID + "/tokens/verify");
    }

    @Test
    void aGlobalKeyIsCheckedWithACheapRead() {
        env.put("CLOUDFLARE_API_TOKEN", null);
        env.put("CLOUDFLARE_EMAIL", "soc@example.com");
        env.put("CLOUDFLARE_API_KEY", GLOBAL_KEY);
        stub("GET", "/zones?per_page=5").ok("[]");
        stub("GET", JOBS).ok("[]");
        CliResult r = run("check", "--zone", ZONE_ID);
        assertThat(r.out()).startsWith("✓ credentials: the global API key is accepted (an API token would be safer)\n");
        assertThat(target(take())).isEqualTo("/zones?per_page=5");
    }

    @Test
    void scopeFailuresSayWhichPermissionIsMissing() {
        stub("GET", TOKEN_VERIFY).reply(200, token("active", 365));
        stub("GET", JOBS).reply(403, fixture("error_10000.json"));
        stub("GET", "/accounts/" + ACCOUNT_ID + "/logpush/jobs")
                .reply(403, error(1004, "reading job for product 'gateway' is not allowed"));
        stub("GET", "/zones?name=nope.example.org").ok("[]");
        CliResult logs = run("check", "--zone", ZONE_ID).assertExit(4);
        assertThat(logs.out()).contains("✗ scope: listing the Logpush jobs of zone " + ZONE_ID + " failed: HTTP 403 "
                + "(10000: Authentication error)").contains("  fix: the token is invalid or lacks a permission: Logpush "
                + "needs Logs Edit");

        CliResult pii = run("check", "--account", ACCOUNT_ID).assertExit(4);
        assertThat(pii.out()).contains("  fix: the token lacks 'Zero Trust: PII Read', which the jobs of access_requests");

        CliResult zone = run("check", "--zone", "nope.example.org").assertExit(3);
        assertThat(zone.out()).contains("✗ scope: zone nope.example.org not found, or the token cannot read it");
    }

    @Test
    void noSekoiaJobIsAFailureWithTheCreateCommand() {
        stub("GET", TOKEN_VERIFY).reply(200, token("active", 365));
        stub("GET", JOBS).ok("""
                [{"id":2,"dataset":"http_requests","enabled":true,"destination_conf":"s3://b"}]""");
        CliResult r = run("check", "--zone", ZONE_ID, "--dataset", "http_requests").assertExit(1);
        assertThat(r.out()).contains("✗ jobs: no http_requests job sends to Sekoia in zone " + ZONE_ID + "\n"
                + "  fix: logpush create --zone " + ZONE_ID + " --dataset http_requests --intake-key-file FILE\n");
    }

    @Test
    void aDisabledJobFailsWithTheEnableCommand() {
        stubHealthy(healthy("enabled", false));
        CliResult r = run("check", "--zone", ZONE_ID).assertExit(1);
        assertThat(r.out()).contains("✗ job 147 (sekoia-firewall-events, firewall_events) enabled: the job is disabled: "
                + "nothing is sent to Sekoia\n  fix: logpush enable 147 --zone " + ZONE_ID + "\n");
    }

    @Test
    void aFailingDeliveryShowsCloudflaresMessageMasked() {
        stubHealthy(healthy("last_error", now(1), "error_message", "error uploading to "
                + "https://intake.sekoia.io/plain/batch?header_X-SEKOIAIO-INTAKE-KEY=" + INTAKE_KEY + ": 401"));
        CliResult r = run("check", "--zone", ZONE_ID).assertExit(1);
        assertThat(r.out()).contains("✗ job 147 (sekoia-firewall-events, firewall_events) delivery: Cloudflare reports "
                + "that the intake refuses its uploads: error uploading to https://intake.sekoia.io/plain/batch?"
                + "header_X-SEKOIAIO-INTAKE-KEY=Inta…").contains("only delete goes through")
                .contains("--intake-key-file NEW_KEY_FILE").contains("logpush delete 147 --zone " + ZONE_ID);
        assertNoIntakeKey(r);
    }

    @Test
    void anErrorOlderThanTheLastDeliveryHasRecovered() {
        stubHealthy(healthy("last_error", now(60), "error_message", "old trouble"));
        assertThat(run("check", "--zone", ZONE_ID).out())
                .contains("✓ job 147 (sekoia-firewall-events, firewall_events) delivery: last batch delivered 5 min ago");
    }

    @Test
    void staleOrMissingDeliveriesAreWarnings() {
        stubHealthy(healthy("last_complete", now(60 * 30)), healthy("last_complete", null));
        CliResult stale = run("check", "--zone", ZONE_ID, "--max-age", "2h").assertExit(0);
        assertThat(stale.out()).contains("! job 147 (sekoia-firewall-events, firewall_events) delivery: last batch "
                + "delivered 30 h ago").contains("longer than the maximum age of 2 h");

        assertThat(run("check", "--zone", ZONE_ID).out()).contains("! job 147 (sekoia-firewall-events, firewall_events) "
                + "delivery: no batch delivered yet");
    }

    @Test
    void destinationsOutsideSekoiaOrWithoutKeyAreFlagged() {
        stubHealthy(healthy("destination_conf", "https://proxy.example.com/plain/batch?header_X-SEKOIAIO-INTAKE-KEY="
                + INTAKE_KEY), healthy("destination_conf", "https://intake.sekoia.io/plain/batch"));
        assertThat(run("check", "--zone", ZONE_ID).out()).contains("! job 147 (sekoia-firewall-events, firewall_events) "
                + "destination: proxy.example.com is not a known Sekoia intake host");

        // A Sekoia intake whose key Cloudflare did not return (issue 13.8): a warning, not a failure.
        CliResult r = run("check", "--zone", ZONE_ID).assertExit(0);
        assertThat(r.out()).contains("! job 147 (sekoia-firewall-events, firewall_events) destination: intake.sekoia.io "
                + "(Sekoia region fra1): Cloudflare did not return the intake key; cannot compare it\n");
    }

    @Test
    void aKnownSekoiaHostWithAnotherPathNamesThePathNotTheHost() {
        String key = "?header_X-SEKOIAIO-INTAKE-KEY=" + INTAKE_KEY;
        stubHealthy(healthy("destination_conf", "https://app.usa1.sekoia.io/api/v1/intake-http" + key),
                healthy("destination_conf", "https://intake.sekoia.io" + key),
                healthy("destination_conf", "https://intake.sekoia.io/api/v1/intake-http/plain/batch" + key),
                healthy("destination_conf", "https://intake.sgp1.sekoia.io/plain/batch" + key));
        CliResult r = run("check", "--zone", ZONE_ID).assertExit(1);
        assertThat(r.out()).contains("✗ job 147 (sekoia-firewall-events, firewall_events) destination: the path "
                + "/api/v1/intake-http is not an intake path of app.usa1.sekoia.io (Sekoia region usa1): expected "
                + "/api/v1/intake-http/plain/batch: Sekoia does not receive these batches\n"
                + "  fix: logpush update 147 --zone " + ZONE_ID + " --region usa1\n")
                .doesNotContain("not a known Sekoia intake host");

        assertThat(run("check", "--zone", ZONE_ID).assertExit(1).out()).contains("destination: the destination has no "
                + "path on intake.sekoia.io (Sekoia region fra1): expected /plain/batch");
        // FRA1 keeps the historical scheme: the API-prefixed path of the other regions is not its intake path.
        assertThat(run("check", "--zone", ZONE_ID).assertExit(1).out()).contains("destination: the path "
                + "/api/v1/intake-http/plain/batch is not an intake path of intake.sekoia.io (Sekoia region fra1): "
                + "expected /plain/batch");
        // SGP1's bare intake base is documented too (catalog.properties): /plain/batch there is a known intake URL.
        assertThat(run("check", "--zone", ZONE_ID).assertExit(0).out()).contains("destination: intake.sgp1.sekoia.io "
                + "(Sekoia region sgp1), key Inta…");
    }

    @Test
    void theWrongTimestampFormatFailsWithTheExactFix() {
        stubHealthy(healthy("logpull_options", logpull(PARSER_FIELDS, "rfc3339")));
        CliResult r = run("check", "--zone", ZONE_ID).assertExit(1);
        assertThat(r.out()).contains("✗ job 147 (sekoia-firewall-events, firewall_events) timestamps: rfc3339, but "
                + "Sekoia's firewall_events parser reads unixnano: events are dated wrongly\n"
                + "  fix: logpush update 147 --zone " + ZONE_ID + " --timestamps unixnano\n");
    }

    @Test
    void parserFieldsTheJobDoesNotSendAreAWarningAmongThoseOffered() {
        stubHealthy(healthy("logpull_options", logpull("RayID,Datetime", "unixnano")));
        CliResult r = run("check", "--zone", ZONE_ID).assertExit(0);
        assertThat(r.out()).contains("! job 147 (sekoia-firewall-events, firewall_events) fields: Sekoia's parser maps "
                + "Action, ClientCountry,").contains("Description, EdgeColoCode").contains("which the job does not send\n"
                + "  fix: logpush update 147 --zone " + ZONE_ID + " --fields sekoia\n");
    }

    @Test
    void validateDestinationAsksCloudflare() {
        stubHealthy(healthyWithAllOffered());
        stub("POST", "/zones/" + ZONE_ID + "/logpush/validate/destination")
                .ok("{\"valid\":false,\"message\":\"error uploading: 403\"}");
        CliResult r = run("check", "--zone", ZONE_ID, "--validate-destination").assertExit(1);
        assertThat(r.out()).contains("✗ job 147 (sekoia-firewall-events, firewall_events) destination validation: "
                + "Cloudflare could not deliver to the intake: error uploading: 403");
        take();
        take();
        take();
        RecordedRequest post = take();
        assertThat(post.getMethod()).isEqualTo("POST");
        assertThat(target(post)).isEqualTo("/zones/" + ZONE_ID + "/logpush/validate/destination");
        assertThat(body(post).get("destination_conf").asText()).endsWith("=" + INTAKE_KEY);
    }

    @Test
    void jobIdsSelectTheJobsAndAMissingOneFails() {
        stubHealthy(healthy());
        stub("GET", JOBS + "/9").reply(404, error(1003, "job not found"));
        CliResult r = run("check", "--zone", ZONE_ID, "147", "9").assertExit(1);
        assertThat(r.out()).contains("✗ job 9: job 9 not found in zone " + ZONE_ID).contains("job 147 (");
    }

    @Test
    void aDatasetSekoiaHasNoIntakeForIsAWarning() {
        stub("GET", TOKEN_VERIFY).reply(200, token("active", 365));
        stub("GET", JOBS).ok("[" + healthy("dataset", "nel_reports") + "]");
        stub("GET", "/zones/" + ZONE_ID + "/logpush/datasets/nel_reports/fields").ok("{}");
        CliResult r = run("check", "--zone", ZONE_ID).assertExit(0);
        assertThat(r.out()).contains("! job 147 (sekoia-firewall-events, nel_reports) dataset: Sekoia has no intake for "
                + "dataset nel_reports\n  fix: 'logpush datasets' lists the datasets Sekoia reads\n");
    }

    @Test
    void jsonIsAReportForMonitoring() {
        stubHealthy(healthy("logpull_options", logpull(PARSER_FIELDS, "unix")));
        CliResult r = run("check", "--zone", ZONE_ID, "-o", "json").assertExit(1);
        JsonNode report = r.json();
        assertThat(report.get("ok").asBoolean()).isFalse();
        assertThat(report.get("summary").toString()).isEqualTo("{\"ok\":6,\"info\":2,\"warning\":1,\"failure\":1}");
        JsonNode ts = report.get("checks").get(5);
        assertThat(ts.get("name").asText()).isEqualTo("job 147 (sekoia-firewall-events, firewall_events) timestamps");
        assertThat(ts.get("status").asText()).isEqualTo("failure");
        assertThat(ts.get("fix").asText()).isEqualTo("logpush update 147 --zone " + ZONE_ID + " --timestamps unixnano");
        assertThat(ts.get("job_id").asLong()).isEqualTo(147);
        assertThat(report.get("checks").get(0).get("fix").isNull()).isTrue();
    }

    @Test
    void networkFailureIsExit5() {
        env.put("CLOUDFLARE_BASE_URL", "http://127.0.0.1:1/client/v4");
        CliResult r = run("check", "--zone", ZONE_ID).assertExit(5);
        assertThat(r.out()).startsWith("✗ credentials: verifying the API token failed: connection refused");
    }

    @Test
    void badMaxAgeIsAUsageError() {
        CliResult r = run("check", "--zone", ZONE_ID, "--max-age", "soon").assertExit(2);
        assertThat(r.err()).contains("invalid value for --max-age: invalid duration 'soon'");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void twoJobsSendingOneDatasetToOneIntakeKeyAreAFailedDuplicatesCheck() {
        stub("GET", TOKEN_VERIFY).reply(200, token("active", 365));
        String twin = healthyWithAllOffered().replace("\"id\": 147", "\"id\": 151").replace("\"id\":147", "\"id\":151");
        assertThat(twin).contains("151");
        stub("GET", JOBS).ok("[" + healthyWithAllOffered() + "," + twin + "]");
        stub("GET", FIELDS).reply(200, offered());
        CliResult r = run("check", "--zone", ZONE_ID).assertExit(1);
        assertThat(r.out()).contains("✗ job 147 (sekoia-firewall-events, firewall_events) duplicates: job 151 also "
                + "sends firewall_events to intake key " + INTAKE_KEY.substring(0, 4) + "…: Sekoia receives every event "
                + "twice\n  fix: logpush delete 151 --zone " + ZONE_ID);
        assertThat(run("check", "--zone", ZONE_ID, "-o", "json").json().toString()).contains("\"check\":\"duplicates\"");
    }

    @Test
    void aFieldsListThatCannotBeReadIsAFieldsWarningNotSilence() {
        stub("GET", TOKEN_VERIFY).reply(200, token("active", 365));
        stub("GET", JOBS).ok("[" + healthyWithAllOffered() + "]");
        stub("GET", FIELDS).reply(403, error(10000, "Authentication error"));
        CliResult r = run("check", "--zone", ZONE_ID).assertExit(0);
        assertThat(r.out()).contains("! job 147 (sekoia-firewall-events, firewall_events) fields: cannot check: ")
                .contains("HTTP 403 (10000: Authentication error)")
                .contains("\n  fix: the token is invalid or lacks a permission")
                .doesNotContain("fields: 25 fields");
        run("check", "--zone", ZONE_ID, "--strict").assertExit(1);
    }

    @Test
    void aFleetCheckReportsAFieldsListThatCannotBeReadAsAFieldsWarning(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("jobs.yaml");
        Files.writeString(file, "jobs:\n  - zones: [" + ZONE_ID + "]\n    dataset: firewall_events\n"
                + "    intake_key: " + INTAKE_KEY + "\n");
        stub("GET", TOKEN_VERIFY).reply(200, token("active", 365));
        stub("GET", JOBS).ok("[" + healthyWithAllOffered() + "]");
        stub("GET", FIELDS).reply(403, error(10000, "Authentication error"));
        JsonNode report = run("check", "-f", file.toString(), "-o", "json").assertExit(0).json();
        JsonNode fields = null;
        for (JsonNode c : report.get("checks")) {
            if (c.get("check").asText().equals("fields")) {
                fields = c;
            }
        }
        assertThat(fields).isNotNull();
        assertThat(fields.get("status").asText()).isEqualTo("warning");
        assertThat(fields.get("message").asText()).startsWith("cannot check: ").contains("HTTP 403");
        assertThat(fields.get("scope_id").asText()).isEqualTo(ZONE_ID);
    }
}
