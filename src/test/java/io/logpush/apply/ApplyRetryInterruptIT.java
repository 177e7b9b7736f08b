package io.logpush.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import io.logpush.testing.Fixtures;
import io.logpush.testing.HttpStubs;
import io.logpush.testing.Signals;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C (SIGINT) while the workers of an apply wait to retry a 429, with the built jar against MockWebServer: the
 * wait ends at once, nothing is sent after the signal, and nothing is reported as created that was not.
 */
class ApplyRetryInterruptIT {
    static final String KEY = "AbCdEfGhIjKlMnOpQrStUvWxYz012345";
    static final String TOKEN = "tok-ApplyRetryInterrupt-0123456789abcdef";
    static final List<String> ZONES = List.of("a1111111111111111111111111111111", "b2222222222222222222222222222222",
            "c3333333333333333333333333333333");

    @TempDir
    Path dir;
    MockWebServer server;
    HttpStubs stubs;

    @BeforeEach
    void startServer() throws IOException {
        server = new MockWebServer();
        stubs = new HttpStubs("/client/v4");
        server.setDispatcher(stubs);
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    static MockResponse tooMany() {
        return new MockResponse.Builder().code(429).addHeader("Content-Type", "application/json")
                .addHeader("Retry-After", "20").body(Fixtures.error(10000, "Rate limited")).build();
    }

    @Test
    void sigintDuringTheCreatesRetryWaitSendsNothingMoreAndReportsNothingCreated() throws Exception {
        for (String z : ZONES) {
            stubs.on("GET", "/zones/" + z + "/logpush/jobs").ok("[]");
            stubs.on("GET", "/zones/" + z + "/logpush/datasets/firewall_events/fields")
                    .reply(200, Fixtures.fixture("firewall_events_fields.json"));
            stubs.on("POST", "/zones/" + z + "/logpush/jobs").reply(tooMany());
        }
        Process p = start("-o", "json");
        awaitRequests(p, "POST", 3);
        long signalled = System.nanoTime();
        interrupt(p);
        Run r = finish(p);
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - signalled);

        assertThat(r.code).as(r.all()).isEqualTo(130);
        assertThat(seconds).as("the 20 s Retry-After is not waited out after Ctrl-C").isLessThan(15);
        assertThat(posts()).as("no POST is sent after the signal").isEqualTo(3);
        JsonNode json = Fixtures.json(r.out);
        assertThat(json).hasSize(3);
        for (JsonNode n : json) {
            assertThat(n.get("action").asText()).as(r.out).isEqualTo("not_done");
            assertThat(n.get("applied").asBoolean()).isFalse();
        }
        assertThat(r.err).contains("interrupted: 3 of 3 not done").doesNotContain("created");
        assertThat(r.all()).doesNotContain(KEY).doesNotContain(TOKEN).doesNotContain("\tat ");
    }

    @Test
    void sigintWhilePlanningReadsWaitReportsEveryTargetNotDoneInTextAndSendsNoWrite() throws Exception {
        for (String z : ZONES) {
            stubs.on("GET", "/zones/" + z + "/logpush/jobs").reply(tooMany());
        }
        Process p = start();
        awaitRequests(p, "GET", 3);
        interrupt(p);
        Run r = finish(p);

        assertThat(r.code).as(r.all()).isEqualTo(130);
        assertThat(stubs.seen()).as("no request after the signal, no write at all").hasSize(3)
                .allMatch(s -> s.startsWith("GET "));
        assertThat(r.out).doesNotContain("+ created").doesNotContain("applied")
                .contains("Applied: 0 created, 0 updated, 0 unchanged, 0 deleted, 0 failed, 3 not done (interrupted).");
    }

    record Run(int code, String out, String err) {
        String all() {
            return out + err;
        }
    }

    private int posts() {
        return (int) stubs.seen().stream().filter(s -> s.startsWith("POST ")).count();
    }

    /** Waits (bounded) until the server has seen {@code n} requests of {@code method}: then the workers sit in the wait. */
    private void awaitRequests(Process p, String method, int n) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (stubs.seen().stream().filter(s -> s.startsWith(method + " ")).count() < n
                && System.currentTimeMillis() < deadline && p.isAlive()) {
            Thread.sleep(5);
        }
        if (!p.isAlive()) {
            throw new AssertionError("apply ended before the signal: " + read(p.getInputStream())
                    + read(p.getErrorStream()) + "\nrequests: " + stubs.seen());
        }
    }

    private static void interrupt(Process p) throws Exception {
        assertThat(Signals.interrupt(p)).isTrue();
    }

    private Run finish(Process p) throws Exception {
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        String out = read(p.getInputStream());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out, err.get());
    }

    private Process start(String... extra) throws IOException {
        Path file = dir.resolve("fleet.yaml");
        Files.writeString(file, "jobs:\n  - zones: [" + String.join(", ", ZONES) + "]\n"
                + "    dataset: firewall_events\n    intake_key: ${KEY_A}\n");
        List<String> cmd = new ArrayList<>(List.of(ApplyInterruptIT.JAVA, "-jar", ApplyInterruptIT.JAR.toString(),
                "apply", "-f", file.toString(), "--api-url", server.url("/client/v4").toString()));
        cmd.addAll(List.of(extra));
        ProcessBuilder pb = new ProcessBuilder(Signals.withDefaultSigint(cmd));
        pb.environment().keySet().removeIf(k -> k.startsWith("CLOUDFLARE_") || k.startsWith("SEKOIA_")
                || k.equals("CF_API_TOKEN"));
        pb.environment().put("CLOUDFLARE_API_TOKEN", TOKEN);
        pb.environment().put("KEY_A", KEY);
        Process p = pb.start();
        p.getOutputStream().close();
        return p;
    }

    private static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
