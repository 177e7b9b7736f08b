package io.logpush.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeUnit;

import io.logpush.testing.CliResult;
import io.logpush.testing.HttpStubs;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Faults the API and the network can throw at an unattended run, each through the entry point with its
 * exit code and message (docs/reliability.md names these tests).
 */
class FaultInjectionTest extends ApiTest {
    private MockResponse status(int status, String kind, String ray) {
        MockResponse.Builder b = new MockResponse.Builder().code(status).addHeader("cf-ray", ray);
        switch (kind) {
            case "json" -> b.addHeader("Content-Type", "application/json").body(error(10001, "upstream trouble"));
            case "html" -> b.addHeader("Content-Type", "text/html").body("<html><body>" + status + "</body></html>");
            default -> b.body("");
        }
        return b.build();
    }

    @Test
    void retryAfterAsAnHttpDateIsHonoured() {
        String at = ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(1).format(DateTimeFormatter.RFC_1123_DATE_TIME);
        stub("GET", JOBS).reply(new MockResponse.Builder().code(429).addHeader("Retry-After", at)
                .body(error(971, "wait")).build()).ok("[]");
        CliResult r = listJobs("-v").assertExit(0);
        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(r.err()).containsPattern("\\* retrying GET \\S+ in [01]\\.\\d s \\(HTTP 429, Retry-After\\)");
    }

    @Test
    void rateLimitWithoutRetryAfterUsesCloudflaresRatelimitReset() {
        stub("GET", JOBS).reply(new MockResponse.Builder().code(429).addHeader("Ratelimit", "\"default\";r=0;t=0")
                .addHeader("Ratelimit-Policy", "\"default\";q=1200;w=300").body(error(971, "wait")).build()).ok("[]");
        CliResult r = listJobs("-v").assertExit(0);
        assertThat(r.err()).contains("in 0.0 s (HTTP 429, Ratelimit reset)");
    }

    @Test
    void rateLimitWithNeitherHeaderBacksOff() {
        stub("GET", JOBS).reply(new MockResponse.Builder().code(429).body(error(971, "wait")).build()).ok("[]");
        CliResult r = listJobs("-v").assertExit(0);
        assertThat(r.err()).contains("(HTTP 429)\n");
    }

    @Test
    void threeRateLimitsSayHowLongToWait() {
        HttpStubs.Stub list = stub("GET", JOBS);
        for (int i = 0; i < 3; i++) {
            list.reply(new MockResponse.Builder().code(429).addHeader("Retry-After", "0")
                    .addHeader("Ratelimit", "\"default\";r=0;t=0").body(error(971, "wait")).build());
        }
        CliResult r = listJobs().assertExit(5);
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
        HttpStubs.Stub list = stub("GET", JOBS);
        for (int i = 1; i <= attempts; i++) {
            list.reply(status(status, body, "ray" + i));
        }
        CliResult r = listJobs().assertExit(1);
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
        stub("GET", JOB_147).ok(SEKOIA_JOB);
        stub("PUT", JOB_147).reply(status(503, "json", "r1")).ok(job("enabled", false));
        stub("DELETE", JOB_147).reply(status(502, "html", "r2")).ok("{\"id\":147}");
        run("disable", "147", "--zone", ZONE_ID).assertExit(0);
        assertThat(server.getRequestCount()).isEqualTo(3);

        run("delete", "147", "--zone", ZONE_ID, "--yes").assertExit(0);
        assertThat(server.getRequestCount()).isEqualTo(6);
    }

    @Test
    void noResponseAtAllIsExit5WithinTheTimeBound() {
        HttpStubs.Stub list = stub("GET", JOBS);
        for (int i = 0; i < 3; i++) {
            list.reply(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
        }
        long start = System.nanoTime();
        CliResult r = listJobs("--timeout", "1");
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        r.assertExit(5);
        assertThat(r.err()).contains("failed: timed out talking to").contains("after 3 attempts")
                .contains("raise --timeout (now 1 s)");
        // 3 attempts of at most --timeout each, plus the backoff (5 ms base in tests) and start-up.
        assertThat(took).isLessThan(Duration.ofSeconds(3 + 5));
    }

    @Test
    void aBodyThatStallsHalfWayIsExit5WithinTheTimeBound() {
        String body = ok("[" + SEKOIA_JOB + "]");
        HttpStubs.Stub list = stub("GET", JOBS);
        for (int i = 0; i < 3; i++) {
            list.reply(new MockResponse.Builder().code(200).body(body).throttleBody(64, 1, TimeUnit.SECONDS).build());
        }
        long start = System.nanoTime();
        CliResult r = listJobs("--timeout", "1");
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        r.assertExit(5);
        assertThat(r.err()).contains("timed out");
        assertThat(took).isLessThan(Duration.ofSeconds(3 + 5));
    }

    @Test
    void aConnectionResetMidResponseIsRetriedThenExit5() {
        HttpStubs.Stub list = stub("GET", JOBS);
        for (int i = 0; i < 3; i++) {
            list.reply(new MockResponse.Builder().code(200).body(ok("[" + SEKOIA_JOB + "]"))
                    .onResponseBody(new SocketEffect.CloseSocket()).build());
        }
        CliResult r = listJobs().assertExit(5);
        assertThat(server.getRequestCount()).isEqualTo(3);
        assertThat(r.err()).contains("after 3 attempts");
    }

    @Test
    void aResetThenASuccessIsJustARetry() {
        stub("GET", JOBS).reply(new MockResponse.Builder().code(200).body(ok("[]"))
                .onResponseBody(new SocketEffect.CloseSocket()).build()).ok("[]");
        CliResult r = listJobs("-o", "json").assertExit(0);
        assertThat(r.out()).isEqualTo("[]\n");
    }

    @Test
    void truncatedJsonIsExit1() {
        stub("GET", JOBS).reply(200, ok("[" + SEKOIA_JOB + "]").substring(0, 60));
        CliResult r = listJobs().assertExit(1);
        assertThat(r.err()).contains("is not a JSON envelope");
    }

    @Test
    void successWithANullResultWhereAJobIsExpectedIsExit1() {
        stub("GET", JOB_147).reply(200, "{\"success\":true,\"errors\":null,\"messages\":null,\"result\":null}");
        CliResult r = run("get", "147", "--zone", ZONE_ID).assertExit(1);
        assertThat(r.err()).contains("Cloudflare answered success but returned no job");
    }

    @Test
    void unknownPropertiesEverywhereAreIgnored() {
        stub("GET", JOBS).reply(200, """
                {"success":true,"errors":[],"messages":[],"new_top":{"x":1},
                 "result":[{"id":5,"dataset":"dns_logs","enabled":true,"future_field":[1,2],
                            "output_options":{"field_names":["QueryName"],"new_option":true},
                            "destination_conf":"https://intake.sekoia.io/plain/batch"}],
                 "result_info":{"page":1,"cursor":"abc"}}""");
        CliResult r = listJobs("-o", "json").assertExit(0);
        assertThat(r.json().get(0).get("future_field").toString()).isEqualTo("[1,2]");
    }

    @Test
    void aFieldsMapOf5000EntriesIsRead() {
        StringBuilder map = new StringBuilder("{");
        for (int i = 0; i < 5000; i++) {
            map.append(i > 0 ? "," : "").append("\"Field").append(String.format("%04d", i)).append("\":\"string; f\"");
        }
        stub("GET", FIELDS).ok(map.append("}").toString());
        CliResult r = run("fields", "--zone", ZONE_ID, "-o", "names").assertExit(0);
        String[] names = r.out().trim().split(",");
        assertThat(names).hasSize(5000);
        assertThat(names[0]).isEqualTo("Field0000");
        assertThat(names[4999]).isEqualTo("Field4999");
    }

    @Test
    void aPostWhoseAnswerNeverCameIsNotRetriedBlindly() {
        stub("GET", JOBS).ok("[]");
        stub("GET", FIELDS).reply(200, fixture("firewall_events_fields.json"));
        stub("POST", JOBS).reply(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
        stub("GET", CreateCommandTest.RELIST).ok("[]");
        CliResult r = run("create", "--zone", ZONE_ID, "--intake-key", INTAKE_KEY, "--timeout", "1").assertExit(1);
        assertThat(r.err()).contains("the outcome of the create is unknown");
        take();
        take();
        assertThat(take().getMethod()).isEqualTo("POST");
        RecordedRequest relist = take();
        assertThat(relist.getMethod()).isEqualTo("GET");
        assertThat(target(relist)).isEqualTo(CreateCommandTest.RELIST);
        assertThat(server.getRequestCount()).isEqualTo(4);
    }

    @Test
    void aPostRefusedBeforeItWasSentIsRetried() throws Exception {
        stub("GET", JOBS).ok("[]");
        stub("GET", FIELDS).reply(200, fixture("firewall_events_fields.json"));
        stub("POST", JOBS).reply(new MockResponse.Builder().code(429).addHeader("Retry-After", "0")
                .body(error(971, "wait")).build())
                .reply(200, CreateCommandTest.created(json("""
                        {"dataset":"firewall_events","name":"n","enabled":true}"""), 9));
        run("create", "--zone", ZONE_ID, "--intake-key", INTAKE_KEY).assertExit(0);
        assertThat(server.getRequestCount()).isEqualTo(4);
    }
}
