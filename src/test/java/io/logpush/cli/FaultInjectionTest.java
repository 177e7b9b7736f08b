package io.logpush.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeUnit;

import io.logpush.testing.CliResult;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Faults the API and the network can throw at an unattended run, each through the entry point with its
 * exit code and message (docs/reliability.md names these tests).
 */
class FaultInjectionTest extends ApiTest {
    private void enqueueStatus(int status, String kind, String ray) {
        MockResponse.Builder b = new MockResponse.Builder().code(status).addHeader("cf-ray", ray);
        switch (kind) {
            case "json" -> b.addHeader("Content-Type", "application/json").body(error(10001, "upstream trouble"));
            case "html" -> b.addHeader("Content-Type", "text/html").body("<html><body>" + status + "</body></html>");
            default -> b.body("");
        }
        stubs.enqueue(b.build());
    }

    @Test
    void retryAfterAsAnHttpDateIsHonoured() {
        String at = ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(1).format(DateTimeFormatter.RFC_1123_DATE_TIME);
        stubs.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", at).body(error(971, "wait"))
                .build());
        enqueue(200, ok("[]"));
        CliResult r = listJobs("-v");
        assertThat(r.code()).isZero();
        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(r.err()).containsPattern("\\* retrying GET \\S+ in [01]\\.\\d s \\(HTTP 429, Retry-After\\)");
    }

    @Test
    void rateLimitWithoutRetryAfterUsesCloudflaresRatelimitReset() {
        stubs.enqueue(new MockResponse.Builder().code(429).addHeader("Ratelimit", "\"default\";r=0;t=0")
                .addHeader("Ratelimit-Policy", "\"default\";q=1200;w=300").body(error(971, "wait")).build());
        enqueue(200, ok("[]"));
        CliResult r = listJobs("-v");
        assertThat(r.code()).isZero();
        assertThat(r.err()).contains("in 0.0 s (HTTP 429, Ratelimit reset)");
    }

    @Test
    void rateLimitWithNeitherHeaderBacksOff() {
        stubs.enqueue(new MockResponse.Builder().code(429).body(error(971, "wait")).build());
        enqueue(200, ok("[]"));
        CliResult r = listJobs("-v");
        assertThat(r.code()).isZero();
        assertThat(r.err()).contains("(HTTP 429)\n");
    }

    @Test
    void threeRateLimitsSayHowLongToWait() {
        for (int i = 0; i < 3; i++) {
            stubs.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "0")
                    .addHeader("Ratelimit", "\"default\";r=0;t=0").body(error(971, "wait")).build());
        }
        CliResult r = listJobs();
        assertThat(r.code()).isEqualTo(5);
        assertThat(r.err()).contains("still rate-limited by Cloudflare (HTTP 429) after 3 attempts")
                .contains("wait 0 s and run it again");
    }

    @ParameterizedTest(name = "GET {0} with a {1} body: {2} attempt(s)")
    @CsvSource({
        "500, json, 3", "500, html, 3", "500, empty, 3",
        "502, json, 3", "502, html, 3", "502, empty, 3",
        "503, json, 3", "503, html, 3", "503, empty, 3",
        "504, json, 3", "504, html, 3", "504, empty, 3",
    })
    void serverErrorsAreRetriedOnlyWhereThePolicyAllows(int status, String body, int attempts) {
        for (int i = 1; i <= attempts; i++) {
            enqueueStatus(status, body, "ray" + i);
        }
        CliResult r = listJobs();
        assertThat(r.code()).isEqualTo(1);
        assertThat(server.getRequestCount()).isEqualTo(attempts);
        assertThat(r.err()).startsWith("logpush: error: listing the Logpush jobs of zone " + ZONE_ID
                + " failed: HTTP " + status).contains("[cf-ray ray" + attempts + "]");
        if (body.equals("json")) {
            assertThat(r.err()).contains("(10001: upstream trouble)");
        }
        assertThat(r.err()).doesNotContain("Exception");
    }

    @Test
    void putAndDeleteAreRetriedOn503() {
        enqueue(200, ok(ListCommandTest.SEKOIA_JOB));
        enqueueStatus(503, "json", "r1");
        enqueue(200, ok(ListCommandTest.SEKOIA_JOB.replace("\"enabled\":true", "\"enabled\":false")));
        assertThat(run("disable", "147", "--zone", ZONE_ID).code()).isZero();
        assertThat(server.getRequestCount()).isEqualTo(3);

        enqueue(200, ok(ListCommandTest.SEKOIA_JOB));
        enqueueStatus(502, "html", "r2");
        enqueue(200, ok("{\"id\":147}"));
        assertThat(run("delete", "147", "--zone", ZONE_ID, "--yes").code()).isZero();
        assertThat(server.getRequestCount()).isEqualTo(6);
    }

    @Test
    void noResponseAtAllIsExit5WithinTheTimeBound() {
        for (int i = 0; i < 3; i++) {
            stubs.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
        }
        long start = System.nanoTime();
        CliResult r = listJobs("--timeout", "1");
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(r.code()).isEqualTo(5);
        assertThat(r.err()).contains("failed: timed out talking to").contains("after 3 attempts")
                .contains("raise --timeout (now 1 s)");
        // 3 attempts of at most --timeout each, plus the backoff (5 ms base in tests) and start-up.
        assertThat(took).isLessThan(Duration.ofSeconds(3 + 5));
    }

    @Test
    void aBodyThatStallsHalfWayIsExit5WithinTheTimeBound() {
        String body = ok("[" + ListCommandTest.SEKOIA_JOB + "]");
        for (int i = 0; i < 3; i++) {
            stubs.enqueue(new MockResponse.Builder().code(200).body(body).throttleBody(64, 1, TimeUnit.SECONDS)
                    .build());
        }
        long start = System.nanoTime();
        CliResult r = listJobs("--timeout", "1");
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(r.code()).isEqualTo(5);
        assertThat(r.err()).contains("timed out");
        assertThat(took).isLessThan(Duration.ofSeconds(3 + 5));
    }

    @Test
    void aConnectionResetMidResponseIsRetriedThenExit5() {
        for (int i = 0; i < 3; i++) {
            stubs.enqueue(new MockResponse.Builder().code(200).body(ok("[" + ListCommandTest.SEKOIA_JOB + "]"))
                    .onResponseBody(new SocketEffect.CloseSocket()).build());
        }
        CliResult r = listJobs();
        assertThat(r.code()).isEqualTo(5);
        assertThat(server.getRequestCount()).isEqualTo(3);
        assertThat(r.err()).contains("after 3 attempts");
    }

    @Test
    void aResetThenASuccessIsJustARetry() {
        stubs.enqueue(new MockResponse.Builder().code(200).body(ok("[]"))
                .onResponseBody(new SocketEffect.CloseSocket()).build());
        enqueue(200, ok("[]"));
        CliResult r = listJobs("-o", "json");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("[]\n");
    }

    @Test
    void truncatedJsonIsExit1() {
        enqueue(200, ok("[" + ListCommandTest.SEKOIA_JOB + "]").substring(0, 60));
        CliResult r = listJobs();
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("is not a JSON envelope");
    }

    @Test
    void successWithANullResultWhereAJobIsExpectedIsExit1() {
        enqueue(200, "{\"success\":true,\"errors\":null,\"messages\":null,\"result\":null}");
        CliResult r = run("get", "147", "--zone", ZONE_ID);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("Cloudflare answered success but returned no job");
    }

    @Test
    void unknownPropertiesEverywhereAreIgnored() {
        enqueue(200, "{\"success\":true,\"errors\":[],\"messages\":[],\"new_top\":{\"x\":1},\"result\":[{\"id\":5,"
                + "\"dataset\":\"dns_logs\",\"enabled\":true,\"future_field\":[1,2],\"output_options\":{\"field_names\":"
                + "[\"QueryName\"],\"new_option\":true},\"destination_conf\":\"https://intake.sekoia.io/plain/batch\"}],"
                + "\"result_info\":{\"page\":1,\"cursor\":\"abc\"}}");
        CliResult r = listJobs("-o", "json");
        assertThat(r.code()).isZero();
        assertThat(r.json().get(0).get("future_field").toString()).isEqualTo("[1,2]");
    }

    @Test
    void aFieldsMapOf5000EntriesIsRead() {
        StringBuilder map = new StringBuilder("{");
        for (int i = 0; i < 5000; i++) {
            map.append(i > 0 ? "," : "").append("\"Field").append(String.format("%04d", i)).append("\":\"string; f\"");
        }
        enqueue(200, ok(map.append("}").toString()));
        CliResult r = run("fields", "--zone", ZONE_ID, "-o", "names");
        assertThat(r.code()).isZero();
        String[] names = r.out().trim().split(",");
        assertThat(names).hasSize(5000);
        assertThat(names[0]).isEqualTo("Field0000");
        assertThat(names[4999]).isEqualTo("Field4999");
    }

    @Test
    void aPostWhoseAnswerNeverCameIsNotRetriedBlindly() {
        enqueue(200, ok("[]"));
        enqueueFixture("firewall_events_fields.json");
        stubs.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
        enqueue(200, ok("[]"));
        CliResult r = run("create", "--zone", ZONE_ID, "--intake-key", INTAKE_KEY, "--timeout", "1");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("the outcome of the create is unknown");
        take();
        take();
        assertThat(take().getMethod()).isEqualTo("POST");
        assertThat(take().getMethod()).isEqualTo("GET");
        assertThat(server.getRequestCount()).isEqualTo(4);
    }

    @Test
    void aPostRefusedBeforeItWasSentIsRetried() throws Exception {
        enqueue(200, ok("[]"));
        enqueueFixture("firewall_events_fields.json");
        stubs.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "0").body(error(971, "wait"))
                .build());
        enqueue(200, CreateCommandTest.created(json("{\"dataset\":\"firewall_events\",\"name\":\"n\",\"enabled\":true}"),
                9));
        CliResult r = run("create", "--zone", ZONE_ID, "--intake-key", INTAKE_KEY);
        assertThat(r.code()).isZero();
        assertThat(server.getRequestCount()).isEqualTo(4);
    }
}
