package io.logpush.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpush.testing.CliResult;
import org.junit.jupiter.api.Test;

class GetCommandTest extends ApiTest {
    static final String OUTPUT_OPTIONS_JOB = """
            {"id":146,"dataset":"http_requests","enabled":false,"name":"<DOMAIN_NAME>",
             "output_options":{"field_names":["ClientIP","ClientRequestHost","RayID"],"timestamp_format":"rfc3339"},
             "destination_conf":"s3://<BUCKET_PATH>?region=us-west-2",
             "last_complete":null,"last_error":null,"error_message":null}""";

    @Test
    void tableReadsFieldsAndTimestampsOutOfLogpullOptions() {
        stub("GET", JOB_147).ok(SEKOIA_JOB);

        CliResult r = run("get", "147", "--zone", ZONE_ID).assertExit(0);

        assertThat(target(take())).isEqualTo("/zones/" + ZONE_ID + "/logpush/jobs/147");
        assertThat(r.out()).isEqualTo("""
                id: 147
                name: sekoia-firewall-events
                dataset: firewall_events
                enabled: true
                destination: https://intake.sekoia.io/plain/batch?header_X-SEKOIAIO-INTAKE-KEY=Inta…
                options: logpull_options
                fields (2): RayID,ClientIP
                timestamps: unixnano
                filter: -
                max upload bytes: -
                max upload records: -
                max upload interval seconds: -
                last complete: 2026-11-27T10:00:00Z
                last error: -
                error message: -
                """);
        assertNoIntakeKey(r);
    }

    @Test
    void tableReadsOutputOptions() {
        stub("GET", JOBS + "/146").ok(OUTPUT_OPTIONS_JOB);
        CliResult r = run("get", "146", "--zone", ZONE_ID);
        assertThat(r.out()).contains("options: output_options\n", "fields (3): ClientIP,ClientRequestHost,RayID\n",
                "timestamps: rfc3339\n");
    }

    @Test
    void jsonIsTheJobMasked() {
        stub("GET", JOB_147).ok(SEKOIA_JOB);
        CliResult r = run("get", "147", "--zone", ZONE_ID, "-o", "json");
        assertThat(r.json().get("id").asLong()).isEqualTo(147);
        assertThat(r.json().get("destination_conf").asText()).endsWith("KEY=Inta…");
        assertNoIntakeKey(r);
    }

    @Test
    void showSecretsPrintsTheDestinationWhole() {
        stub("GET", JOB_147).ok(SEKOIA_JOB);
        CliResult r = run("get", "147", "--zone", ZONE_ID, "--show-secrets");
        assertThat(r.out()).contains("destination: https://intake.sekoia.io/plain/batch?header_X-SEKOIAIO-INTAKE-KEY="
                + INTAKE_KEY + "\n");
    }

    @Test
    void missingJobIsExit3() {
        stub("GET", JOBS + "/999").reply(404, """
                {"success":false,"errors":[{"code":1003,"message":"job not found"}],"messages":[],"result":null}""");
        CliResult r = run("get", "999", "--zone", ZONE_ID).assertExit(3);
        assertThat(r.err()).isEqualTo("logpush: error: job 999 not found in zone " + ZONE_ID
                + " [cf-ray 8a1b2c3d4e5f-CDG]\nhint: list the jobs with 'logpush list --zone " + ZONE_ID + "'\n");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void nonNumericOrNegativeJobIdIsAUsageError() {
        run("get", "abc", "--zone", ZONE_ID).assertExit(2);
        CliResult r = run("get", "--zone", ZONE_ID, "--", "-5").assertExit(2);
        assertThat(r.err()).contains("invalid job ID -5");
        assertThat(server.getRequestCount()).isZero();
    }
}
