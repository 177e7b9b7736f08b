package io.logpush.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.logpush.testing.CliResult;
import io.logpush.testing.Fixtures;
import org.junit.jupiter.api.Test;

class ListCommandTest extends ApiTest {
    static final String S3_JOB = """
            {"id":2,"dataset":"http_requests","enabled":false,"name":"archive",
             "destination_conf":"s3://bucket/logs?region=us-west-2&secret-access-key=AKIASECRETSECRET1234"}""";

    @Test
    void tableOfTheGoFixtureIgnoresUnknownPropertiesAndNullErrors() {
        stub("GET", JOBS).reply(200, fixture("jobs_go0.json"));

        CliResult r = run("list", "--zone", ZONE_ID).assertExit(0);

        assertThat(r.out()).isEqualTo("1\texample.com\thttp_requests\tno\ts3://mybucket/logs?region=us-west-2\t"
                + "2024-05-01T10:00:00.123456789Z\t2024-05-01T11:00:00Z test\n");
        assertThat(target(take())).isEqualTo("/zones/" + ZONE_ID + "/logpush/jobs");
    }

    @Test
    void destinationsAreMaskedInTableAndJson() {
        stub("GET", JOBS).ok("[" + SEKOIA_JOB + "," + S3_JOB + "]");
        CliResult table = run("list", "--zone", ZONE_ID);
        assertThat(table.out()).contains("https://intake.sekoia.io/plain/batch?header_X-SEKOIAIO-INTAKE-KEY=Inta…")
                .contains("s3://bucket/logs?region=us-west-2&secret-access-key=AKIA…")
                .doesNotContain("SECRETSECRET");
        assertNoIntakeKey(table);

        CliResult json = run("list", "--zone", ZONE_ID, "-o", "json");
        JsonNode arr = json.json();
        assertThat(arr).hasSize(2);
        assertThat(arr.get(0).get("destination_conf").asText())
                .isEqualTo("https://intake.sekoia.io/plain/batch?header_X-SEKOIAIO-INTAKE-KEY=Inta…");
        assertThat(arr.get(0).get("last_complete").asText()).isEqualTo("2026-11-27T10:00:00Z");
        assertNoIntakeKey(json);
    }

    @Test
    void showSecretsPrintsTheDestinationWhole() {
        stub("GET", JOBS).ok("[" + SEKOIA_JOB + "]");
        CliResult r = run("list", "--zone", ZONE_ID, "--show-secrets", "-o", "json");
        assertThat(r.json().get(0).get("destination_conf").asText()).endsWith("=" + INTAKE_KEY);
    }

    @Test
    void sekoiaKeepsOnlyJobsThatSendToSekoia() {
        stub("GET", JOBS).ok("[" + SEKOIA_JOB + "," + S3_JOB + "]");
        CliResult r = run("list", "--zone", ZONE_ID, "--sekoia");
        assertThat(r.out().lines()).hasSize(1).first().asString().startsWith("147\tsekoia-firewall-events\t");
    }

    @Test
    void datasetUsesTheDatasetJobsEndpoint() {
        stub("GET", "/accounts/" + ACCOUNT_ID + "/logpush/datasets/gateway_dns/jobs").ok("[]");
        run("list", "--account", ACCOUNT_ID, "--dataset", "gateway_dns");
        assertThat(target(take())).isEqualTo("/accounts/" + ACCOUNT_ID + "/logpush/datasets/gateway_dns/jobs");
    }

    @Test
    void noJobsIsAnEmptyArrayInJsonAndANoteInTable() {
        stub("GET", JOBS).reply(200, fixture("empty_list.json"));
        CliResult json = run("list", "--zone", ZONE_ID, "-o", "json").assertExit(0);
        assertThat(json.out()).isEqualTo("[]\n");
        assertThat(json.json().isArray()).isTrue();

        stub("GET", "/zones?name=example.com").reply(200, fixture("zone_example_com.json"));
        CliResult table = run("list", "--zone", "example.com").assertExit(0);
        assertThat(table.out()).isEmpty();
        assertThat(table.err()).isEqualTo("No Logpush jobs in zone example.com.\n");
    }

    @Test
    void terminalTableHasHeadersAndColour() {
        env.put("LOGPUSH_FORCE_TTY", "1");
        stub("GET", JOBS).ok("[" + SEKOIA_JOB + "]");
        CliResult r = run("list", "--zone", ZONE_ID, "--no-color");
        assertThat(r.out().lines().findFirst().orElseThrow())
                .startsWith("ID   NAME                    DATASET          ON   DESTINATION");
    }

    @Test
    void aTerminalRowOfASekoiaJobFitsAHundredColumnsAndAPipeKeepsEveryValueWhole() {
        String failing = Fixtures.with(SEKOIA_JOB, "last_error", "2026-11-27T11:00:00.123Z", "error_message",
                "error uploading to https://intake.sekoia.io/plain/batch: 401 Unauthorized");
        stub("GET", JOBS).ok("[" + failing + "]");
        env.put("LOGPUSH_FORCE_TTY", "1");
        List<String> lines = run("list", "--zone", ZONE_ID, "--no-color").assertExit(0).out().lines().toList();
        assertThat(lines).hasSize(2).allSatisfy(l -> assertThat(l.length()).as(l).isLessThanOrEqualTo(100));
        assertThat(lines.get(0)).isEqualTo("ID   NAME                    DATASET          ON   DESTINATION  "
                + "LAST BATCH         LAST ERROR");
        assertThat(lines.get(1)).isEqualTo("147  sekoia-firewall-events  firewall_events  yes  fra1 Inta…   "
                + "2026-11-27 10:00Z  2026-11-27 11:00Z");
        env.remove("LOGPUSH_FORCE_TTY");
        String piped = run("list", "--zone", ZONE_ID).assertExit(0).out();
        assertThat(piped).contains("https://intake.sekoia.io/plain/batch?header_X-SEKOIAIO-INTAKE-KEY=Inta…")
                .contains("2026-11-27T11:00:00.123Z error uploading to https://intake.sekoia.io/plain/batch: 401 "
                        + "Unauthorized");
    }

    @Test
    void terminalTableLinesUpWideValues() {
        env.put("LOGPUSH_FORCE_TTY", "1");
        String longName = "sekoia-firewall-events.for-a-very-long-zone-name.example.com";
        String wide = """
                {"id":1234567,"dataset":"http_requests","enabled":false,"name":"%s",
                 "destination_conf":"https://intake.usa1.sekoia.io/api/v1/intake-http/plain/batch?\
                header_X-SEKOIAIO-INTAKE-KEY=%s&tags=origin:2001:db8::1",
                 "last_error":"2026-11-27T10:00:00Z","error_message":"dial tcp [2001:db8::1]:443: timeout"}"""
                .formatted(longName, INTAKE_KEY);
        stub("GET", JOBS).ok("[" + SEKOIA_JOB + "," + wide + "]");
        CliResult r = run("list", "--zone", ZONE_ID, "--no-color");
        java.util.List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(3);
        for (String column : new String[] {"NAME", "DATASET", "ON", "DESTINATION", "LAST BATCH"}) {
            int at = lines.get(0).indexOf(column);
            assertThat(lines.get(1).charAt(at - 1)).as(column).isEqualTo(' ');
            assertThat(lines.get(1).charAt(at)).as(column).isNotEqualTo(' ');
            assertThat(lines.get(2).charAt(at)).as(column).isNotEqualTo(' ');
            assertThat(lines.get(2).charAt(at - 1)).as(column).isEqualTo(' ');
        }
        assertThat(lines.get(2)).contains(longName).endsWith("usa1 Inta…   -                  2026-11-27 10:00Z");
        assertNoIntakeKey(r);
    }

    @Test
    void namesFormatIsOnlyForFields() {
        CliResult r = run("list", "--zone", ZONE_ID, "-o", "names").assertExit(2);
        assertThat(r.err()).contains("invalid value for --output: expected one of [table, json]");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void unknownOutputFormatIsAUsageError() {
        CliResult r = run("list", "--zone", ZONE_ID, "-o", "xml").assertExit(2);
        assertThat(r.err()).isEqualTo("logpush: error: invalid value for --output: expected one of [table, json] but "
                + "was 'xml'\nhint: see 'logpush list --help'\n");
        assertThat(server.getRequestCount()).isZero();
    }

    // the "no error" dash in list's LAST ERROR column is plain, not red

    @Test
    void theNoErrorDashIsNotRed() {
        stub("GET", JOBS).ok("[{\"id\":147,\"dataset\":\"firewall_events\",\"name\":\"sekoia-firewall-events\","
                + "\"enabled\":true,\"destination_conf\":\"https://intake.sekoia.io/plain/batch\","
                + "\"last_complete\":null,\"last_error\":null}]");
        Main.Terminal tty = new Main.Terminal(java.io.InputStream.nullInputStream(), true, true);
        CliResult r = run(tty, "list", "--zone", ZONE_ID).assertExit(0);
        assertThat(r.out()).contains("\u001b[32myes").doesNotContain("\u001b[31m-");
        assertThat(r.out().lines().skip(1).findFirst().orElseThrow()).endsWith("-");
    }
}
