package io.logpush.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpush.testing.CliResult;
import io.logpush.testing.HttpStubs;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;

/** Waits are bounded by --max-wait and announced as they start (issues 13.5 and 18.1); 500 is retried. */
class WaitsTest extends ApiTest {
    static final String JOB = """
            {"id":147,"dataset":"firewall_events","enabled":true,"name":"sekoia-firewall-events",
             "logpull_options":"fields=RayID,ClientIP&timestamps=unixnano",
             "destination_conf":"https://intake.sekoia.io/plain/batch?header_X-SEKOIAIO-INTAKE-KEY=%s"}"""
            .formatted(INTAKE_KEY);

    static MockResponse tooManyRequests(String retryAfter) {
        return new MockResponse.Builder().code(429).addHeader("Content-Type", "application/json")
                .addHeader("Retry-After", retryAfter).body(error(971, "Please wait and consider throttling")).build();
    }

    String jobs() {
        return "/zones/" + ZONE_ID + "/logpush/jobs";
    }

    @Test
    void aRetryAfterLongerThanMaxWaitEndsTheCommandAtOnceWithWhenToRetry() {
        stub("GET", jobs()).reply(tooManyRequests("400"));
        CliResult r = listJobs().assertExit(5);
        assertThat(r.err()).startsWith("logpush: error: listing the Logpush jobs of zone " + ZONE_ID + ": "
                + "rate-limited by Cloudflare and asks to wait 6m40s, longer than --max-wait 5m\n")
                .containsPattern("hint: try again after \\d\\d:\\d\\d:\\d\\d UTC, or raise --max-wait; Cloudflare "
                        + "allows 1,200 API requests per 5 minutes");
        assertThat(stubs.seen()).hasSize(1);
        verifyStubs();
    }

    @Test
    void maxWaitIsAnOption() {
        stub("GET", jobs()).reply(tooManyRequests("3"));
        CliResult r = listJobs("--max-wait", "2s").assertExit(5);
        assertThat(r.err()).contains("asks to wait 3s, longer than --max-wait 2s");
        verifyStubs();
    }

    @Test
    void aWaitOverTwoSecondsIsAnnouncedOnStderrAsItStarts() {
        stub("GET", jobs()).reply(tooManyRequests("3")).ok("[" + JOB + "]");
        CliResult r = listJobs().assertExit(0);
        assertThat(r.err()).isEqualTo("logpush: rate-limited by Cloudflare; retrying in 3s (Ctrl-C to stop)\n");
        assertThat(r.out()).contains("147");
        assertThat(stubs.seen()).hasSize(2);
        verifyStubs();
    }

    @Test
    void aSpentBudgetThatResetsAfterMaxWaitEndsTheCommandBeforeTheNextRequest() {
        stub("GET", jobs() + "/147").reply(new MockResponse.Builder().code(200)
                .addHeader("Content-Type", "application/json").addHeader("Ratelimit", "\"default\";r=0;t=900")
                .body(ok(JOB)).build());
        CliResult r = run("update", "147", "--zone", ZONE_ID, "--name", "renamed").assertExit(5);
        assertThat(r.err()).startsWith("logpush: error: updating job 147 of zone " + ZONE_ID + ": Cloudflare's "
                + "request budget is spent and "
                + "asks to wait 15m, longer than --max-wait 5m\n");
        assertThat(stubs.seen()).containsExactly("GET /zones/" + ZONE_ID + "/logpush/jobs/147");
        verifyStubs();
    }

    @Test
    void http500IsRetriedForReadsButNotForCreates() {
        stub("GET", jobs()).reply(HttpStubs.json(500, error(0, "internal error"))).ok("[" + JOB + "]");
        listJobs().assertExit(0);
        assertThat(stubs.seen()).hasSize(2);
        verifyStubs();
    }

    @Test
    void retryBaseOutOfRangeIsAUsageErrorNotAHang() {
        for (String bad : new String[] {"-5", "99999999999", "soon"}) {
            env.put("LOGPUSH_RETRY_BASE_MS", bad);
            CliResult r = listJobs().assertExit(2);
            assertThat(r.err()).startsWith("logpush: error: LOGPUSH_RETRY_BASE_MS must be a number of milliseconds "
                    + "from 0 to 30000\n");
        }
        assertThat(stubs.seen()).isEmpty();
    }

    @Test
    void aWaitTheWorkersOfAnApplyShareIsAnnouncedOnce() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("apply", ".yaml");
        StringBuilder yaml = new StringBuilder("jobs:\n  - zones: [");
        for (int z = 0; z < 4; z++) {
            yaml.append(z > 0 ? ", " : "").append("%032x".formatted(0xabc0 + z));
        }
        java.nio.file.Files.writeString(file, yaml + "]\n    dataset: firewall_events\n    intake_key: ${K}\n");
        env.put("K", INTAKE_KEY);
        // the four workers' first reads are held until all four came, then refused together with one Retry-After:
        // four waits that end together, which a person is told about once
        java.util.concurrent.CountDownLatch all = new java.util.concurrent.CountDownLatch(4);
        java.util.Set<String> refused = java.util.concurrent.ConcurrentHashMap.newKeySet();
        server.setDispatcher(new mockwebserver3.Dispatcher() {
            @Override
            public MockResponse dispatch(mockwebserver3.RecordedRequest request) throws InterruptedException {
                String path = request.getTarget();
                if (refused.add(path)) {
                    all.countDown();
                    all.await(20, java.util.concurrent.TimeUnit.SECONDS);
                    return tooManyRequests("3");
                }
                return HttpStubs.json(200, ok("[" + JOB + "]"));
            }
        });
        CliResult r = run("apply", "-f", file.toString(), "--plan", "--concurrency", "4").assertExit(0);
        assertThat(r.err().lines().filter(l -> l.contains("retrying in") || l.contains("waiting "))).hasSize(1);
        assertThat(r.out()).contains("Plan: 0 to create, 0 to update, 4 unchanged");
        java.nio.file.Files.delete(file);
    }
}
