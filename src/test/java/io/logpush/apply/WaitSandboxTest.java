package io.logpush.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;

import com.fasterxml.jackson.databind.JsonNode;

import io.logpush.sandbox.Sandbox;
import io.logpush.testing.CliResult;
import org.junit.jupiter.api.Test;

/**
 * --wait against the sandbox, whose Sekoia intakes receive what its jobs send: Cloudflare's test upload at once (an
 * invalid event), then the job's events from its first batch on. The test upload never confirms a delivery.
 */
class WaitSandboxTest extends SandboxHarness {
    /** A one-zone sandbox whose jobs deliver their first batch {@code firstBatchMs} after they are enabled. */
    void startDelivering(long firstBatchMs) throws IOException {
        sandbox = Sandbox.start(Sandbox.Config.defaults().zones(1).firstBatchAfterMillis(firstBatchMs)
                .log(new PrintWriter(log)));
        env.put("CLOUDFLARE_BASE_URL", sandbox.baseUrl());
        env.put("CLOUDFLARE_API_TOKEN", sandbox.token());
        env.put("SEKOIA_API_KEY", sandbox.sekoiaKey());
        env.put("SEKOIA_API_URL", sandbox.sekoiaUrl());
        env.put("LOGPUSH_RETRY_BASE_MS", "5");
        env.put("LOGPUSH_WAIT_POLL_MS", "100");
    }

    long counts() {
        return requests().stream().filter(r -> r.endsWith("/v1/telemetry/events-by-status/counters")).count();
    }

    @Test
    void createWaitsPastTheTestUploadUntilTheFirstBatchArrives() throws IOException {
        startDelivering(700);
        CliResult r = run("create", "--zone", sandbox.zoneName(), "--create-intake", "--wait", "1m", "-o", "json");
        r.assertExit(0);
        JsonNode wait = OneJsonDocumentTest.oneDocument("create --wait", r.out()).get("wait");
        assertThat(wait.get("confirmed").asBoolean()).isTrue();
        assertThat(wait.get("invalid_events").asLong()).isEqualTo(1); // the test upload, counted but no arrival
        assertThat(wait.get("valid_events").asLong()).isPositive();
        assertThat(wait.get("intake").get("name").asText()).startsWith("Cloudflare WAF events");
        // the polls before the first batch saw only the test upload
        assertThat(counts()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void whenTheFirstBatchComesTooLateTheWaitExits8AndTheJobStays() throws IOException {
        startDelivering(600_000);
        CliResult r = run("create", "--zone", sandbox.zoneName(), "--create-intake", "--wait", "PT0.5S");
        r.assertExit(8);
        assertThat(r.out()).startsWith("Created job ");
        assertThat(r.err()).containsPattern("but delivery not confirmed in 1s \\(--wait\\): 0 valid events on intake "
                + "'Cloudflare WAF events \\([^)]+\\)' since \\d\\d:\\d\\d UTC \\(besides 1 invalid, such as "
                + "Cloudflare's test upload, which is no arrival\\); Cloudflare: no upload yet\n");
        assertThat(run("list", "--zone", sandbox.zoneName(), "-o", "json").assertExit(0).json()).hasSize(1);
    }

    @Test
    void applyWaitsForTheJobsItWroteAndPrintsOneDocument() throws IOException {
        startDelivering(300);
        run("create", "--zone", sandbox.zoneName(), "--create-intake", "--dataset", "http_requests").assertExit(0);
        CliResult r = apply("""
                jobs:
                  - zones: [%s]
                    dataset: firewall_events
                    intake: {name: WAF}
                """.formatted(sandbox.zoneName()), "--create-intakes", "--wait", "1m", "-o", "json");
        r.assertExit(0);
        JsonNode doc = OneJsonDocumentTest.oneDocument("apply --wait", r.out());
        JsonNode target = null;
        for (JsonNode t : doc) {
            if ("firewall_events".equals(t.path("dataset").asText()) && !t.path("job_id").isNull()) {
                target = t;
            }
        }
        assertThat(target).as(r.out()).isNotNull();
        assertThat(target.get("wait").get("confirmed").asBoolean()).isTrue();
        assertThat(target.get("wait").get("intake").get("name").asText()).isEqualTo("WAF");

    }
}
