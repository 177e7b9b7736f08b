package io.logpush.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

import io.logpush.testing.CliResult;
import io.logpush.testing.HttpStubs;
import org.junit.jupiter.api.Test;

/**
 * The hidden completion entry, logpush __complete (issue 24): candidates one a line from the API, credentials from
 * the environment, and on any error or timeout nothing at all, exit 0.
 */
class CompleteCommandTest extends ApiTest {
    static final String ZONES = "/zones";

    static String zone(String id, String name) {
        return "{\"id\":\"" + id + "\",\"name\":\"" + name + "\"}";
    }

    @Test
    void zonesPrintsTheAccountsZoneNamesOneALine() {
        stub("GET", ZONES).reply(200, "{\"success\":true,\"errors\":[],\"messages\":[],\"result\":["
                + zone(ZONE_ID, "shop.example.org") + "," + zone(ACCOUNT_ID, "Example.com") + "],"
                + "\"result_info\":{\"page\":1,\"per_page\":50,\"total_pages\":1,\"count\":2,\"total_count\":2}}");
        CliResult r = run("__complete", "zones").assertExit(0);
        assertThat(r.out()).isEqualTo("example.com\nshop.example.org\n");
        assertThat(r.err()).isEmpty();
        assertThat(stubs.seen()).hasSize(1).allMatch(s -> s.contains("page=1") && s.contains("per_page=50"));
    }

    @Test
    void jobsPrintsTheJobIdsOfTheZoneOnTheLineOrOfTheEnvironments() {
        stub("GET", JOBS).ok("[" + job("id", 147) + "," + job("id", 12) + "]");
        CliResult r = run("__complete", "jobs", "--zone", ZONE_ID).assertExit(0);
        assertThat(r.out()).isEqualTo("12\n147\n");
        assertThat(r.err()).isEmpty();

        env.put("CLOUDFLARE_ZONE_ID", ZONE_ID);
        assertThat(run("__complete", "jobs").assertExit(0).out()).isEqualTo("12\n147\n");

        stub("GET", "/accounts/" + ACCOUNT_ID + "/logpush/jobs").ok("[" + job("id", 9) + "]");
        assertThat(run("__complete", "jobs", "-a", ACCOUNT_ID).assertExit(0).out()).isEqualTo("9\n");
    }

    @Test
    void jobsOfAZoneGivenByNameCostsOneLookup() {
        stub("GET", ZONES).ok("[" + zone(ZONE_ID, "example.com") + "]");
        stub("GET", JOBS).ok("[" + job("id", 147) + "]");
        assertThat(run("__complete", "jobs", "--zone", "example.com").assertExit(0).out()).isEqualTo("147\n");
        assertThat(stubs.seen()).hasSize(2);
    }

    @Test
    void intakesPrintsSekoiasIntakeNamesWithTheKeyFromTheEnvironment() {
        env.put("SEKOIA_API_KEY", SekoiaCheckTest.SEKOIA_KEY);
        env.put("SEKOIA_API_URL", server.url("/sekoia").toString());
        stub("GET", SekoiaCheckTest.INTAKES).reply(200, "{\"items\":[" + IntakesTest.intake(1, "f", INTAKE_KEY) + ","
                + IntakesTest.intake(2, "f", "Other0123456789AbCdEfGhIjKlMnOp") + "],\"total\":2}");
        CliResult r = run("__complete", "intakes").assertExit(0);
        assertThat(r.out()).isEqualTo("intake 1\nintake 2\n");
        assertThat(r.out() + r.err()).doesNotContain(SekoiaCheckTest.SEKOIA_KEY);
        assertNoIntakeKey(r);

        env.remove("SEKOIA_API_KEY");
        assertThat(run("__complete", "intakes").assertExit(0).out()).isEmpty();
    }

    @Test
    void anyErrorIsSilentAndExitsZeroWithoutARetry() {
        stub("GET", ZONES).reply(503, "{\"success\":false,\"errors\":[{\"code\":10000,\"message\":\"down\"}]}");
        CliResult down = run("__complete", "zones").assertExit(0);
        assertThat(down.out() + down.err()).isEmpty();
        assertThat(stubs.calls("GET", ZONES)).isEqualTo(1); // one attempt: a tab does not wait for retries

        stub("GET", JOBS).reply(403, "{\"success\":false,\"errors\":[{\"code\":10000,\"message\":\"Authentication "
                + "error\"}]}");
        CliResult refused = run("__complete", "jobs", "--zone", ZONE_ID).assertExit(0);
        assertThat(refused.out() + refused.err()).isEmpty();

        // a 429 with a long Retry-After: no wait for the budget, nothing printed
        stub("GET", "/accounts/" + ACCOUNT_ID + "/logpush/jobs").reply(HttpStubs.json(429,
                "{\"success\":false,\"errors\":[{\"code\":10000,\"message\":\"rate limited\"}]}").newBuilder()
                .addHeader("Retry-After", "120").build());
        CliResult limited = run("__complete", "jobs", "--account", ACCOUNT_ID).assertExit(0);
        assertThat(limited.out() + limited.err()).isEmpty();
    }

    @Test
    void badInputNoCredentialsOrAnUnknownKindPrintNothing() {
        for (String[] args : List.of(new String[] {"__complete"}, new String[] {"__complete", "nonsense"},
                new String[] {"__complete", "jobs"}, new String[] {"__complete", "jobs", "--zone", "bad zone!"},
                new String[] {"__complete", "nonsense", "--unknown", "x", "extra"})) {
            CliResult r = run(args).assertExit(0);
            assertThat(r.out() + r.err()).as(String.join(" ", args)).isEmpty();
        }
        env.put("CLOUDFLARE_API_TOKEN", null);
        CliResult none = run("__complete", "zones").assertExit(0);
        assertThat(none.out() + none.err()).isEmpty();
        assertThat(stubs.seen()).isEmpty();
    }

    @Test
    void aServerThatNeverAnswersEndsAtTheTimeoutSilently() throws Exception {
        try (ServerSocket hung = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(hung.accept()); // accepted, never answered
                    }
                } catch (Exception closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            env.put("CLOUDFLARE_BASE_URL", "http://127.0.0.1:" + hung.getLocalPort() + "/client/v4");
            env.put("LOGPUSH_COMPLETE_TIMEOUT_MS", "300");
            long start = System.nanoTime();
            CliResult r = run("__complete", "zones").assertExit(0);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(r.out() + r.err()).isEmpty();
            // bounded by the injected 300 ms (with room for a loaded machine), far below a request's 30 s timeout
            assertThat(millis).isLessThan(5_000);
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    @Test
    void itIsHiddenFromHelp() {
        assertThat(run("--help").assertExit(0).out()).doesNotContain("__complete");
        assertThat(run("help").out()).doesNotContain("__complete");
    }
}
