package io.logpush.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.logpush.cli.Main;
import io.logpush.testing.CliResult;
import org.junit.jupiter.api.Test;

/** logpush apply through the entry point, against the sandbox, whose request log shows what was sent. */
class ApplyTest extends SandboxHarness {
    static final String TWO_ZONES_AND_AN_ACCOUNT = """
            defaults:
              enabled: true
              max_upload_bytes: 5000000
              max_upload_records: 1000
            jobs:
              - zones: [zone1.example.com, zone2.example.com]
                dataset: firewall_events
                intake_key: ${KEY_A}
                fields: sekoia
              - account: ${ACCOUNT}
                dataset: gateway_dns
                intake_key: ${KEY_B}
                fields: [Datetime, QueryName, SrcIP]
            """;

    @Test
    void createsThenASecondRunSendsOnlyReads() throws IOException {
        start(3, 1200, 300);
        CliResult first = apply(TWO_ZONES_AND_AN_ACCOUNT);
        first.assertExit(0);
        assertThat(first.text()).contains("+ created zone zone1.example.com firewall_events job ")
                .contains("Applied: 3 created, 0 updated, 0 unchanged, 0 deleted, 0 failed.");
        assertThat(writes()).hasSize(3).allMatch(w -> w.startsWith("POST ") && w.endsWith("/logpush/jobs"));

        CliResult second = apply(TWO_ZONES_AND_AN_ACCOUNT);
        second.assertExit(0);
        assertThat(second.out()).contains("Applied: 0 created, 0 updated, 3 unchanged, 0 deleted, 0 failed.");
        assertThat(writes()).isEmpty();
        // one zone lookup for two names, one job list per scope; Sekoia's list and an explicit list need no fields
        assertThat(requests()).containsExactlyInAnyOrder(
                "GET /client/v4/zones", "GET /client/v4/zones",
                "GET /client/v4/zones/" + id("zone1.example.com") + "/logpush/jobs",
                "GET /client/v4/zones/" + id("zone2.example.com") + "/logpush/jobs",
                "GET /client/v4/accounts/" + sandbox.accountId() + "/logpush/jobs");
    }

    @Test
    void planChangesNothingAndDetailedExitCodeSaysWhetherChangesArePending() throws IOException {
        start(2, 1200, 300);
        CliResult plan = apply(TWO_ZONES_AND_AN_ACCOUNT, "--plan", "--detailed-exitcode");
        plan.assertExit(7);
        assertThat(writes()).isEmpty();
        String pad = " ".repeat(("account " + sandbox.accountId()).length() - "zone zone1.example.com".length());
        assertThat(plan.out()).isEqualTo(""
                + "+ create  zone zone1.example.com" + pad + "  firewall_events  new job (sekoia-firewall-events)\n"
                + "      30 fields, timestamps unixnano, → intake.sekoia.io (key ${KEY_A}: AbCd…)\n"
                + "+ create  zone zone2.example.com" + pad + "  firewall_events  new job (sekoia-firewall-events)\n"
                + "      30 fields, timestamps unixnano, → intake.sekoia.io (key ${KEY_A}: AbCd…)\n"
                + "+ create  account " + sandbox.accountId() + "  gateway_dns      new job (sekoia-gateway-dns)\n"
                + "      3 fields, timestamps rfc3339, → intake.sekoia.io (key ${KEY_B}: ZyXw…)\n"
                + "\n"
                + "Plan: 3 to create, 0 to update, 0 unchanged, 0 to delete, 0 failed.\n");
        apply(TWO_ZONES_AND_AN_ACCOUNT, "--plan").assertExit(0);

        apply(TWO_ZONES_AND_AN_ACCOUNT);
        CliResult clean = apply(TWO_ZONES_AND_AN_ACCOUNT, "--plan", "--detailed-exitcode");
        clean.assertExit(0);
        assertThat(clean.out()).endsWith("Plan: 0 to create, 0 to update, 3 unchanged, 0 to delete, 0 failed.\n");
    }

    @Test
    void updatesOnlyThePropertiesTheFileSetsThatDiffer() throws IOException {
        start(2, 1200, 300);
        apply(TWO_ZONES_AND_AN_ACCOUNT);
        String changed = TWO_ZONES_AND_AN_ACCOUNT.replace("    fields: sekoia\n",
                "    fields: sekoia\n    timestamps: unix\n    max_upload_records: 5000\n");
        CliResult plan = apply(changed, "--plan", "--force");
        assertThat(plan.text()).containsPattern("~ update zone zone1.example.com firewall_events job \\d+ "
                + "\\(sekoia-firewall-events\\)\n timestamps unixnano → unix\n max_upload_records 1000 → 5000\n")
                .contains("= unchanged account " + sandbox.accountId() + " gateway_dns job ");
        CliResult r = apply(changed, "--force");
        r.assertExit(0);
        assertThat(writes()).hasSize(2).allMatch(w -> w.startsWith("PUT /client/v4/zones/"));
        assertThat(run("list", "--zone", "zone1.example.com", "-o", "json").out()).contains("timestamps=unix\"")
                .contains("\"max_upload_records\": 5000");
    }

    @Test
    void aNewKeyForTheSameIntakeIsAKeyRotation() throws IOException {
        start(1, 1200, 300);
        apply(TWO_ZONES_AND_AN_ACCOUNT.replace(", zone2.example.com", ""));
        CliResult r = apply(TWO_ZONES_AND_AN_ACCOUNT.replace(", zone2.example.com", "")
                .replace("${KEY_A}", "${KEY_C}"));
        r.assertExit(0);
        assertThat(r.text()).contains("~ updated zone zone1.example.com firewall_events job ")
                .contains("intake key rotated (AbCd… → QwEr…)");
        assertThat(writes()).hasSize(1).first().asString()
                .startsWith("PUT /client/v4/zones/" + id("zone1.example.com") + "/logpush/jobs/");
        assertThat(r.text()).contains("Applied: 0 created, 1 updated, 1 unchanged");
    }

    @Test
    void pruneDeletesUndeclaredSekoiaJobsOnlyInTheListedScopes() throws Exception {
        start(3, 1200, 300);
        apply(TWO_ZONES_AND_AN_ACCOUNT);
        run("create", "--zone", "zone1.example.com", "--dataset", "http_requests", "--intake-key", KEY_B).assertExit(0);
        run("create", "--zone", "zone3.example.com", "--intake-key", KEY_B).assertExit(0);
        postRaw("/zones/" + id("zone1.example.com") + "/logpush/jobs",
                "{\"dataset\":\"dns_logs\",\"destination_conf\":\"https://logs.example.com/ingest\"}");

        CliResult plan = apply(TWO_ZONES_AND_AN_ACCOUNT, "--plan", "--prune");
        assertThat(plan.text()).contains("- delete zone zone1.example.com http_requests job 4 (sekoia-http-requests)")
                .contains("Plan: 0 to create, 0 to update, 3 unchanged, 1 to delete, 0 failed.");
        assertThat(writes()).isEmpty();

        apply(TWO_ZONES_AND_AN_ACCOUNT, "--prune", "--yes");
        assertThat(writes()).containsExactly("DELETE /client/v4/zones/" + id("zone1.example.com") + "/logpush/jobs/4");
        assertThat(run("list", "--zone", "zone1.example.com").out()).contains("logs.example.com");
        assertThat(run("list", "--zone", "zone3.example.com").out()).contains("sekoia-firewall-events");
        apply(TWO_ZONES_AND_AN_ACCOUNT);
        assertThat(writes()).as("a run without --prune").isEmpty();
    }

    void postRaw(String path, String body) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path))
                .header("Authorization", "Bearer " + sandbox.token()).POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    @Test
    void oneFailingTargetDoesNotStopTheOthers() throws IOException {
        start(2, 1200, 300);
        CliResult r = apply(TWO_ZONES_AND_AN_ACCOUNT.replace("zone2.example.com", "nope.example.com"), "-o", "json");
        r.assertExit(1);
        JsonNode arr = r.json();
        assertThat(arr).hasSize(3);
        JsonNode failed = arr.get(0);
        assertThat(failed.get("action").asText()).isEqualTo("failed");
        assertThat(failed.get("scope_name").asText()).isEqualTo("nope.example.com");
        assertThat(failed.get("error").asText()).contains("zone nope.example.com (" + dir.resolve("logpush.yaml")
                + ":6:5) not found");
        assertThat(arr.get(1).get("action").asText()).isEqualTo("create");
        assertThat(arr.get(1).get("applied").asBoolean()).isTrue();
        assertThat(arr.get(1).get("job_id").asLong()).isPositive();
        assertThat(writes()).hasSize(2);
    }

    @Test
    void aZoneWithFourJobsFailsTheCreateBeforeSendingIt() throws Exception {
        start(2, 1200, 300);
        for (int i = 0; i < 4; i++) {
            postRaw("/zones/" + id("zone1.example.com") + "/logpush/jobs",
                    "{\"dataset\":\"http_requests\",\"destination_conf\":\"https://logs.example.com/" + i + "\"}");
        }
        CliResult r = apply(TWO_ZONES_AND_AN_ACCOUNT);
        r.assertExit(1);
        assertThat(r.text()).contains("! failed zone zone1.example.com firewall_events zone zone1.example.com "
                + "already has 4 Logpush jobs, the most Cloudflare allows");
        assertThat(writes()).hasSize(2).noneMatch(w -> w.contains(id("zone1.example.com")));
    }

    @Test
    void theLimiterKeepsARunInsideABudgetEnforcingServer() throws IOException {
        start(8, 12, 2);
        StringBuilder zones = new StringBuilder();
        for (int i = 1; i <= 8; i++) {
            zones.append(i > 1 ? ", " : "").append(id("zone" + i + ".example.com"));
        }
        String file = "jobs:\n  - zones: [" + zones + "]\n    dataset: firewall_events\n    intake_key: ${KEY_A}\n"
                + "    fields: [RayID, Datetime]\n";
        // The default budget (1,200/300 s) is far above the server's 12/2 s: the client keeps within it by
        // reading the server's Ratelimit-Policy and Ratelimit headers.
        CliResult r = apply(file, "--concurrency", "8");
        r.assertExit(0);
        assertThat(r.out()).contains("Applied: 8 created");
        // eight zones by ID: one zone page gives their plan, one field list serves them all
        assertThat(requests()).hasSize(1 + 8 + 1 + 8);
        assertThat(sandbox.rateLimited()).isZero();
    }

    @Test
    void allZonesAreListedPageByPage() throws IOException {
        start(55, 100_000, 60);
        CliResult r = apply("jobs:\n  - zones: all\n    dataset: firewall_events\n    intake_key: ${KEY_A}\n"
                + "    fields: [Datetime, RayID]\n", "--plan", "-o", "json");
        r.assertExit(0);
        assertThat(r.json()).hasSize(55);
        assertThat(requests().stream().filter(q -> q.equals("GET /client/v4/zones"))).hasSize(2);
    }

    @Test
    void anInvalidFileIsExit2WithEveryProblemAtItsLineAndNoRequest() throws IOException {
        start(1, 1200, 300);
        CliResult r = apply("""
                defaults:
                  regoin: fra1
                jobs:
                  - zones: [zone1.example.com]
                    dataset: gateway_dns
                    intake_key: literal-key-in-the-file
                  - account: ${ACCOUNT}
                    dataset: gateway_http
                    intake_key: ${NOT_SET}
                    max_upload_records: 10
                    enabled: "yes"
                """);
        r.assertExit(2);
        assertThat(requests()).isEmpty();
        String f = dir.resolve("logpush.yaml").toString();
        assertThat(r.err()).isEqualTo("logpush: error: " + f + " has 6 problems:\n"
                + "  " + f + ":2:3: unknown key 'regoin' in defaults (zones, account and dataset go in each job); did you "
                + "mean 'region'?\n"
                + "  " + f + ":4:5: dataset gateway_dns is account-scoped: use 'account'\n"
                + "  " + f + ":6:5: a literal intake key: files get committed, so write intake_key: ${VARIABLE} and set "
                + "the variable (or pass --allow-inline-secrets)\n"
                + "  " + f + ":9:5: environment variable NOT_SET is not set\n"
                + "  " + f + ":10:5: max_upload_records 10 is out of range: use 0 or 1,000 to 1,000,000\n"
                + "  " + f + ":11:5: 'enabled' must be true or false\n"
                + "hint: fix them and run it again; no request was sent\n");
    }

    @Test
    void aLiteralKeyIsAcceptedOnlyWhenAllowedAndJsonFilesWork() throws IOException {
        start(1, 1200, 300);
        String json = "{\"jobs\":[{\"zones\":[\"zone1.example.com\"],\"dataset\":\"firewall_events\",\"intake_key\":\""
                + KEY_A + "\",\"fields\":\"sekoia\"}]}";
        apply(json, "--plan").assertExit(2);
        CliResult r = apply(json, "--plan", "--allow-inline-secrets");
        r.assertExit(0);
        assertThat(r.out()).contains("(key (inline): AbCd…)");
    }

    @Test
    void aProgressLineGoesToStderrOnlyOnATerminal() throws IOException {
        start(2, 1200, 300);
        CliResult quiet = apply(TWO_ZONES_AND_AN_ACCOUNT, "--plan");
        assertThat(quiet.err()).isEmpty();
        env.put("LOGPUSH_FORCE_TTY", "1");
        CliResult tty = apply(TWO_ZONES_AND_AN_ACCOUNT, "--plan", "--no-color");
        assertThat(tty.err()).contains("\r\u001b[K3/3 targets planned, ").contains(" requests").endsWith("\r\u001b[K");
        assertThat(tty.out()).doesNotContain("targets planned");
    }

    @Test
    void theFileCanComeFromStandardInput() throws IOException {
        start(1, 1200, 300);
        log.getBuffer().setLength(0);
        CliResult r = CliResult.run(Main.Terminal.none(new java.io.ByteArrayInputStream(
                        TWO_ZONES_AND_AN_ACCOUNT.replace(", zone2.example.com", "").getBytes())),
                env, "apply", "-f", "-", "--plan").assertExit(0);
        assertThat(r.out()).contains("Plan: 2 to create");
    }

    List<String> fieldRequests() {
        return requests().stream().filter(q -> q.endsWith("/fields")).toList();
    }

    @Test
    void zonesOfOnePlanShareOneFieldListAndAPlanSendsOnlyReads() throws IOException {
        start(20, 100_000, 60);
        String file = "jobs:\n  - zones: all\n    dataset: firewall_events\n    intake_key: ${KEY_A}\n";
        apply(file, "--plan").assertExit(0);
        assertThat(writes()).isEmpty();
        CliResult r = apply(file);
        r.assertExit(0);
        assertThat(r.out()).contains("Applied: 20 created");
        // one zone page, one job list and one create per zone, the fields once for the plan they share
        assertThat(fieldRequests()).hasSize(1);
        assertThat(requests()).hasSize(1 + 20 + 1 + 20);
        CliResult again = apply(file.replace("intake_key", "fields: all\n    intake_key"));
        again.assertExit(0);
        assertThat(again.out()).contains("20 unchanged");
        assertThat(fieldRequests()).hasSize(1);
        assertThat(writes()).isEmpty();
    }

    @Test
    void zonesGivenByIdGetTheirPlanFromOneListingOrTheirOwnFieldList() throws IOException {
        start(8, 100_000, 60);
        StringBuilder five = new StringBuilder();
        for (int i = 1; i <= 5; i++) {
            five.append(i > 1 ? ", " : "").append(id("zone" + i + ".example.com"));
        }
        String file = "jobs:\n  - zones: [" + five + "]\n    dataset: firewall_events\n    intake_key: ${KEY_A}\n";
        apply(file).assertExit(0);
        // more than three zones of unknown plan: one zone page, then one field list for the plan
        assertThat(fieldRequests()).hasSize(1);
        assertThat(requests().stream().filter(q -> q.equals("GET /client/v4/zones"))).hasSize(1);

        String two = "jobs:\n  - zones: [" + id("zone6.example.com") + ", " + id("zone7.example.com")
                + "]\n    dataset: firewall_events\n    intake_key: ${KEY_A}\n";
        apply(two).assertExit(0);
        // two: cheaper to ask each zone's fields than to list the zones
        assertThat(fieldRequests()).hasSize(2);
        assertThat(requests()).noneMatch(q -> q.equals("GET /client/v4/zones"));
    }
}
