package io.logpush.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.logpush.testing.CliResult;
import io.logpush.testing.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * What apply holds a declared job to, through the entry point against the sandbox (issue 24): one document per
 * file, create's refusals, duplicates from racing runs, a job Cloudflare disabled, one intake key per dataset.
 */
class ApplyConvergenceTest extends SandboxHarness {
    static final String FW = """
            jobs:
              - zones: [zone1.example.com, zone2.example.com]
                dataset: firewall_events
                intake_key: ${KEY_A}
                fields: sekoia
            """;

    // ---------------------------------------------------------------------------------------------
    // one document

    @Test
    void aSecondYamlDocumentIsRefusedWithItsPlaceAndNothingIsSentEvenWithPrune() throws IOException {
        start(2, 1200, 300);
        CliResult r = apply(FW + "---\njobs:\n  - zones: [zone2.example.com]\n    dataset: dns_logs\n"
                + "    intake_key: ${KEY_B}\n", "--prune", "--yes").assertExit(2);
        assertThat(r.err()).startsWith("logpush: error: " + dir.resolve("logpush.yaml") + ":7:1: a second YAML "
                + "document after the first one ends: an apply file is one document");
        assertThat(requests()).isEmpty();
    }

    @Test
    void garbageAfterTheFirstDocumentIsRefusedToo() throws IOException {
        start(1, 1200, 300);
        assertThat(apply(FW + "---\n: : garbage [\n", "--plan").assertExit(2).err()).contains("logpush.yaml:7:");
        assertThat(apply("{\"jobs\": []} {\"jobs\": []}", "--plan").assertExit(2).err())
                .contains("logpush.yaml:1:14: a second JSON value after the first one ends");
        assertThat(apply("{\"jobs\": []} trailing", "--plan").assertExit(2).err()).contains("logpush.yaml:1:");
        assertThat(requests()).isEmpty();
    }

    @Test
    void emptyDocumentsSuchAsATrailingSeparatorAreAllowed() throws IOException {
        start(2, 1200, 300);
        CliResult r = apply("---\n" + FW + "---\n", "--plan").assertExit(0);
        assertThat(r.out()).contains("Plan: 2 to create");
    }

    @Test
    void aFileOverThreeMebibytesIsReadUpToTheDocumentedCap() {
        StringBuilder yaml = new StringBuilder("jobs:\n");
        int n = 0;
        while (yaml.length() < 3_500_000) {
            yaml.append("  - zones: [z").append(n++).append(".example.com]\n    dataset: firewall_events\n")
                    .append("    intake_key: ${K}\n");
        }
        ApplyFile f = ApplyFile.parse("big.yaml", yaml.toString(), Map.of("K", KEY_A)::get, false);
        assertThat(f.jobs()).hasSize(n);
    }

    @Test
    void aFileUnderTheCapButOverTheYamlReadersOwnLimitIsReadAndOneOverTheCapIsRefusedFirst() throws IOException {
        start(2, 1200, 300);
        String comments = ("# " + "x".repeat(98) + "\n").repeat(36_000); // 3.6 MB: over SnakeYAML's 3 MiB default
        apply(comments + FW, "--plan").assertExit(0);
        CliResult big = apply(comments.repeat(3) + FW, "--plan").assertExit(2);
        assertThat(big.err()).startsWith("logpush: error: --file: " + dir.resolve("logpush.yaml")
                + " is larger than 8,388,608 bytes\n");
        assertThat(requests()).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------
    // create's refusals

    @Test
    void aTimestampFormatThatMisdatesTheDatasetIsRefusedBeforeAnyWriteUnlessForced() throws IOException {
        start(1, 1200, 300);
        String file = "jobs:\n  - zones: [zone1.example.com]\n    dataset: firewall_events\n    intake_key: ${KEY_A}\n"
                + "    timestamps: rfc3339\n";
        CliResult r = apply(file).assertExit(1);
        assertThat(r.out()).contains("! failed     zone zone1.example.com  firewall_events  refused: "
                        + dir.resolve("logpush.yaml") + ":5:5: timestamp format rfc3339 misdates firewall_events events "
                        + "in Sekoia: its parser reads unixnano; use timestamps: unixnano (or pass --force)");
        assertThat(writes()).isEmpty();
        apply(file, "--force").assertExit(0);
        assertThat(writes()).hasSize(1);
        // a job already so (adopted as it is) is left as it is: nothing would be sent
        assertThat(apply(file, "--plan", "--detailed-exitcode").assertExit(0).out()).contains("1 unchanged");
    }

    @Test
    void aFieldListWithoutTheDatasetsTimeFieldIsRefusedLikeCreate() throws IOException {
        start(1, 1200, 300);
        CliResult r = apply("jobs:\n  - zones: [zone1.example.com]\n    dataset: dns_logs\n    intake_key: ${KEY_A}\n"
                + "    fields: [QueryName]\n").assertExit(1);
        assertThat(r.out()).contains("the field list leaves out Timestamp, the field Sekoia's dns_logs parser dates "
                + "each event by").contains("add Timestamp to 'fields' (or pass --force)");
        assertThat(writes()).isEmpty();
        run("create", "--zone", "zone1.example.com", "--dataset", "dns_logs", "--intake-key", KEY_A,
                "--fields", "QueryName").assertExit(2);
        assertThat(writes()).isEmpty();
    }

    @Test
    void oneIntakeKeyForTwoDatasetsRefusesTheWriteThatWouldSendIt() throws IOException {
        start(1, 1200, 300);
        CliResult r = apply("""
                defaults:
                  intake_key: ${KEY_A}
                jobs:
                  - zones: [zone1.example.com]
                    dataset: firewall_events
                  - zones: [zone1.example.com]
                    dataset: dns_logs
                """).assertExit(1);
        assertThat(r.out()).contains("+ created    zone zone1.example.com  firewall_events")
                .contains("dns_logs         refused: " + dir.resolve("logpush.yaml") + ":6:5: the intake key ${KEY_A} "
                        + "is also given to firewall_events");
        assertThat(writes()).hasSize(1);
    }

    // ---------------------------------------------------------------------------------------------
    // duplicates and disabled jobs are drift

    @Test
    void twoJobsToOneIntakeAreDriftTheNewerIsDeletedAndTheOldestKept() throws Exception {
        start(2, 1200, 300);
        apply(FW).assertExit(0);
        String zone1 = "/zones/" + id("zone1.example.com") + "/logpush/jobs";
        long kept = jobs(zone1).get(0).get("id").asLong();
        // a second run racing the first made its own job
        post(zone1, "{\"dataset\":\"firewall_events\",\"destination_conf\":\"https://intake.sekoia.io/plain/batch"
                + "?header_X-SEKOIAIO-INTAKE-KEY=" + KEY_A + "\",\"logpull_options\":\"fields=Datetime\"}");
        long twin = jobs(zone1).get(1).get("id").asLong();

        CliResult plan = apply(FW, "--plan", "--detailed-exitcode").assertExit(7);
        assertThat(plan.out()).contains("- delete     zone zone1.example.com  firewall_events  job " + twin)
                .contains("duplicate of job " + kept + ": both send firewall_events to one intake key, so Sekoia "
                        + "would receive every event twice; the oldest job is kept")
                .contains("Plan: 0 to create, 0 to update, 2 unchanged, 1 to delete, 0 failed.");
        assertThat(writes()).isEmpty();

        apply(FW).assertExit(0);
        assertThat(writes()).containsExactly("DELETE /client/v4" + zone1 + "/" + twin);
        assertThat(jobs(zone1)).hasSize(1);
        assertThat(jobs(zone1).get(0).get("id").asLong()).isEqualTo(kept);
        apply(FW, "--plan", "--detailed-exitcode").assertExit(0);
    }

    @Test
    void aDeclaredJobThatCloudflareDisabledIsDriftUnlessTheFileSaysEnabledFalse() throws IOException {
        start(2, 1200, 300);
        apply(FW).assertExit(0);
        String job = jobsOf("zone1.example.com").get(0).get("id").asText();
        run("disable", job, "--zone", "zone1.example.com").assertExit(0);

        CliResult plan = apply(FW, "--plan", "--detailed-exitcode").assertExit(7);
        assertThat(plan.out()).contains("~ update     zone zone1.example.com  firewall_events  job " + job)
                .contains("      enabled\n");
        apply(FW).assertExit(0);
        assertThat(writes()).hasSize(1).first().asString().startsWith("PUT ");
        assertThat(jobsOf("zone1.example.com").get(0).get("enabled").asBoolean()).isTrue();

        run("disable", job, "--zone", "zone1.example.com").assertExit(0);
        String off = FW.replace("fields: sekoia\n", "fields: sekoia\n    enabled: false\n");
        assertThat(apply(off, "--plan", "--detailed-exitcode").out()).contains("~ update").contains("disabled");
        run("enable", job, "--zone", "zone1.example.com").assertExit(0);
    }

    private JsonNode jobsOf(String zone) {
        return Fixtures.json(run("list", "--zone", zone, "-o", "json").assertExit(0).out());
    }

    private JsonNode jobs(String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl()
                + path)).header("Authorization", "Bearer " + sandbox.token()).build(), HttpResponse.BodyHandlers.ofString());
        return Fixtures.json(r.body()).get("result");
    }

    private void post(String path, String body) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl()
                        + path)).header("Authorization", "Bearer " + sandbox.token())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

}
