package io.logpush.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpush.testing.CliResult;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

/** The -v log (issue 18.6, 18.7): the HTTP exchanges, never a stack trace or a URL's user information. */
class VerboseLogTest extends ApiTest {
    // 18.6: -v is the HTTP log, never a stack trace after an ordinary error

    @Test
    void verboseUsageErrorPrintsNoStackTrace() {
        CliResult r = run("list", "--zone", "bad!", "-v").assertExit(2);
        UsageErrorsTest.assertOneLineError(r, "invalid zone 'bad!'");
        assertThat(r.err().lines().count()).isEqualTo(2);
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void verboseNotFoundPrintsTheExchangeAndTheErrorOnly() {
        stub("GET", JOBS + "/999").reply(404, error(1002, "Job not found"));
        CliResult r = run("get", "999", "--zone", ZONE_ID, "-v");
        assertThat(r.err()).contains("* GET ").contains("/logpush/jobs/999 -> 404")
                .contains("logpush: error: ").doesNotContain("\tat ").doesNotContain("Exception");
        verifyStubs();
    }

    // 18.7: the user information of a URL never reaches the output

    @Test
    void apiUrlPasswordIsMaskedInTheVerboseLogAndDryRun() {
        stub("GET", JOBS).ok("[]");
        HttpUrl withPassword = server.url("/client/v4").newBuilder().username("admin").password("hunter2pw").build();
        env.put("CLOUDFLARE_BASE_URL", null);
        CliResult r = run("list", "--zone", ZONE_ID, "--api-url", withPassword.toString(), "-v").assertExit(0);
        assertThat(r.err()).contains("* GET http://…@").doesNotContain("hunter2pw").doesNotContain("admin:");
        verifyStubs();
    }
}
