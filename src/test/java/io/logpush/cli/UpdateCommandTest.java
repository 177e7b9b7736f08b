package io.logpush.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

import io.logpush.testing.CliResult;
import io.logpush.testing.Fixtures;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

class UpdateCommandTest extends ApiTest {
    static final String NEW_KEY = "NewKeyZyXwVuTs9876543210AbCdEfGh";
    static final String LOGPULL_JOB = """
            {"id":147,"dataset":"firewall_events","enabled":true,"kind":"","name":"sekoia-firewall-events",
             "logpull_options":"fields=RayID,ClientIP&timestamps=unix&CVE-2021-44228=true",
             "destination_conf":"https://intake.usa1.sekoia.io/api/v1/intake-http/plain/batch?\
            header_X-SEKOIAIO-INTAKE-KEY=%s","max_upload_bytes":5000000,"max_upload_records":1000}"""
            .formatted(INTAKE_KEY);
    static final String OUTPUT_OPTIONS_JOB = """
            {"id":148,"dataset":"http_requests","enabled":false,"name":"sekoia-http-requests",
             "logpull_options":"fields=ClientIP,RayID&timestamps=rfc3339",
             "output_options":{"field_names":["ClientIP","RayID"],"timestamp_format":"rfc3339",
                               "output_type":"ndjson","CVE-2021-44228":false,"sample_rate":1},
             "destination_conf":"https://intake.sekoia.io/plain/batch?header_X-SEKOIAIO-INTAKE-KEY=%s"}"""
            .formatted(INTAKE_KEY);
    static final String JOB_148 = JOBS + "/148";

    private RecordedRequest putAfter(int reads) {
        for (int i = 0; i < reads; i++) {
            assertThat(take().getMethod()).isEqualTo("GET");
        }
        RecordedRequest put = take();
        assertThat(put.getMethod()).isEqualTo("PUT");
        return put;
    }

    @Test
    void timestampsOnALogpullJobRewriteOnlyThatParameter() {
        stub("GET", JOB_147).ok(LOGPULL_JOB);
        stub("PUT", JOB_147).ok(Fixtures.with(LOGPULL_JOB, "logpull_options",
                "fields=RayID,ClientIP&timestamps=unixnano&CVE-2021-44228=true"));

        CliResult r = run("update", "147", "--zone", ZONE_ID, "--timestamps", "unixnano").assertExit(0);

        RecordedRequest put = putAfter(1);
        assertThat(target(put)).isEqualTo("/zones/" + ZONE_ID + "/logpush/jobs/147");
        assertThat(body(put)).isEqualTo(
                json("{\"logpull_options\":\"fields=RayID,ClientIP&timestamps=unixnano&CVE-2021-44228=true\"}"));
        assertThat(r.out()).isEqualTo("Updated job 147 (sekoia-firewall-events): timestamps unix → unixnano\n");
    }

    @Test
    void fieldsOnALogpullJobAreCheckedAndKeepTheOtherParameters() {
        stub("GET", JOB_147).ok(LOGPULL_JOB);
        stub("GET", FIELDS).reply(200, fixture("firewall_events_fields.json"));
        stub("PUT", JOB_147).ok(LOGPULL_JOB);

        CliResult r = run("update", "147", "--zone", ZONE_ID, "--fields", "RayID,Datetime,Action").assertExit(0);

        take();
        assertThat(target(take())).isEqualTo("/zones/" + ZONE_ID + "/logpush/datasets/firewall_events/fields");
        RecordedRequest put = take();
        assertThat(body(put)).isEqualTo(
                json("{\"logpull_options\":\"fields=RayID,Datetime,Action&timestamps=unix&CVE-2021-44228=true\"}"));
        assertThat(r.out()).contains("fields +2 (Datetime, Action) -1 (ClientIP)");
    }

    @Test
    void keyRotationKeepsTheIntakeAndChangesOnlyTheDestination() {
        stub("GET", JOB_147).ok(LOGPULL_JOB);
        stub("PUT", JOB_147).ok(LOGPULL_JOB);

        CliResult r = run("update", "147", "--zone", ZONE_ID, "--intake-key", NEW_KEY);

        RecordedRequest put = putAfter(1);
        assertThat(body(put)).isEqualTo(json("{\"destination_conf\":\"https://intake.usa1.sekoia.io/api/v1/intake-http/"
                + "plain/batch?header_X-SEKOIAIO-INTAKE-KEY=" + NEW_KEY + "\"}"));
        assertThat(r.out()).isEqualTo("Updated job 147 (sekoia-firewall-events): intake key rotated (Inta… → NewK…)\n");
        assertThat(r.out() + r.err()).doesNotContain(NEW_KEY);
        assertNoIntakeKey(r);
    }

    @Test
    void regionMovesTheIntakeAndKeepsTheKey() {
        stub("GET", JOB_147).ok(LOGPULL_JOB);
        stub("PUT", JOB_147).ok(LOGPULL_JOB);
        CliResult r = run("update", "147", "--zone", ZONE_ID, "--region", "fra1");
        assertThat(body(putAfter(1)).get("destination_conf").asText())
                .isEqualTo("https://intake.sekoia.io/plain/batch?header_X-SEKOIAIO-INTAKE-KEY=" + INTAKE_KEY);
        assertThat(r.out()).contains("destination intake.usa1.sekoia.io → intake.sekoia.io");
    }

    @Test
    void enableNameFilterAndLimitsInOnePut() {
        stub("GET", JOB_147).ok(Fixtures.with(LOGPULL_JOB, "enabled", false));
        stub("GET", FIELDS).reply(200, fixture("firewall_events_fields.json"));
        stub("PUT", JOB_147).ok(LOGPULL_JOB);
        run("update", "147", "--zone", ZONE_ID, "--enable", "--name", "fw.soc", "--filter",
                "{\"where\":{\"key\":\"ClientCountry\",\"operator\":\"eq\",\"value\":\"fr\"}}",
                "--max-upload-records", "5000");
        // the filter's key is checked against the dataset's fields (one read) before the PUT
        assertThat(body(putAfter(2))).isEqualTo(json("{\"name\":\"fw.soc\",\"enabled\":true,"
                + "\"filter\":\"{\\\"where\\\":{\\\"key\\\":\\\"ClientCountry\\\",\\\"operator\\\":\\\"eq\\\","
                + "\\\"value\\\":\\\"fr\\\"}}\",\"max_upload_records\":5000}"));
    }

    @Test
    void clearFilterSendsAnEmptyFilterAndOnlyWhenThereIsOne() {
        String filtered = Fixtures.with(LOGPULL_JOB, "filter", "{\"where\":{}}");
        stub("GET", JOB_147).ok(filtered).ok(LOGPULL_JOB);
        stub("PUT", JOB_147).ok(LOGPULL_JOB);
        CliResult r = run("update", "147", "--zone", ZONE_ID, "--clear-filter");
        assertThat(body(putAfter(1))).isEqualTo(json("{\"filter\":\"\"}"));
        assertThat(r.out()).endsWith("filter cleared\n");

        assertThat(run("update", "147", "--zone", ZONE_ID, "--clear-filter").out())
                .isEqualTo("job 147 is already up to date\n");
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void outputOptionsJobGetsTheWholeObjectSent() {
        stub("GET", JOB_148).ok(OUTPUT_OPTIONS_JOB);
        stub("PUT", JOB_148).ok(OUTPUT_OPTIONS_JOB);

        run("update", "148", "--zone", ZONE_ID, "--timestamps", "unixnano", "--disable").assertExit(0);

        JsonNode body = body(putAfter(1));
        assertThat(body.has("logpull_options")).isFalse();
        assertThat(body.has("dataset")).isFalse();
        assertThat(body.has("kind")).isFalse();
        assertThat(body.get("output_options")).isEqualTo(json("{\"field_names\":[\"ClientIP\",\"RayID\"],"
                + "\"timestamp_format\":\"unixnano\",\"output_type\":\"ndjson\",\"CVE-2021-44228\":false,"
                + "\"sample_rate\":1}"));
        assertThat(body.has("enabled")).isFalse();
    }

    @Test
    void outputOptionsFieldsReplaceFieldNames() {
        stub("GET", JOB_148).ok(OUTPUT_OPTIONS_JOB);
        stub("GET", "/zones/" + ZONE_ID + "/logpush/datasets/http_requests/fields").ok("""
                {"ClientIP":"string; ip","RayID":"string; ray","EdgeStartTimestamp":"int; t"}""");
        stub("PUT", JOB_148).ok(OUTPUT_OPTIONS_JOB);
        run("update", "148", "--zone", ZONE_ID, "--fields", "all");
        JsonNode body = body(putAfter(2));
        assertThat(body.get("output_options").get("field_names"))
                .isEqualTo(json("[\"ClientIP\",\"EdgeStartTimestamp\",\"RayID\"]"));
        assertThat(body.get("output_options").get("timestamp_format").asText()).isEqualTo("rfc3339");
    }

    @Test
    void nothingToChangeSendsNoPut() {
        stub("GET", JOB_147).ok(LOGPULL_JOB);
        CliResult r = run("update", "147", "--zone", ZONE_ID, "--timestamps", "unix", "--intake-key", INTAKE_KEY,
                "--enable", "--max-upload-bytes", "5000000").assertExit(0);
        assertThat(r.out()).isEqualTo("job 147 is already up to date\n");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void fieldsInAnotherOrderAreNotAChange() {
        stub("GET", JOB_147).ok(LOGPULL_JOB);
        stub("GET", FIELDS).reply(200, fixture("firewall_events_fields.json"));
        CliResult r = run("update", "147", "--zone", ZONE_ID, "--fields", "ClientIP,RayID");
        assertThat(r.out()).isEqualTo("job 147 is already up to date\n");
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void dryRunPrintsThePutAndSendsIt() {
        stub("GET", JOB_147).ok(LOGPULL_JOB);
        CliResult r = run("update", "147", "--zone", ZONE_ID, "--timestamps", "unixnano", "--dry-run");
        assertThat(r.out()).startsWith("curl -X PUT '" + apiUrl() + "/zones/" + ZONE_ID + "/logpush/jobs/147'")
                .contains("\"logpull_options\": \"fields=RayID,ClientIP&timestamps=unixnano&CVE-2021-44228=true\"");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void conflictingOptionsAreUsageErrors() {
        run("update", "147", "--zone", ZONE_ID, "--enable", "--disable").assertExit(2);
        run("update", "147", "--zone", ZONE_ID, "--clear-filter", "--filter", "{\"where\":{}}").assertExit(2);
        run("update", "147", "--zone", ZONE_ID, "--region", "fra1", "--intake-url", "https://x.example").assertExit(2);
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void missingJobIsExit3() {
        stub("GET", JOBS + "/5").reply(404, error(1003, "job not found"));
        run("update", "5", "--zone", ZONE_ID, "--enable").assertExit(3);
        assertThat(server.getRequestCount()).isEqualTo(1);
    }
}
