package io.logpush.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;

import io.logpush.testing.CliResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The apply file takes the job surface of issue 16 too, with the same checks and guards as create. */
class ApplyJobSurfaceTest extends ApiTest {
    @TempDir
    Path dir;

    CliResult apply(String yaml, String... extra) throws Exception {
        Path file = dir.resolve("jobs.yaml");
        Files.writeString(file, yaml);
        env.put("KEY", INTAKE_KEY);
        return applyFile(file, extra);
    }

    @Test
    void outputOptionsAsAMappingAndTheAttackFilterAreCreatedAndConverged() throws Exception {
        String yaml = """
                jobs:
                  - zones: [%s]
                    dataset: firewall_events
                    intake_key: ${KEY}
                    output_options: {CVE-2021-44228: true, sample_rate: 1}
                    filter_attack_traffic: false
                """.formatted(ZONE_ID);
        stub("GET", JOBS).ok("[]");
        stub("GET", FIELDS).reply(200, fixture("firewall_events_fields.json"));
        stub("POST", JOBS).ok(job());
        apply(yaml).assertExit(0);
        JsonNode body = body(takeRequest("POST"));
        assertThat(body.at("/output_options/CVE-2021-44228").asBoolean()).isTrue();
        assertThat(body.at("/output_options/sample_rate").asDouble()).isEqualTo(1.0);
        assertThat(body.get("filter_attack_traffic").asBoolean()).isFalse();
    }

    @Test
    void whatSekoiaCannotParseIsAProblemOfTheFileBeforeAnyRequest() throws Exception {
        CliResult r = apply("""
                jobs:
                  - zones: [%s]
                    dataset: firewall_events
                    intake_key: ${KEY}
                    output_options: {output_type: csv}
                    kind: edge
                """.formatted(ZONE_ID), "--plan").assertExit(2);
        assertThat(r.err()).contains("jobs.yaml:5:5: output_type csv: Sekoia's parsers read NDJSON")
                .contains("jobs.yaml:6:5: Cloudflare takes kind edge for http_requests jobs only");
        assertThat(stubs.seen()).isEmpty();
    }

    @Test
    void concurrencyOutOfRangeIsAUsageErrorBeforeAnyRequestForApplyAndAFleetCheck() throws Exception {
        String yaml = "jobs:\n  - zones: [" + ZONE_ID + "]\n    dataset: firewall_events\n    intake_key: ${KEY}\n";
        assertThat(apply(yaml, "--concurrency", "0").assertExit(2).err())
                .startsWith("logpush: error: --concurrency 0 is out of range: use 1 to 32\n");
        Path file = dir.resolve("jobs.yaml");
        assertThat(run("check", "-f", file.toString(), "--concurrency", "33").assertExit(2).err())
                .startsWith("logpush: error: --concurrency 33 is out of range: use 1 to 32\n");
        assertThat(stubs.seen()).isEmpty();
    }
}
