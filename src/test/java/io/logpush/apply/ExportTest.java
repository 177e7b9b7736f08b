package io.logpush.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.logpush.testing.CliResult;
import org.junit.jupiter.api.Test;

/**
 * logpush export through the entry point, against the sandbox: jobs made by create and by hand-written bodies
 * covering every property apply compares are exported, the variables set, and apply --plan finds nothing to change.
 */
class ExportTest extends SandboxHarness {
    void postRaw(String path, String body) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl()
                        + path)).header("Authorization", "Bearer " + sandbox.token())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    static String dest(String base, String key) {
        return base + "/plain/batch?header_X-SEKOIAIO-INTAKE-KEY=" + key;
    }

    /** Sets each variable the export listed on stderr to the key of its job (found by the masked key). */
    void setVariables(CliResult export) {
        Matcher m = Pattern.compile("(?m)^  (SEKOIA_KEY_[A-Z0-9_]+) +(\\S+)…").matcher(export.err());
        while (m.find()) {
            String prefix = m.group(2);
            String key = List.of(KEY_A, KEY_B, KEY_C, KEY_D).stream().filter(k -> k.startsWith(prefix)).findFirst()
                    .orElseThrow();
            env.put(m.group(1), key);
        }
    }

    CliResult applyPlan(String file) throws IOException {
        Path f = dir.resolve("exported.yaml");
        Files.writeString(f, file);
        return run("apply", "-f", f.toString(), "--plan", "--detailed-exitcode");
    }

    void makeEveryShape() throws Exception {
        String account = sandbox.accountId();
        run("create", "--zone", "zone1.example.com", "--intake-key", KEY_A).assertExit(0);
        run("create", "--zone", "zone1.example.com", "--dataset", "http_requests", "--intake-key", KEY_A,
                "--region", "usa1", "--fields", "ClientIP,RayID,EdgeStartTimestamp").assertExit(0);
        run("create", "--account", account, "--dataset", "gateway_dns", "--intake-key", KEY_B, "--output-options",
                "--timestamps", "rfc3339ms", "--fields", "Datetime,QueryName,SrcIP").assertExit(0);
        String zone2 = "/zones/" + id("zone2.example.com") + "/logpush/jobs";
        postRaw(zone2, "{\"dataset\":\"firewall_events\",\"name\":\"waf-by-hand\",\"enabled\":false,"
                + "\"logpull_options\":\"fields=ClientIP,RayID,Datetime&timestamps=rfc3339&CVE-2021-44228=false\","
                + "\"destination_conf\":\"" + dest("https://app.fra2.sekoia.io/api/v1/intake-http", KEY_B) + "\","
                + "\"filter\":\"{\\\"where\\\":{\\\"and\\\":[{\\\"key\\\":\\\"ClientCountry\\\",\\\"operator\\\":"
                + "\\\"in\\\",\\\"value\\\":[\\\"fr\\\",\\\"de\\\"]},{\\\"key\\\":\\\"Action\\\",\\\"operator\\\":"
                + "\\\"!eq\\\",\\\"value\\\":\\\"log\\\"}]}}\","
                + "\"max_upload_bytes\":10000000,\"max_upload_records\":5000,\"max_upload_interval_seconds\":60}");
        postRaw(zone2, "{\"dataset\":\"http_requests\",\"output_options\":{\"field_names\":[\"RayID\",\"ClientIP\"],"
                + "\"timestamp_format\":\"rfc3339ns\",\"CVE-2021-44228\":true},"
                + "\"destination_conf\":\"" + dest("https://intake.example.net", KEY_C) + "\"}");
        postRaw(zone2, "{\"dataset\":\"dns_logs\",\"logpull_options\":\"fields=QueryName,Timestamp\","
                + "\"destination_conf\":\"" + dest("https://intake.sekoia.io", KEY_A) + "\"}");
        postRaw("/zones/" + id("zone3.example.com") + "/logpush/jobs",
                "{\"dataset\":\"http_requests\",\"destination_conf\":\"https://logs.example.com/ingest\"}");
    }

    @Test
    void jobsMadeByCreateAndByHandRoundTripThroughApplyPlan() throws Exception {
        start(3);
        makeEveryShape();
        Path named = dir.resolve("scopes.yaml");
        Files.writeString(named, "jobs:\n  - zones: all\n    dataset: firewall_events\n    intake_key: ${NOT_SET}\n"
                + "  - account: " + sandbox.accountId() + "\n    dataset: gateway_dns\n    intake_key: ${NOT_SET}\n");
        CliResult export = run("export", "-f", named.toString());
        export.assertExit(0);
        assertThat(writes()).isEmpty();
        assertThat(export.out()).startsWith("# Written by 'logpush export'")
                .contains("intake_key: \"${SEKOIA_KEY_ZONE1_EXAMPLE_COM_FIREWALL_EVENTS}\"")
                .contains("    region: fra2\n    filter:\n      where:\n        and:\n")
                .contains("    timestamps: rfc3339ns\n    output_options: true\n    intake_url: https://intake.example.net\n")
                .contains("    max_upload_interval_seconds: 60\n").doesNotContain("logs.example.com");
        assertThat(export.err()).contains("  SEKOIA_KEY_ZONE2_EXAMPLE_COM_FIREWALL_EVENTS  ZyXw…  zone zone2.example.com "
                + "firewall_events job 4, account " + sandbox.accountId() + " gateway_dns job 3\n")
                .contains("Exported 6 jobs of 4 zones and accounts.").doesNotContain("not exported");
        setVariables(export);
        assertThat(env.keySet().stream().filter(k -> k.startsWith("SEKOIA_KEY_"))).hasSize(3);
        CliResult plan = applyPlan(export.out());
        plan.assertExit(0);
        assertThat(writes()).isEmpty();
        assertThat(plan.out()).contains("Plan: 0 to create, 0 to update, 6 unchanged, 0 to delete, 0 failed.");
    }

    @Test
    void allJobsSaysWhichJobsAreLeftOutAndWhyAndJsonIsTheSameFile() throws Exception {
        start(1);
        String zone = "/zones/" + id("zone1.example.com") + "/logpush/jobs";
        run("create", "--zone", "zone1.example.com", "--intake-key", KEY_A).assertExit(0);
        postRaw(zone, "{\"dataset\":\"firewall_events\",\"destination_conf\":\"" + dest("https://intake.sekoia.io", KEY_B)
                + "\"}");
        postRaw(zone, "{\"dataset\":\"http_requests\",\"destination_conf\":\"https://logs.example.com/ingest\"}");
        postRaw(zone, "{\"dataset\":\"dns_logs\",\"output_options\":{\"field_names\":[\"QueryName\"],"
                + "\"output_type\":\"csv\"},\"destination_conf\":\"" + dest("https://intake.sekoia.io", KEY_C) + "\"}");

        CliResult sekoiaOnly = run("export", "--zone", "zone1.example.com");
        sekoiaOnly.assertExit(0);
        assertThat(sekoiaOnly.err()).doesNotContain("logs.example.com")
                .contains("job 2 (zone zone1.example.com, firewall_events): not exported: job 1 already sends "
                        + "firewall_events in zone zone1.example.com, and an apply file declares one job per")
                .contains("job 4 (zone zone1.example.com, dns_logs): not exported: output_type csv: Sekoia's parsers read "
                        + "NDJSON (an apply file refuses it)")
                .contains("Exported 1 job of 1 zone or account; 2 left out.");
        assertThat(sekoiaOnly.out()).contains("SEKOIA_KEY_ZONE1_EXAMPLE_COM_FIREWALL_EVENTS").doesNotContain("_2}");

        env.put("CLOUDFLARE_ZONE_ID", "zone1.example.com");
        CliResult all = run("export", "--all-jobs", "-o", "json");
        all.assertExit(0);
        assertThat(all.err()).contains("job 3 (zone zone1.example.com, http_requests): not exported: its destination "
                + "(logs.example.com) is not a Sekoia intake");
        assertThat(all.json().get("jobs")).hasSize(1);
        assertThat(all.json().get("jobs").get(0).get("intake_key").asText())
                .isEqualTo("${SEKOIA_KEY_ZONE1_EXAMPLE_COM_FIREWALL_EVENTS}");
        assertThat(writes()).isEmpty();

        run("export", "--sekoia", "--all-jobs").assertExit(2);
        run("export", "--all-zones", "-f", "-").assertExit(2);
    }

    @Test
    void withSekoiasApiTheFileNamesTheIntakesAndNeedsNoVariable() throws Exception {
        start(2);
        env.put("SEKOIA_API_URL", sandbox.sekoiaUrl());
        env.put("SEKOIA_API_KEY", sandbox.sekoiaKey());
        run("create", "--zone", "zone1.example.com", "--create-intake", "--intake-name", "Cloudflare WAF")
                .assertExit(0);
        // A key of no intake of the sandbox: refused with SEKOIA_API_KEY set unless --force (issue 24).
        run("create", "--zone", "zone2.example.com", "--intake-key", KEY_A, "--force").assertExit(0);
        CliResult export = run("export", "--all-zones");
        export.assertExit(0);
        assertThat(export.out()).contains("    intake:\n      name: Cloudflare WAF\n")
                .contains("${SEKOIA_KEY_ZONE2_EXAMPLE_COM_FIREWALL_EVENTS}");
        assertThat(export.err()).contains("SEKOIA_KEY_ZONE2_EXAMPLE_COM_FIREWALL_EVENTS").doesNotContain("ZONE1");
        env.put("SEKOIA_KEY_ZONE2_EXAMPLE_COM_FIREWALL_EVENTS", KEY_A);
        applyPlan(export.out()).assertExit(0);
        assertThat(writes()).isEmpty();

        CliResult keys = run("export", "--all-zones", "--key-variables");
        assertThat(keys.out()).doesNotContain("intake:").contains("${SEKOIA_KEY_ZONE1_EXAMPLE_COM_FIREWALL_EVENTS}");
    }

    // Issue 24: identical jobs share one entry, fields: sekoia, zones given by ID named, --all-zones --account.

    @Test
    void identicalJobsShareOneZonesEntryAndSekoiasFieldsAreWrittenSekoia() throws Exception {
        start(5);
        String account = sandbox.accountId();
        for (String z : List.of("zone1.example.com", "zone2.example.com", "zone3.example.com")) {
            run("create", "--zone", z, "--intake-key", KEY_A, "--fields", "sekoia").assertExit(0);
        }
        // the same intake, another name; then the same settings to another intake: not identical
        run("create", "--zone", "zone4.example.com", "--intake-key", KEY_A, "--fields", "sekoia", "--name", "waf-4")
                .assertExit(0);
        run("create", "--zone", "zone5.example.com", "--intake-key", KEY_B, "--fields", "sekoia").assertExit(0);
        run("create", "--zone", "zone2.example.com", "--dataset", "dns_logs", "--intake-key", KEY_D).assertExit(0);
        run("create", "--account", account, "--dataset", "gateway_dns", "--intake-key", KEY_C,
                "--fields", "Datetime,QueryName,SrcIP").assertExit(0);

        CliResult export = run("export", "--all-zones", "--account", account);
        export.assertExit(0);
        assertThat(writes()).isEmpty();
        assertThat(export.out()).contains("from every zone the token can read and account " + account)
                .contains("  - zones:\n      - zone1.example.com\n      - zone2.example.com\n      - zone3.example.com\n"
                        + "    dataset: firewall_events\n    name: sekoia-firewall-events\n    enabled: true\n"
                        + "    intake_key: \"${SEKOIA_KEY_ZONE1_EXAMPLE_COM_FIREWALL_EVENTS}\"\n    fields: sekoia\n")
                .contains("  - zones:\n      - zone4.example.com\n    dataset: firewall_events\n    name: waf-4\n")
                .contains("  - zones:\n      - zone5.example.com\n    dataset: firewall_events\n")
                .contains("  - account: " + account + "\n    dataset: gateway_dns\n");
        assertThat(export.out().split("\n  - ", -1)).hasSize(6);
        assertThat(export.out()).contains("    dataset: dns_logs\n").contains("fields:\n      - Datetime\n");
        // a variable of many jobs names the first three and counts the others
        assertThat(export.err()).containsPattern("  SEKOIA_KEY_ZONE1_EXAMPLE_COM_FIREWALL_EVENTS +AbCd…  zone zone1.example.com "
                + "firewall_events job 1, zone zone2.example.com firewall_events job 2, zone zone3.example.com "
                + "firewall_events job 3 and 1 more\n").contains("Exported 7 jobs of 6 zones and accounts.");
        setVariables(export);
        assertThat(env).containsKeys("SEKOIA_KEY_ZONE1_EXAMPLE_COM_FIREWALL_EVENTS",
                "SEKOIA_KEY_ZONE5_EXAMPLE_COM_FIREWALL_EVENTS", "SEKOIA_KEY_" + account.toUpperCase() + "_GATEWAY_DNS");
        CliResult plan = applyPlan(export.out());
        plan.assertExit(0);
        assertThat(writes()).isEmpty();
        assertThat(plan.out()).contains("Plan: 0 to create, 0 to update, 7 unchanged, 0 to delete, 0 failed.");
    }

    @Test
    void zonesGivenByIdAreNamedInTheVariablesFromOneListingAndStayIdsInTheFile() throws Exception {
        start(4);
        List<String> zones = List.of("zone1.example.com", "zone2.example.com", "zone3.example.com",
                "zone4.example.com");
        zones.forEach(z -> run("create", "--zone", z, "--intake-key", z.startsWith("zone4") ? KEY_B : KEY_A)
                .assertExit(0));
        Path named = dir.resolve("ids.yaml");
        StringBuilder f = new StringBuilder("jobs:\n  - zones: [");
        zones.forEach(z -> f.append(z.equals(zones.get(0)) ? "" : ", ").append(id(z)));
        Files.writeString(named, f.append("]\n    dataset: firewall_events\n    intake_key: ${NOT_SET}\n").toString());
        CliResult export = run("export", "-f", named.toString());
        export.assertExit(0);
        // four zones by ID: one listing names them all (not a lookup each), then a job list each
        assertThat(requests).containsOnlyOnce("GET /client/v4/zones").hasSize(5);
        assertThat(export.out()).contains("  - zones:\n      - " + id("zone1.example.com") + "\n      - "
                        + id("zone2.example.com") + "\n      - " + id("zone3.example.com") + "\n    dataset")
                .contains("${SEKOIA_KEY_ZONE1_EXAMPLE_COM_FIREWALL_EVENTS}")
                .contains("${SEKOIA_KEY_ZONE4_EXAMPLE_COM_FIREWALL_EVENTS}");
        assertThat(export.err()).contains("zone zone1.example.com firewall_events job 1, zone zone2.example.com");
        setVariables(export);
        applyPlan(export.out()).assertExit(0);
        assertThat(writes()).isEmpty();
    }
}
