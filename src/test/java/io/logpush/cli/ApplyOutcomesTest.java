package io.logpush.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;

import io.logpush.testing.CliResult;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What apply reports is what happened (issue 24): a create sent without a clear answer is unknown, not created. */
class ApplyOutcomesTest extends ApiTest {
    @TempDir
    Path dir;

    CliResult apply(String... extra) throws Exception {
        Path file = dir.resolve("jobs.yaml");
        Files.writeString(file, "jobs:\n  - zones: [" + ZONE_ID + "]\n    dataset: firewall_events\n"
                + "    intake_key: ${KEY}\n");
        env.put("KEY", INTAKE_KEY);
        CliResult r = applyFile(file, extra);
        assertNoIntakeKey(r);
        return r;
    }

    /** The create's answer never comes, and the listing that would say whether it was made fails too. */
    void stubLostCreate() {
        stub("GET", JOBS).ok("[]").reply(503, "{}");
        stub("GET", FIELDS).reply(200, fixture("firewall_events_fields.json"));
        stub("POST", JOBS).reply(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
        stub("GET", CreateCommandTest.RELIST).reply(503, "{}");
        env.put("LOGPUSH_RETRY_BASE_MS", "0");
    }

    @Test
    void aCreateWhoseAnswerWasLostAndCannotBeReconciledIsUnknownNeverCreated() throws Exception {
        stubLostCreate();
        CliResult r = apply("--timeout", "1", "-o", "json").assertExit(1);
        JsonNode target = r.json().get(0);
        assertThat(target.get("action").asText()).isEqualTo("unknown");
        assertThat(target.get("applied").isNull()).as(r.out()).isTrue();
        assertThat(target.get("error").asText()).contains("the outcome of the create is unknown");
    }

    @Test
    void inTextTheUnknownCreateHasItsOwnSymbolAndCount() throws Exception {
        stubLostCreate();
        CliResult text = apply("--timeout", "1").assertExit(1);
        assertThat(text.out()).contains("? unknown").doesNotContain("created zone")
                .contains("1 unknown (sent, no answer: run apply --plan to see)");
    }
}
