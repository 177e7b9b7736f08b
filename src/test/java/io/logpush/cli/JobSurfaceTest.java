package io.logpush.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

import io.logpush.testing.CliResult;
import io.logpush.testing.Fixtures;
import org.junit.jupiter.api.Test;

/** The job properties Cloudflare documents beyond Sekoia's needs (issue 16), checked before any request. */
class JobSurfaceTest extends ApiTest {
    void createStubs() {
        stub("GET", JOBS).ok("[]");
        stub("GET", FIELDS).reply(200, fixture("firewall_events_fields.json"));
        stub("POST", JOBS).ok(job());
    }

    @Test
    void anOutputOptionMovesTheJobToOutputOptionsAndASampleRateIsWarnedAbout() {
        createStubs();
        CliResult r = run("create", "--zone", ZONE_ID, "--intake-key", INTAKE_KEY, "--output-option",
                "sample_rate=0.5", "--output-option", "CVE-2021-44228=true").assertExit(0);
        assertThat(r.err()).contains("logpush: warning: sample_rate 0.5: only 50 % of the firewall_events events "
                + "reach Sekoia");
        JsonNode body = body(takeRequest("POST"));
        assertThat(body.has("logpull_options")).isFalse();
        assertThat(body.at("/output_options/sample_rate").asDouble()).isEqualTo(0.5);
        assertThat(body.at("/output_options/CVE-2021-44228").asBoolean()).isTrue();
        assertThat(body.at("/output_options/timestamp_format").asText()).isEqualTo("unixnano");
    }

    @Test
    void whatSekoiaCannotParseIsRefusedUnlessForced() {
        CliResult r = run("create", "--zone", ZONE_ID, "--intake-key", INTAKE_KEY, "--output-option",
                "output_type=csv").assertExit(2);
        assertThat(r.err()).isEqualTo("logpush: error: output_type csv: Sekoia's parsers read NDJSON\n"
                + "hint: drop that --output-option, or add --force to send it anyway\n");
        assertThat(stubs.seen()).isEmpty();
        createStubs();
        run("create", "--zone", ZONE_ID, "--intake-key", INTAKE_KEY, "--output-option", "output_type=csv", "--force")
                .assertExit(0);
        assertThat(body(takeRequest("POST")).at("/output_options/output_type").asText()).isEqualTo("csv");
    }

    @Test
    void unknownKeysAndBadValuesAreUsageErrors() {
        assertThat(run("create", "--zone", ZONE_ID, "--intake-key", INTAKE_KEY, "--output-option", "sampel_rate=1")
                .assertExit(2).err()).startsWith("logpush: error: unknown --output-option key 'sampel_rate'; did you "
                + "mean 'sample_rate'?");
        assertThat(run("create", "--zone", ZONE_ID, "--intake-key", INTAKE_KEY, "--output-option", "sample_rate=0")
                .assertExit(2).err()).contains("expected a number above 0 and at most 1");
        assertThat(run("create", "--zone", ZONE_ID, "--intake-key", INTAKE_KEY, "--output-option",
                "merge_subrequests=true").assertExit(2).err()).contains("for zone http_requests jobs only");
        assertThat(run("create", "--zone", ZONE_ID, "--intake-key", INTAKE_KEY, "--kind", "edge").assertExit(2)
                .err()).contains("kind edge for http_requests jobs only");
        assertThat(stubs.seen()).isEmpty();
    }

    @Test
    void anEdgeHttpRequestsJobWithMergedSubrequests() {
        stub("GET", JOBS).ok("[]");
        stub("GET", "/zones/" + ZONE_ID + "/logpush/datasets/http_requests/fields")
                .ok("{\"RayID\":\"string; r\",\"ClientIP\":\"string; ip\"}");
        stub("POST", JOBS).ok(job("dataset", "http_requests"));
        run("create", "--zone", ZONE_ID, "--dataset", "http_requests", "--intake-key", INTAKE_KEY, "--kind", "edge",
                "--output-option", "merge_subrequests=true").assertExit(0);
        JsonNode body = body(takeRequest("POST"));
        assertThat(body.get("kind").asText()).isEqualTo("edge");
        assertThat(body.at("/output_options/merge_subrequests").asBoolean()).isTrue();
    }

    @Test
    void updateSendsTheWholeOutputOptionsWithTheNewKey() {
        String oo = "{\"field_names\":[\"RayID\"],\"timestamp_format\":\"unixnano\",\"batch_suffix\":\"\"}";
        stub("GET", JOB_147).ok(job("logpull_options", null, "output_options", json(oo)));
        stub("PUT", JOB_147).ok(job());
        CliResult r = run("update", "147", "--zone", ZONE_ID, "--output-option", "CVE-2021-44228=true").assertExit(0);
        assertThat(r.out()).contains("CVE-2021-44228 → true");
        assertThat(body(takeRequest("PUT")).toString()).isEqualTo("{\"output_options\":{\"field_names\":[\"RayID\"],"
                + "\"timestamp_format\":\"unixnano\",\"batch_suffix\":\"\",\"CVE-2021-44228\":true}}");
    }

    @Test
    void filterAttackTrafficIsSetAndClearedWithAWarningOnFirewallEvents() {
        stub("GET", JOB_147).ok(job()).ok(Fixtures.with(job(), "filter_attack_traffic", true));
        stub("PUT", JOB_147).ok(job());
        CliResult on = run("update", "147", "--zone", ZONE_ID, "--filter-attack-traffic").assertExit(0);
        assertThat(on.err()).contains("leaves attack traffic out of firewall_events");
        assertThat(body(takeRequest("PUT")).toString()).isEqualTo("{\"filter_attack_traffic\":true}");
        run("update", "147", "--zone", ZONE_ID, "--no-filter-attack-traffic").assertExit(0);
        assertThat(body(takeRequest("PUT")).toString()).isEqualTo("{\"filter_attack_traffic\":false}");
    }
}
