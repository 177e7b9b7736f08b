package io.logpush.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.logpush.sekoia.Catalog;
import io.logpush.testing.CliResult;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** check --max-silence and max_silence (issue 22, section 6): the silence of each enabled job's intake. */
class SilenceCheckTest extends ApiTest {
    static final String WHO = "job 147 (sekoia-firewall-events, firewall_events)";

    @BeforeEach
    void sekoiaEnv() {
        env.put("SEKOIA_API_KEY", SekoiaCheckTest.SEKOIA_KEY);
        env.put("SEKOIA_API_URL", server.url("/sekoia").toString());
    }

    void cloudflareSide(String job) {
        stub("GET", "/user/tokens/verify").reply(200, ok("{\"status\":\"active\",\"expires_on\":null}"));
        stub("GET", JOBS).ok("[" + job + "]");
        ObjectNode offered = MAPPER.createObjectNode();
        Catalog.get().dataset("firewall_events").orElseThrow().fields().forEach(f -> offered.put(f, "string; x"));
        stub("GET", FIELDS).ok(offered.toString());
    }

    void sekoiaSide() {
        sekoiaIntake();
        stub("POST", SekoiaCheckTest.LAG).reply(200, "{\"total\":10,\"average_lag\":30,\"max_lag\":30}");
    }

    void sekoiaIntake() {
        stub("GET", "/sekoia/v1/me").reply(200, "{\"uuid\":\"u1\",\"name\":\"ci\"}");
        stub("GET", SekoiaCheckTest.INTAKES).reply(200, SekoiaCheckTest.page(SekoiaCheckTest.intake(
                SekoiaCheckTest.WAF_FORMAT)));
    }

    /** Events by status, the arrival window's answer first, then the silence window's. */
    static String byStatus(long valid, long warning, long invalid) {
        return "{\"total\":" + (valid + warning + invalid) + ",\"valid_events_occurrences\":" + valid
                + ",\"warning_events_occurences\":" + warning + ",\"invalid_events_occurrences\":" + invalid + "}";
    }

    /** The window a telemetry request asked for. */
    Duration window(RecordedRequest r) {
        JsonNode body = body(r);
        return Duration.between(Instant.parse(body.get("earliest").asText()), Instant.parse(body.get("latest")
                .asText()));
    }

    RecordedRequest takeTelemetry() {
        RecordedRequest r;
        do {
            r = takeRequest("POST");
        } while (!target(r).equals(SekoiaCheckTest.BY_STATUS));
        return r;
    }

    @Test
    void anIntakeWithoutValidEventInTheWindowFailsSilenceAndOnlyTheTestUploadDoesNotCount() {
        cloudflareSide(SekoiaCheckTest.healthyJob());
        sekoiaSide();
        stub("POST", SekoiaCheckTest.BY_STATUS).reply(200, byStatus(500, 0, 0)).reply(200, byStatus(0, 0, 1));
        CliResult r = run("check", "--zone", ZONE_ID, "--max-silence", "2h").assertExit(1);
        assertThat(r.out()).contains("✗ " + WHO + " silence: no event for 2 h (--max-silence)\n  fix: ");
        // the arrival window, the silence window, then the intake's reconcile (its whole hours)
        assertThat(stubs.calls("POST", SekoiaCheckTest.BY_STATUS)).isEqualTo(3);
        assertThat(window(takeTelemetry())).isEqualTo(Duration.ofHours(24));
        assertThat(window(takeTelemetry())).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void warningEventsAreArrivalsAndTheArrivalCountsAreReusedForTheSameWindow() {
        cloudflareSide(SekoiaCheckTest.healthyJob());
        sekoiaSide();
        stub("POST", SekoiaCheckTest.BY_STATUS).reply(200, byStatus(0, 7, 0));
        JsonNode report = run("check", "--zone", ZONE_ID, "--max-silence", "24h", "-o", "json").assertExit(0)
                .json();
        JsonNode silence = null;
        for (JsonNode c : report.get("checks")) {
            if (c.path("check").asText().equals("silence")) {
                silence = c;
            }
        }
        assertThat(silence).isNotNull();
        assertThat(silence.path("status").asText()).isEqualTo("ok");
        assertThat(silence.path("source").asText()).isEqualTo("sekoia");
        assertThat(silence.path("message").asText()).isEqualTo("7 events in 24 h");
        // the arrival window's counts serve silence; the other request is the intake's reconcile
        assertThat(stubs.calls("POST", SekoiaCheckTest.BY_STATUS)).isEqualTo(2);
    }

    @Test
    void aDisabledJobIsNotJudged() {
        cloudflareSide(SekoiaCheckTest.healthyJob("enabled", false));
        sekoiaIntake();
        stub("POST", SekoiaCheckTest.BY_STATUS).reply(200, byStatus(0, 0, 0));
        CliResult r = run("check", "--zone", ZONE_ID, "--max-silence", "24h");
        assertThat(r.out()).contains(WHO + " arrival").doesNotContain("silence");
    }

    @Test
    void withoutASekoiaKeyOneInfoLineSaysSilenceIsNotChecked() {
        env.put("SEKOIA_API_KEY", null);
        env.put("SEKOIA_API_URL", null);
        cloudflareSide(SekoiaCheckTest.healthyJob());
        CliResult r = run("check", "--zone", ZONE_ID, "--max-silence", "2h").assertExit(0);
        assertThat(r.out()).contains("i silence: not checked: --max-silence needs the Sekoia side (set "
                + "SEKOIA_API_KEY)\n");
        assertThat(r.out().split("silence", -1)).hasSize(3);
    }

    Path file(Path dir, String maxSilence) throws Exception {
        Path file = dir.resolve("jobs.yaml");
        Files.writeString(file, "defaults:\n  max_silence: " + maxSilence + "\njobs:\n  - zones: [" + ZONE_ID
                + "]\n    dataset: firewall_events\n    intake_key: " + INTAKE_KEY + "\n");
        return file;
    }

    static JsonNode silence(JsonNode report) {
        for (JsonNode c : report.get("checks")) {
            if (c.path("check").asText().equals("silence")) {
                return c;
            }
        }
        throw new AssertionError("no silence check in " + report);
    }

    @Test
    void anApplyFileSetsTheWindowPerJob(@TempDir Path dir) throws Exception {
        cloudflareSide(SekoiaCheckTest.healthyJob());
        sekoiaSide();
        stub("POST", SekoiaCheckTest.BY_STATUS).reply(200, byStatus(10, 0, 0)).reply(200, byStatus(0, 0, 0));
        JsonNode report = run("check", "-f", file(dir, "3h").toString(), "-o", "json").assertExit(1).json();
        assertThat(silence(report).path("status").asText()).isEqualTo("failure");
        assertThat(silence(report).path("message").asText()).isEqualTo("no event for 3 h (--max-silence)");
        takeTelemetry();
        assertThat(window(takeTelemetry())).isEqualTo(Duration.ofHours(3));
    }

    @Test
    void theCommandLineWinsOverTheApplyFile(@TempDir Path dir) throws Exception {
        cloudflareSide(SekoiaCheckTest.healthyJob());
        sekoiaSide();
        stub("POST", SekoiaCheckTest.BY_STATUS).reply(200, byStatus(10, 0, 0)).reply(200, byStatus(0, 0, 0));
        JsonNode report = run("check", "-f", file(dir, "3h").toString(), "--max-silence", "90m", "-o", "json")
                .assertExit(1).json();
        assertThat(silence(report).path("message").asText()).isEqualTo("no event for 90 min (--max-silence)");
        takeTelemetry();
        assertThat(window(takeTelemetry())).isEqualTo(Duration.ofMinutes(90));
    }

    @Test
    void aBadMaxSilenceInTheFileIsRefusedBeforeAnyRequest(@TempDir Path dir) throws Exception {
        CliResult r = run("check", "-f", file(dir, "soon").toString());
        r.assertExit(2);
        assertThat(r.err()).contains("max_silence").contains("soon");
        assertThat(stubs.seen()).isEmpty();
    }

    @Test
    void jobsSharingAnIntakeCostOneSilenceRequest() {
        String second = SekoiaCheckTest.healthyJob("id", 148, "name", "waf-2");
        cloudflareSide(SekoiaCheckTest.healthyJob() + "," + second);
        sekoiaSide();
        // job 147's arrival, the intake's silence window (read once, for both jobs), job 148's arrival
        stub("POST", SekoiaCheckTest.BY_STATUS).reply(200, byStatus(500, 0, 0)).reply(200, byStatus(0, 0, 0))
                .reply(200, byStatus(500, 0, 0));
        CliResult r = run("check", "--zone", ZONE_ID, "--max-silence", "2h").assertExit(1);
        assertThat(r.out()).contains("✗ " + WHO + " silence: no event for 2 h")
                .contains("✗ job 148 (waf-2, firewall_events) silence: no event for 2 h");
        // and one for the intake's reconcile (both jobs)
        assertThat(stubs.calls("POST", SekoiaCheckTest.BY_STATUS)).isEqualTo(4);
    }
}
