package io.logpush.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import io.logpush.testing.CliResult;
import io.logpush.testing.HttpStubs;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

/** Each exit code provoked through the entry point, with its one-line message and hint. */
class ErrorsTest extends ApiTest {
    @Test
    void authenticationError10000IsExit4WithCfRayAndHint() {
        stub("GET", JOBS).reply(403, fixture("error_10000.json"));

        CliResult r = listJobs().assertExit(4);

        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("logpush: error: listing the Logpush jobs of zone " + ZONE_ID
                + " failed: HTTP 403 (10000: Authentication error) [cf-ray 8a1b2c3d4e5f-CDG]\n"
                + "hint: the token is invalid or lacks a permission: Logpush needs Logs Edit on the zone or account "
                + "(and Zone Read to look up zone names); check it with 'curl -H \"Authorization: Bearer "
                + "$CLOUDFLARE_API_TOKEN\" " + apiUrl() + "/user/tokens/verify'\n");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void theRefusedTokenHintNamesTheTokenSourceAndTheApiInUse() throws Exception {
        stub("GET", JOBS).reply(403, fixture("error_10000.json"));
        env.put("CLOUDFLARE_API_TOKEN", null);
        env.put("CF_API_TOKEN", "cf-token-0123456789abcdef0123456789abcdef");
        assertThat(listJobs().assertExit(4).err()).contains("check it with 'curl -H \"Authorization: Bearer "
                + "$CF_API_TOKEN\" " + apiUrl() + "/user/tokens/verify'");

        java.nio.file.Path file = java.nio.file.Files.createTempFile("logpush token", ".txt");
        java.nio.file.Files.writeString(file, "file-token-0123456789abcdef0123456789ab");
        java.nio.file.Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        CliResult r = run("list", "--zone", ZONE_ID, "--api-token-file", file.toString()).assertExit(4);
        assertThat(r.err()).contains("check it with 'curl -H \"Authorization: Bearer $(cat '" + file + "')\" " + apiUrl()
                + "/user/tokens/verify'").doesNotContain("file-token-0123456789");
        java.nio.file.Files.delete(file);
    }

    @Test
    void eachAuthCodeHasItsHint() {
        stub("GET", "/accounts/" + ACCOUNT_ID + "/logpush/jobs")
                .reply(403, error(1004, "reading job for product 'gateway' is not allowed"));
        stub("GET", JOBS).reply(401, error(9109, "Invalid access token")).reply(400, """
                {"success":false,"errors":[{"code":6003,"message":"Invalid request headers",
                  "error_chain":[{"code":6111,"message":"Invalid format for Authorization header"}]}],
                 "messages":[],"result":null}""");
        CliResult pii = run("list", "--account", ACCOUNT_ID).assertExit(4);
        assertThat(pii.err()).contains("(1004: reading job for product 'gateway' is not allowed)")
                .contains("hint: the token lacks 'Zero Trust: PII Read', which the jobs of access_requests, gateway_dns");

        assertThat(listJobs().err()).contains("hint: the API token is invalid, expired or revoked");

        CliResult malformed = listJobs().assertExit(4);
        assertThat(malformed.err()).contains("hint: the credentials are malformed");
    }

    @Test
    void severalErrorsAreAllShownWithTheirCodes() {
        stub("GET", JOBS).reply(400, """
                {"success":false,"errors":[{"code":1001,"message":"first"},{"code":1002,"message":"second"}],
                 "messages":null,"result":null}""");
        CliResult r = listJobs().assertExit(1);
        assertThat(r.err()).contains("failed: HTTP 400 (1001: first; 1002: second) [cf-ray 8a1b2c3d4e5f-CDG]");
    }

    @Test
    void successFalseWithHttp200IsAFailure() {
        stub("GET", JOBS).reply(200, """
                {"success":false,"errors":[{"code":7003,"message":"No route for the URI"}],
                 "messages":[],"result":null}""");
        // 7003: the zone or account does not exist, like an unknown zone name (issue 18.15)
        CliResult r = listJobs().assertExit(3);
        assertThat(r.err()).contains("(7003: No route for the URI)")
                .contains("hint: check the zone or account ID, and that the dataset matches the scope");
    }

    @Test
    void rateLimitedThenOkIsRetriedAfterRetryAfter() {
        stub("GET", JOBS).reply(new MockResponse.Builder().code(429).addHeader("Retry-After", "1")
                .addHeader("Ratelimit", "\"default\";r=0;t=1").body(error(971, "Please wait and consider throttling"))
                .build()).ok("[]");

        CliResult r = listJobs("-v").assertExit(0);

        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(r.err()).contains("-> 429 (").contains("* retrying GET http://")
                .contains("in 1.0 s (HTTP 429, Retry-After)").contains("-> 200 (");
    }

    @Test
    void stillRateLimitedAfterThreeAttemptsIsExit5SayingHowLongToWait() {
        HttpStubs.Stub list = stub("GET", JOBS);
        for (int i = 0; i < 3; i++) {
            list.reply(new MockResponse.Builder().code(429).addHeader("Retry-After", "0")
                    .body(error(971, "Please wait")).build());
        }
        CliResult r = listJobs().assertExit(5);
        assertThat(r.err()).contains("still rate-limited by Cloudflare (HTTP 429) after 3 attempts")
                .contains("hint: Cloudflare allows 1,200 API requests per 5 minutes; wait 0 s and run it again");
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void serviceUnavailableThreeTimesGivesUpWithExit1AndTheLastCfRay() {
        HttpStubs.Stub list = stub("GET", JOBS);
        for (int i = 1; i <= 3; i++) {
            list.reply(new MockResponse.Builder().code(503).addHeader("cf-ray", "ray" + i)
                    .body(error(10001, "service unavailable")).build());
        }
        CliResult r = listJobs().assertExit(1);
        assertThat(server.getRequestCount()).isEqualTo(3);
        assertThat(r.err()).contains("failed: HTTP 503 (10001: service unavailable) [cf-ray ray3]")
                .contains("hint: Cloudflare had a problem; try again later");
    }

    @Test
    void htmlBadGatewayIsReadWithoutCrashing() {
        HttpStubs.Stub list = stub("GET", JOBS);
        for (int i = 0; i < 3; i++) {
            list.reply(new MockResponse.Builder().code(502).addHeader("Content-Type", "text/html")
                    .body("<html><body><h1>502 Bad Gateway</h1></body></html>").build());
        }
        CliResult r = listJobs().assertExit(1);
        assertThat(r.err()).startsWith("logpush: error: listing the Logpush jobs of zone " + ZONE_ID
                + " failed: HTTP 502 Server Error\n");
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void malformedJsonIsExit1() {
        stub("GET", JOBS).reply(200, "{\"success\":true,\"result\":[{\"id\":1,");
        CliResult r = listJobs().assertExit(1);
        assertThat(r.err()).contains("Cloudflare's answer (HTTP 200) is not a JSON envelope [cf-ray 8a1b2c3d4e5f-CDG]")
                .contains("hint: check --api-url");
    }

    @Test
    void resultNullAndErrorsNullAreTolerated() {
        stub("GET", JOBS).reply(200, "{\"success\":true,\"errors\":null,\"messages\":null,\"result\":null}");
        CliResult r = listJobs("-o", "json").assertExit(0);
        assertThat(r.out()).isEqualTo("[]\n");
    }

    @Test
    void refusedConnectionIsExit5() throws IOException {
        MockWebServer closed = new MockWebServer();
        closed.start();
        String url = closed.url("/client/v4").toString();
        closed.close();
        env.put("CLOUDFLARE_BASE_URL", url);

        CliResult r = listJobs().assertExit(5);

        assertThat(r.err()).contains("failed: connection refused talking to ").contains("after 3 attempts")
                .contains("hint: check your network, proxy and --api-url");
    }

    @Test
    void noCredentialsIsExit4BeforeAnyRequest() {
        env.put("CLOUDFLARE_API_TOKEN", null);
        CliResult r = listJobs().assertExit(4);
        assertThat(r.err()).isEqualTo("logpush: error: no Cloudflare credentials\nhint: set CLOUDFLARE_API_TOKEN to a "
                + "token with Logs Edit (or pass --api-token-file FILE); the legacy CLOUDFLARE_EMAIL + "
                + "CLOUDFLARE_API_KEY also work\n");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void malformedZoneIdIsExit2BeforeAnyRequest() {
        for (String zone : new String[] {"bad zone!", "023e105f4ecef8ad9ca31a8372d0c35", "example"}) {
            CliResult r = run("list", "--zone", zone);
            assertThat(r.code()).as(zone).isEqualTo(2);
            assertThat(r.err()).startsWith("logpush: error: invalid zone '" + zone + "' (from --zone)");
        }
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void unknownZoneNameIsExit3() {
        stub("GET", "/zones?name=nope.example.org").ok("[]");
        CliResult r = run("list", "--zone", "nope.example.org").assertExit(3);
        assertThat(r.err()).startsWith("logpush: error: zone nope.example.org not found, or the token cannot read it "
                + "(needs Zone Read)\n");
    }

    @Test
    void unknownOptionSuggestsTheClosestAndExit2() {
        CliResult r = run("list", "--zon", ZONE_ID).assertExit(2);
        assertThat(r.err()).isEqualTo("logpush: error: unknown option '--zon'\n"
                + "hint: did you mean '--zone'? (see 'logpush list --help')\n");
    }

    @Test
    void timeoutOutOfRangeIsExit2BeforeAnyRequest() {
        for (String t : new String[] {"0", "3601"}) {
            CliResult r = listJobs("--timeout", t).assertExit(2);
            assertThat(r.err()).startsWith("logpush: error: --timeout " + t + " is out of range: use 1 to 3600 seconds");
        }
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void plainHttpIsRefusedForANonLoopbackHost() {
        env.put("CLOUDFLARE_BASE_URL", "http://api.example.com/client/v4");
        CliResult r = listJobs().assertExit(2);
        assertThat(r.err()).contains("refusing plain http:// for api.example.com");
    }

    @Test
    void tokenWithALineBreakIsRefusedWithoutEchoingIt() {
        env.put("CLOUDFLARE_API_TOKEN", "abc" + TOKEN + "\ninjected");
        CliResult r = listJobs().assertExit(4);
        assertThat(r.err()).contains("contains a space, control or non-ASCII character");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void verboseLogsEachExchangeWithoutSecrets() {
        stub("GET", JOBS).ok("[]");
        CliResult r = listJobs("--verbose");
        assertThat(r.err()).matches("(?s)\\* GET http://[^ ]+/client/v4/zones/" + ZONE_ID
                + "/logpush/jobs -> 200 \\(\\d+ ms, cf-ray 8a1b2c3d4e5f-CDG\\)\n.*");
    }

    @Test
    void noStackTraceAfterAnOrdinaryErrorEvenWithVerbose() {
        stub("GET", JOBS).reply(403, fixture("error_10000.json"));
        assertThat(listJobs().err()).doesNotContain("\tat ");
        assertThat(listJobs("-v").err()).as("-v is the HTTP log, not a debug switch").doesNotContain("\tat ");
    }
}
