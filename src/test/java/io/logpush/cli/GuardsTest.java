package io.logpush.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

import io.logpush.testing.CliResult;
import io.logpush.testing.Fixtures;
import org.junit.jupiter.api.Test;

/** What would break Sekoia's parsers (issue 16): check's verdicts, update's remedies, filters checked by field. */
class GuardsTest extends ApiTest {
    static final String CSV_OO = """
            {"field_names":["RayID","ClientIP"],"timestamp_format":"unixnano","output_type":"csv",
             "field_delimiter":";","record_prefix":"","record_suffix":"\\n","CVE-2021-44228":true}""";

    static String withOutput(String oo, Object... more) {
        return Fixtures.with(job("logpull_options", null, "output_options", json(oo)), more);
    }

    void checkSetup(String job) {
        stub("GET", "/user/tokens/verify").reply(200, ok("{\"status\":\"active\",\"expires_on\":null}"));
        stub("GET", JOBS).ok("[" + job + "]");
        stub("GET", FIELDS).reply(200, fixture("firewall_events_fields.json"));
    }

    @Test
    void checkFailsAJobWhoseRecordsAreNotPlainNdjsonWithTheRemedy() {
        checkSetup(withOutput(CSV_OO));
        CliResult r = run("check", "--zone", ZONE_ID).assertExit(1);
        String who = "job 147 (sekoia-firewall-events, firewall_events)";
        assertThat(r.out()).contains("✗ " + who + " format: output_type csv: Sekoia's parsers read NDJSON\n"
                        + "  fix: logpush update 147 --zone " + ZONE_ID + " --plain-ndjson\n")
                .contains("✗ " + who + " format: field_delimiter \";\" is not plain NDJSON's (\",\")")
                .contains("✗ " + who + " format: record_prefix \"\" is not plain NDJSON's (\"{\")");
    }

    @Test
    void samplingAnAttackFilterAndATransformerAreWarnings() {
        checkSetup(withOutput("{\"field_names\":[\"RayID\"],\"timestamp_format\":\"unixnano\",\"sample_rate\":0.1}",
                "filter_attack_traffic", true, "transformer_id", "tr-1"));
        CliResult r = run("check", "--zone", ZONE_ID, "--strict").assertExit(1);
        assertThat(r.out()).contains("! job 147 (sekoia-firewall-events, firewall_events) format: sample_rate 0.1: "
                        + "only 10 % of the firewall_events events reach Sekoia")
                .contains("format: filter_attack_traffic is on").contains("format: a Cloudflare log transformer (tr-1)")
                .doesNotContain("✗");
    }

    @Test
    void everyDocumentedPropertyOfTheApiReferenceIsReadAndJudged() {
        JsonNode vector = json(vector("cf_apiref_job_update_200_example.json")).get("result");
        String asSekoiaJob = Fixtures.with(vector.toString(), "destination_conf",
                "https://intake.sekoia.io/plain/batch?header_X-SEKOIAIO-INTAKE-KEY=" + INTAKE_KEY);
        stub("GET", "/user/tokens/verify").reply(200, ok("{\"status\":\"active\",\"expires_on\":null}"));
        stub("GET", JOBS).ok("[" + asSekoiaJob + "]");
        stub("GET", "/zones/" + ZONE_ID + "/logpush/datasets/http_requests/fields").ok("{}");
        CliResult r = run("check", "--zone", ZONE_ID).assertExit(1);
        assertThat(r.out()).contains("format: a record_template rewrites each record")
                .contains("format: batch_prefix \"batch_prefix\"");
    }

    @Test
    void updatePlainNdjsonSendsTheOutputOptionsWithoutTheShapingKeys() {
        stub("GET", JOB_147).ok(withOutput(CSV_OO));
        stub("PUT", JOB_147).ok(job());
        CliResult r = run("update", "147", "--zone", ZONE_ID, "--plain-ndjson").assertExit(0);
        assertThat(r.out()).contains("output_options → plain NDJSON");
        assertThat(body(takeRequest("PUT")).toString()).isEqualTo("{\"output_options\":{\"field_names\":[\"RayID\","
                + "\"ClientIP\"],\"timestamp_format\":\"unixnano\",\"CVE-2021-44228\":true}}");
    }

    @Test
    void addAndRemoveFieldsEditTheListWithoutRetypingIt() {
        stub("GET", JOB_147).ok(job());
        stub("GET", FIELDS).reply(200, fixture("firewall_events_fields.json"));
        stub("PUT", JOB_147).ok(job());
        run("update", "147", "--zone", ZONE_ID, "--add-fields", "Action,Datetime", "--remove-fields", "ClientIP")
                .assertExit(0);
        assertThat(body(takeRequest("PUT")).get("logpull_options").asText())
                .isEqualTo("fields=RayID,Action,Datetime&timestamps=unixnano");
    }

    @Test
    void anUnknownFieldToAddGetsTheClosestNameAndNoPut() {
        stub("GET", JOB_147).ok(job());
        stub("GET", FIELDS).reply(200, fixture("firewall_events_fields.json"));
        CliResult r = run("update", "147", "--zone", ZONE_ID, "--add-fields", "Actoin").assertExit(2);
        assertThat(r.err()).contains("Actoin → Action?");
        assertThat(stubs.seen()).noneMatch(s -> s.startsWith("PUT"));
    }

    @Test
    void aFilterOnAFieldTheDatasetLacksIsRefusedBeforeTheCreate() {
        stub("GET", JOBS).ok("[]");
        stub("GET", FIELDS).reply(200, fixture("firewall_events_fields.json"));
        CliResult r = run("create", "--zone", ZONE_ID, "--intake-key", INTAKE_KEY, "--filter",
                "{\"where\":{\"and\":[{\"key\":\"ClientCountry\",\"operator\":\"eq\",\"value\":\"fr\"},"
                        + "{\"key\":\"ClientRequestHots\",\"operator\":\"eq\",\"value\":\"a.example\"}]}}")
                .assertExit(2);
        assertThat(r.err()).startsWith("logpush: error: --filter tests a field that firewall_events does not have: "
                + "ClientRequestHots → ClientRequestHost?");
        assertThat(stubs.seen()).noneMatch(s -> s.startsWith("POST"));
    }
}
