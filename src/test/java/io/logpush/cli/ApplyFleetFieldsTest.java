package io.logpush.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.logpush.testing.CliResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Zones of one plan share one field list; when Cloudflare refuses a create in one zone for a field that zone does
 * not offer after all, that zone's outcome names the field, the others carry on, and the run exits 1.
 */
class ApplyFleetFieldsTest extends ApiTest {
    static final String ZONE_B = "9f1e105f4ecef8ad9ca31a8372d0c354";

    @TempDir
    Path dir;

    static String zone(String id, String name) {
        return "{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"status\":\"active\",\"plan\":{\"id\":"
                + "\"94f3b7b768b0458b56d2cac4fe5ec0f9\",\"name\":\"Enterprise Website\",\"legacy_id\":\"enterprise\"}}";
    }

    @Test
    void aZoneRefusingASharedFieldFailsAloneNamingTheField() throws IOException {
        env.put("KEY_A", INTAKE_KEY);
        stub("GET", "/zones").ok("[" + zone(ZONE_ID, "a.example.com") + "," + zone(ZONE_B, "b.example.com") + "]");
        stub("GET", JOBS).ok("[]");
        stub("GET", "/zones/" + ZONE_B + "/logpush/jobs").ok("[]");
        stub("GET", FIELDS).ok("{\"RayID\":\"string\",\"Datetime\":\"int or string\",\"BotScore\":\"int\"}");
        stub("POST", JOBS).ok(job("id", 148));
        stub("POST", "/zones/" + ZONE_B + "/logpush/jobs").reply(400,
                error(1002, "invalid logpull_options: unknown field 'BotScore' for dataset firewall_events"));
        Path file = dir.resolve("fleet.yaml");
        Files.writeString(file, "jobs:\n  - zones: all\n    dataset: firewall_events\n    intake_key: ${KEY_A}\n"
                + "    fields: all\n");
        CliResult r = run("apply", "-f", file.toString(), "--concurrency", "1");
        r.assertExit(1);
        assertThat(r.text()).contains("+ created zone a.example.com firewall_events job 148")
                .contains("! failed zone b.example.com firewall_events create failed: ")
                .contains("unknown field 'BotScore'")
                .contains("Applied: 1 created, 0 updated, 0 unchanged, 0 deleted, 1 failed.");
        assertThat(stubs.calls("GET", FIELDS)).isEqualTo(1);
    }

    @Test
    void whenTheZoneThatAskedForThePlansFieldsIsRefusedTheOthersAskForTheirOwn() throws IOException {
        env.put("KEY_A", INTAKE_KEY);
        stub("GET", "/zones").ok("[" + zone(ZONE_ID, "a.example.com") + "," + zone(ZONE_B, "b.example.com") + "]");
        stub("GET", JOBS).ok("[]");
        stub("GET", "/zones/" + ZONE_B + "/logpush/jobs").ok("[]");
        stub("GET", FIELDS).reply(400, error(1002, "dataset 'firewall_events' is not supported in this scope"));
        stub("GET", "/zones/" + ZONE_B + "/logpush/datasets/firewall_events/fields").ok("{\"RayID\":\"string\"}");
        stub("POST", "/zones/" + ZONE_B + "/logpush/jobs").ok(job("id", 149));
        Path file = dir.resolve("fleet.yaml");
        Files.writeString(file, "jobs:\n  - zones: all\n    dataset: firewall_events\n    intake_key: ${KEY_A}\n");
        CliResult r = run("apply", "-f", file.toString(), "--concurrency", "1");
        r.assertExit(1);
        assertThat(r.text()).contains("! failed zone a.example.com firewall_events reading the fields")
                .contains("+ created zone b.example.com firewall_events job 149");
    }
}
