package io.logpush.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;

import io.logpush.testing.CliResult;
import io.logpush.testing.Fixtures;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** logpush alerts (list, ensure) and check's alert line, through Main.run against stubs. */
class AlertsCommandTest extends ApiTest {
    static final String V3 = "/accounts/" + ACCOUNT_ID + "/alerting/v3";
    static final String POLICIES = V3 + "/policies";
    static final String WEBHOOKS = V3 + "/destinations/webhooks";
    static final String AVAILABLE = V3 + "/available_alerts";
    static final String HOOK_SECRET = "W3bh00kQuerySecret42";
    static final String HOOK_ID = "b115d5ec15c641ee8b7692c449b5227b";
    static final String WEBHOOK_LIST = """
            [{"id":"%s","name":"soc-hook","type":"generic","url":"https://hooks.example.com/in?token=%s",
              "created_at":"2026-10-01T10:00:00Z","last_success":null,"last_failure":null}]"""
            .formatted(HOOK_ID, HOOK_SECRET);
    static final String OURS = """
            {"id":"p-ours","name":"logpush: failing Logpush job disabled","alert_type":"failing_logpush_job_disabled_alert",
             "enabled":true,"description":"x","mechanisms":{"email":[{"id":"soc@example.com"}]}}""";
    static final String OTHER_TYPE = """
            {"id":"p-zone","name":"zone alerts","alert_type":"universal_ssl_event_type","enabled":true,
             "mechanisms":{"email":[{"id":"web@example.com"}]}}""";
    static final String DISABLED_WEBHOOK = """
            {"id":"p-hook","name":"old hook","alert_type":"failing_logpush_job_disabled_alert","enabled":false,
             "mechanisms":{"webhooks":[{"id":"%s"}]}}""".formatted(HOOK_ID);

    RecordedRequest take() {
        try {
            return server.takeRequest(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void listShowsThePoliciesOfTheLogpushTypeWithWebhooksByNameAndNoUrlSecret() {
        stub("GET", POLICIES).ok("[" + OURS + "," + OTHER_TYPE + "," + DISABLED_WEBHOOK + "]");
        stub("GET", WEBHOOKS).ok(WEBHOOK_LIST);
        CliResult r = run("alerts", "-a", ACCOUNT_ID, "-v").assertExit(0);
        assertThat(r.out()).isEqualTo("""
                logpush: failing Logpush job disabled\tyes\tsoc@example.com
                old hook\tno\twebhook soc-hook
                """);
        assertThat(r.out() + r.err()).doesNotContain(HOOK_SECRET).doesNotContain("zone alerts");

        CliResult j = run("alerts", "list", "--account", ACCOUNT_ID, "-o", "json").assertExit(0);
        assertThat(j.json()).isEqualTo(json("""
                [{"id":"p-ours","name":"logpush: failing Logpush job disabled","enabled":true,
                  "mechanisms":{"email":[{"id":"soc@example.com"}]}},
                 {"id":"p-hook","name":"old hook","enabled":false,
                  "mechanisms":{"webhooks":[{"id":"%s","name":"soc-hook","url":"https://hooks.example.com/in?…"}]}}]"""
                .formatted(HOOK_ID)));
        assertThat(j.out()).doesNotContain(HOOK_SECRET);
    }

    @Test
    void listOfNoPolicySaysHowToMakeOne() {
        stub("GET", POLICIES).ok("[" + OTHER_TYPE + "]");
        CliResult r = run("alerts", "-a", ACCOUNT_ID).assertExit(0);
        assertThat(r.out()).isEqualTo("no notification policy of failing_logpush_job_disabled_alert in account "
                + ACCOUNT_ID + "\n");
        assertThat(r.err()).contains("hint: logpush alerts ensure --account " + ACCOUNT_ID + " --email ADDR");
    }

    @Test
    void ensureWhenCoveredSendsNothing() {
        stub("GET", POLICIES).ok("[" + OURS + "]");
        CliResult r = run("alerts", "ensure", "-a", ACCOUNT_ID, "--email", "SOC@example.com").assertExit(0);
        assertThat(r.out()).isEqualTo("already notified by an enabled policy of failing_logpush_job_disabled_alert: "
                + "email SOC@example.com (nothing sent)\n");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void ensureCreatesThePolicyWithOnePost() {
        stub("GET", POLICIES).ok("[" + OTHER_TYPE + "]");
        stub("GET", WEBHOOKS).ok(WEBHOOK_LIST);
        stub("POST", POLICIES).ok("{\"id\":\"p-new\"}");
        CliResult r = run("alerts", "ensure", "-a", ACCOUNT_ID, "--email", "soc@example.com", "--webhook", "soc-hook")
                .assertExit(0);
        assertThat(r.out()).isEqualTo("Created notification policy 'logpush: failing Logpush job disabled': Cloudflare "
                + "notifies email soc@example.com; webhooks soc-hook when it disables a failing Logpush job\n");
        take();
        take();
        RecordedRequest post = take();
        assertThat(post.getMethod()).isEqualTo("POST");
        assertThat(body(post)).isEqualTo(json("""
                {"name":"logpush: failing Logpush job disabled","alert_type":"failing_logpush_job_disabled_alert",
                 "enabled":true,"description":"Made by logpush: Cloudflare disabled a Logpush job after about 24 hours of failed uploads.",
                 "mechanisms":{"email":[{"id":"soc@example.com"}],"webhooks":[{"id":"%s"}]}}""".formatted(HOOK_ID)));
        assertThat(r.out() + r.err()).doesNotContain(HOOK_SECRET);
    }

    @Test
    void ensureUpdatesItsOwnPolicyWithTheUnion() {
        String ownDisabled = OURS.replace("\"enabled\":true", "\"enabled\":false");
        stub("GET", POLICIES).ok("[" + ownDisabled + "]");
        stub("PUT", POLICIES + "/p-ours").ok("{\"id\":\"p-ours\"}");
        CliResult r = run("alerts", "ensure", "-a", ACCOUNT_ID, "--email", "soc@example.com", "--email",
                "oncall@example.com", "-o", "json").assertExit(0);
        assertThat(r.json().path("action").asText()).isEqualTo("updated");
        take();
        RecordedRequest put = take();
        assertThat(put.getMethod()).isEqualTo("PUT");
        assertThat(body(put).path("enabled").asBoolean()).isTrue();
        assertThat(body(put).path("mechanisms")).isEqualTo(json("""
                {"email":[{"id":"soc@example.com"},{"id":"oncall@example.com"}]}"""));
    }

    @Test
    void anUnknownWebhookIsExit2BeforeAnyWrite() {
        stub("GET", WEBHOOKS).ok(WEBHOOK_LIST);
        CliResult r = run("alerts", "ensure", "-a", ACCOUNT_ID, "--webhook", "pager").assertExit(2);
        assertThat(r.err()).startsWith("logpush: error: no webhook destination 'pager' in account " + ACCOUNT_ID)
                .contains("known: soc-hook");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void ensureDryRunPrintsTheRequestAndSendsNoWrite() {
        stub("GET", POLICIES).ok("[]");
        CliResult r = run("alerts", "ensure", "-a", ACCOUNT_ID, "--email", "soc@example.com", "--dry-run", "-o",
                "json").assertExit(0);
        assertThat(r.json().path("method").asText()).isEqualTo("POST");
        assertThat(r.json().path("url").asText()).isEqualTo(apiUrl() + POLICIES);
        assertThat(r.json().path("body").path("mechanisms")).isEqualTo(json("{\"email\":[{\"id\":\"soc@example.com\"}]}"));
        assertThat(r.err()).contains("(dry run: nothing was sent)");
        CliResult curl = run("alerts", "ensure", "-a", ACCOUNT_ID, "--email", "soc@example.com", "--dry-run");
        assertThat(curl.out()).startsWith("curl -X POST '" + apiUrl() + POLICIES + "'");
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void refusalsNameTheNotificationsPermission() {
        stub("GET", POLICIES).reply(403, error(10000, "Authentication error")).ok("[]");
        stub("POST", POLICIES).reply(403, error(10000, "Authentication error"));
        CliResult read = run("alerts", "-a", ACCOUNT_ID).assertExit(4);
        assertThat(read.err()).contains("hint: the token needs 'Notifications Read'");
        CliResult write = run("alerts", "ensure", "-a", ACCOUNT_ID, "--email", "soc@example.com").assertExit(4);
        assertThat(write.err()).contains("hint: the token needs 'Notifications Write'");
    }

    @Test
    void badInputIsExit2BeforeAnyRequest() {
        assertThat(run("alerts", "ensure", "-a", ACCOUNT_ID).assertExit(2).err())
                .contains("'alerts ensure' needs at least one --email ADDR or --webhook NAME_OR_ID");
        assertThat(run("alerts", "ensure", "-a", ACCOUNT_ID, "--email", "nobody").assertExit(2).err())
                .contains("invalid e-mail address 'nobody'");
        assertThat(run("alerts", "-a", ACCOUNT_ID, "--email", "a@b.co").assertExit(2).err())
                .contains("go with 'alerts ensure'");
        assertThat(run("alerts").assertExit(2).err()).contains("no account given");
        assertThat(server.getRequestCount()).isZero();
    }

    // check's alert line, for an account

    private void accountWithNoJobs() {
        stub("GET", CheckCommandTest.TOKEN_VERIFY).reply(200, CheckCommandTest.token("active", 365));
        stub("GET", "/accounts/" + ACCOUNT_ID + "/logpush/jobs").ok("[]");
    }

    @Test
    void checkShowsAnEnabledPolicyWithoutReadingAvailability() {
        accountWithNoJobs();
        stub("GET", POLICIES).ok("[" + OURS + "]");
        CliResult r = run("check", "--account", ACCOUNT_ID);
        assertThat(r.out()).contains("✓ alert (account " + ACCOUNT_ID + "): Cloudflare notifies email soc@example.com "
                + "when it disables a failing Logpush job (policy 'logpush: failing Logpush job disabled')");
        CliResult j = run("check", "--account", ACCOUNT_ID, "-o", "json");
        assertThat(j.json().toString()).contains("\"check\":\"alert\"");
    }

    @Test
    void checkWarnsWithTheFixWhenNoPolicyIsEnabled() {
        accountWithNoJobs();
        stub("GET", POLICIES).ok("[" + DISABLED_WEBHOOK + "]");
        stub("GET", AVAILABLE).ok("{\"Logpush\":[{\"type\":\"failing_logpush_job_disabled_alert\"}]}");
        CliResult r = run("check", "--account", ACCOUNT_ID);
        assertThat(r.out()).contains("! alert (account " + ACCOUNT_ID + "): no enabled notification policy for "
                + "failing_logpush_job_disabled_alert").contains("fix: logpush alerts ensure --account " + ACCOUNT_ID
                + " --email …");
    }

    @Test
    void checkIsInfoWhenTheAlertIsNotAvailable() {
        accountWithNoJobs();
        stub("GET", POLICIES).ok("[]");
        stub("GET", AVAILABLE).ok("{\"Origin Monitoring\":[{\"type\":\"real_origin_monitoring\"}]}");
        CliResult r = run("check", "--account", ACCOUNT_ID);
        assertThat(r.out()).contains("i alert (account " + ACCOUNT_ID + "): the alert failing_logpush_job_disabled_alert "
                + "is not available to this account");
    }

    @Test
    void checkWarnsNamingNotificationsReadOn403() {
        accountWithNoJobs();
        stub("GET", POLICIES).reply(403, error(10000, "Authentication error"));
        CliResult r = run("check", "--account", ACCOUNT_ID);
        assertThat(r.out()).contains("! alert (account " + ACCOUNT_ID + "): the token cannot read notification "
                + "policies (needs Notifications Read)");
    }

    // check's alert line for a zone's account (one per account, once per run)

    private void zoneWithAJob() {
        stub("GET", CheckCommandTest.TOKEN_VERIFY).reply(200, CheckCommandTest.token("active", 365));
        stub("GET", JOBS).ok("[" + CheckCommandTest.healthyWithAllOffered() + "]");
        stub("GET", FIELDS).reply(200, CheckCommandTest.offered());
    }

    @Test
    void checkOfAZoneByNameTakesItsAccountFromTheLookupItAlreadyDoes() {
        zoneWithAJob();
        stub("GET", "/zones?name=example.com").ok("[" + zone(ZONE_ID, "example.com", ACCOUNT_ID) + "]");
        stub("GET", POLICIES).ok("[" + DISABLED_WEBHOOK + "]");
        stub("GET", AVAILABLE).ok("{\"Logpush\":[{\"type\":\"failing_logpush_job_disabled_alert\"}]}");
        CliResult r = run("check", "--zone", "example.com", "-o", "json").assertExit(0);
        JsonNode alert = AllScopesCheckTest.checks(r.json(), "alert").get(0);
        assertThat(alert.get("status").asText()).isEqualTo("warning");
        assertThat(alert.get("account").asText()).isEqualTo(ACCOUNT_ID);
        assertThat(alert.get("fix").asText()).isEqualTo("logpush alerts ensure --account " + ACCOUNT_ID + " --email …");
        assertThat(stubs.fallbackCalls("GET", "/zones/" + ZONE_ID)).as("no second lookup of the zone").isZero();
        assertThat(stubs.calls("GET", POLICIES)).isEqualTo(1);
    }

    @Test
    void checkOfAZoneByIdLooksItsAccountUpOnce() {
        zoneWithAJob();
        stub("GET", "/zones/" + ZONE_ID).ok(zone(ZONE_ID, "example.com", ACCOUNT_ID));
        stub("GET", POLICIES).ok("[" + OURS + "]");
        CliResult r = run("check", "--zone", ZONE_ID).assertExit(0);
        assertThat(r.out()).endsWith("✓ alert (account " + ACCOUNT_ID + "): Cloudflare notifies email soc@example.com "
                + "when it disables a failing Logpush job (policy 'logpush: failing Logpush job disabled')\n");
        assertThat(stubs.calls("GET", "/zones/" + ZONE_ID)).isEqualTo(1);
        assertThat(stubs.calls("GET", POLICIES)).isEqualTo(1);
    }

    @Test
    void aZoneTheTokenCannotReadWarnsNamingZoneRead() {
        zoneWithAJob();
        stub("GET", "/zones/" + ZONE_ID).reply(403, error(10000, "Authentication error"));
        CliResult r = run("check", "--zone", ZONE_ID).assertExit(0);
        assertThat(r.out()).contains("! alert: cannot tell which account zone " + ZONE_ID + " belongs to (the token "
                + "cannot read the zone: needs Zone Read), so the disable alert is not checked\n"
                + "  fix: add Zone > Zone > Read to the token, or check the account's alert with 'logpush check "
                + "--account ID'");
        assertThat(stubs.fallbackCalls("GET", POLICIES)).isZero();
        run("check", "--zone", ZONE_ID, "--strict").assertExit(1);
    }

    @Test
    void aFleetAsksEachAccountsPoliciesOnceWhateverItsZones(@TempDir Path dir) throws Exception {
        String other = "0000000000000000000000000000acc2";
        List<String> zones = IntStream.range(0, 5).mapToObj(i -> String.format("%032x", 0xfeed00L + i)).toList();
        Path file = dir.resolve("jobs.yaml");
        Files.writeString(file, "jobs:\n  - zones: [" + String.join(", ", zones) + "]\n    dataset: firewall_events\n"
                + "    intake_key: " + INTAKE_KEY + "\n  - account: " + ACCOUNT_ID + "\n    dataset: firewall_events\n"
                + "    intake_key: " + INTAKE_KEY + "\n");
        stub("GET", CheckCommandTest.TOKEN_VERIFY).reply(200, CheckCommandTest.token("active", 365));
        for (int i = 0; i < zones.size(); i++) {
            stub("GET", "/zones/" + zones.get(i) + "/logpush/jobs").ok("[" + Fixtures.with(
                    CheckCommandTest.healthyWithAllOffered(), "id", 3000 + i) + "]");
        }
        stub("GET", "/accounts/" + ACCOUNT_ID + "/logpush/jobs").ok("[" + Fixtures.with(
                CheckCommandTest.healthyWithAllOffered(), "id", 4000) + "]");
        stub("GET", "/accounts/" + ACCOUNT_ID + "/logpush/datasets/firewall_events/fields")
                .reply(200, CheckCommandTest.offered());
        // three zones of the account checked, two of another: the listing (read once for the zones' plans) says so
        stub("GET", "/zones").reply(200, AllScopesCheckTest.page(IntStream.range(0, 5).mapToObj(i -> zone(zones.get(i),
                "z" + i + ".example", i >= 3 ? other : ACCOUNT_ID)).toList(), 1, 5));
        stub("GET", "/zones/" + zones.get(0) + "/logpush/datasets/firewall_events/fields")
                .reply(200, CheckCommandTest.offered());
        stub("GET", POLICIES).ok("[" + OURS + "]");
        stub("GET", "/accounts/" + other + "/alerting/v3/policies").ok("[]");
        stub("GET", "/accounts/" + other + "/alerting/v3/available_alerts")
                .ok("{\"Logpush\":[{\"type\":\"failing_logpush_job_disabled_alert\"}]}");
        JsonNode report = run("check", "-f", file.toString(), "-o", "json", "--concurrency", "1").assertExit(0)
                .json();
        List<JsonNode> alerts = AllScopesCheckTest.checks(report, "alert");
        assertThat(alerts).extracting(a -> a.get("scope").asText() + " " + a.get("account").asText() + " "
                + a.get("status").asText()).containsExactly("account " + ACCOUNT_ID + " ok", "fleet " + other
                + " warning");
        assertThat(stubs.calls("GET", POLICIES)).isEqualTo(1);
        assertThat(stubs.calls("GET", "/accounts/" + other + "/alerting/v3/policies")).isEqualTo(1);
        assertThat(stubs.calls("GET", "/zones")).as("one page of the zone listing, no lookup per zone").isEqualTo(1);
        assertThat(stubs.seen()).noneMatch(s -> s.matches("GET /zones/[0-9a-f]{32}"));
    }
}
