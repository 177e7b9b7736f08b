package io.logpush.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.logpush.testing.CliResult;
import org.junit.jupiter.api.Test;

/** Jobs on output_options: the millisecond timestamps that need them and the move to them (issue 13.3, 13.4). */
class OutputOptionsTest extends CloudflareShapesTest {
    // ---------------------------------------------------------------------------------------------
    // 13.3 rfc3339ms and rfc3339ns belong to output_options

    @Test
    void millisecondTimestampsOnLogpullOptionsAreAUsageErrorBeforeAnyRequest() {
        CliResult r = run("create", "--account", ACCOUNT_ID, "--dataset", "gateway_dns", "--intake-key", INTAKE_KEY,
                "--timestamps", "rfc3339ms").assertExit(2);
        assertThat(r.err()).isEqualTo("logpush: error: timestamp format rfc3339ms exists only in output_options: "
                + "Cloudflare documents unixnano, unix and rfc3339 for logpull_options\n"
                + "hint: add --output-options to send output_options instead\n");
        assertThat(stubs.seen()).isEmpty();
    }

    @Test
    void millisecondTimestampsWithOutputOptionsAreSentThere() {
        stub("GET", ACCOUNT_JOBS).ok("[]");
        stub("GET", "/accounts/" + ACCOUNT_ID + "/logpush/datasets/gateway_dns/fields")
                .reply(200, offered(List.of("Datetime", "QueryName")));
        stub("POST", ACCOUNT_JOBS).ok(job("id", 9, "dataset", "gateway_dns"));
        run("create", "--account", ACCOUNT_ID, "--dataset", "gateway_dns", "--intake-key", INTAKE_KEY,
                "--timestamps", "rfc3339ms", "--output-options").assertExit(0);
        JsonNode body = body(takeRequest("POST"));
        assertThat(body.at("/output_options/timestamp_format").asText()).isEqualTo("rfc3339ms");
        assertThat(body.has("logpull_options")).isFalse();
    }

    @Test
    void anApplyFileAsksForOutputOptionsWithMillisecondTimestamps() throws Exception {
        Path file = dir.resolve("jobs.yaml");
        Files.writeString(file, """
                jobs:
                  - account: %s
                    dataset: gateway_dns
                    intake_key: ${KEY}
                    timestamps: rfc3339ns
                """.formatted(ACCOUNT_ID));
        env.put("KEY", INTAKE_KEY);
        CliResult r = run("apply", "-f", file.toString(), "--plan").assertExit(2);
        assertThat(r.err()).contains("jobs.yaml:5:5: timestamp format rfc3339ns exists only in output_options");
        assertThat(stubs.seen()).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------
    // 13.4 moving a job to output_options

    static final String LOGPULL_WITH_CVE = "fields=RayID,ClientIP&timestamps=unixnano&CVE-2021-44228=true";

    @Test
    void updateOutputOptionsCarriesEveryParameterAndDropsLogpullOptions() {
        stub("GET", JOB_147).ok(job("logpull_options", LOGPULL_WITH_CVE));
        stub("PUT", JOB_147).ok(job("output_options", json("{\"field_names\":[\"RayID\",\"ClientIP\"]}")));
        CliResult r = run("update", "147", "--zone", ZONE_ID, "--output-options").assertExit(0);
        assertThat(r.out()).isEqualTo("Updated job 147 (sekoia-firewall-events): logpull_options → output_options\n");
        assertThat(body(takeRequest("PUT")).toString()).isEqualTo("{\"output_options\":{\"field_names\":[\"RayID\","
                + "\"ClientIP\"],\"timestamp_format\":\"unixnano\",\"CVE-2021-44228\":true},\"logpull_options\":null}");
    }

    @Test
    void theConversionShowsInADryRunAndRefusesAParameterItWouldLose() {
        stub("GET", JOB_147).ok(job("logpull_options", LOGPULL_WITH_CVE))
                .ok(job("logpull_options", "fields=RayID&timestamps=unixnano&mystery=1"));
        CliResult dry = run("update", "147", "--zone", ZONE_ID, "--output-options", "--dry-run", "-o", "json")
                .assertExit(0);
        assertThat(dry.json().at("/body/output_options/CVE-2021-44228").asBoolean()).isTrue();
        assertThat(dry.json().get("method").asText()).isEqualTo("PUT");
        CliResult lossy = run("update", "147", "--zone", ZONE_ID, "--output-options").assertExit(2);
        assertThat(lossy.err()).startsWith("logpush: error: logpull_options parameter 'mystery' has no output_options "
                + "equivalent");
        assertThat(stubs.seen()).noneMatch(s -> s.startsWith("PUT"));
    }

    @Test
    void anApplyFileWithOutputOptionsTrueConvertsTheMatchingJob() throws Exception {
        Path file = dir.resolve("jobs.yaml");
        Files.writeString(file, """
                jobs:
                  - zones: [%s]
                    dataset: firewall_events
                    intake_key: ${KEY}
                    output_options: true
                """.formatted(ZONE_ID));
        env.put("KEY", INTAKE_KEY);
        stub("GET", JOBS).ok("[" + job("logpull_options", LOGPULL_WITH_CVE) + "]");
        stub("PUT", JOB_147).ok(job());
        CliResult r = run("apply", "-f", file.toString()).assertExit(0);
        assertThat(r.text()).contains("~ updated zone " + ZONE_ID + " firewall_events job 147")
                .contains("logpull_options → output_options");
        assertThat(body(takeRequest("PUT")).get("output_options").get("CVE-2021-44228").asBoolean()).isTrue();
    }
}
