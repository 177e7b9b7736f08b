package io.logpush.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import io.logpush.testing.Fixtures;
import io.logpush.testing.Signals;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/**
 * Issue 22 section 5, with the built jar and a real SIGINT (Ctrl-C) during create --wait: the wait ends at once,
 * the job stays (nothing is deleted, nothing more is sent), the command says the write happened, and exits 130.
 */
class WaitInterruptIT {
    static final String SEKOIA_KEY = "sekoiaApiKey-S3cret-0123456789abcdefXYZ";
    static final String JOBS = InterruptIT.JOBS;
    static final String BY_STATUS = "/sekoia/v1/telemetry/events-by-status/counters";

    record Run(int code, String out, String err, long exitMillis, List<String> after) {
    }

    /** Cloudflare and Sekoia on one server; the first count of events opens the latch (0 events, ever). */
    static Dispatcher answers(CountDownLatch counting, List<String> seen) {
        return new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String path = request.getUrl().encodedPath();
                synchronized (seen) {
                    seen.add(request.getMethod() + " " + path);
                }
                if (path.equals(BY_STATUS)) {
                    counting.countDown();
                    return json("{\"total\":1,\"valid_events_occurrences\":0,\"warning_events_occurences\":0,"
                            + "\"invalid_events_occurrences\":1}");
                }
                if (path.equals("/sekoia/v1/sic/conf/intakes")) {
                    return json("{\"items\":[" + SekoiaCheckTest.intake(SekoiaCheckTest.WAF_FORMAT) + "],\"total\":1}");
                }
                if (path.equals(JOBS) && request.getMethod().equals("GET")) {
                    return InterruptIT.ok("[]");
                }
                if (path.equals(JOBS) && request.getMethod().equals("POST")) {
                    return InterruptIT.ok(Fixtures.fixture("job_sekoia_firewall_events.json"));
                }
                if (path.endsWith("/fields")) {
                    return InterruptIT.ok(Fixtures.fixture("firewall_events_fields.json"));
                }
                return new MockResponse.Builder().code(404).body("{\"success\":false,\"errors\":[],\"result\":null}")
                        .build();
            }
        };
    }

    static MockResponse json(String body) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(body).build();
    }

    Run interruptedWhileWaiting(String... extra) throws Exception {
        CountDownLatch counting = new CountDownLatch(1);
        List<String> seen = new ArrayList<>();
        try (MockWebServer server = new MockWebServer()) {
            server.setDispatcher(answers(counting, seen));
            server.start();
            List<String> command = new ArrayList<>(List.of(InterruptIT.JAVA, "-jar", InterruptIT.JAR.toString(),
                    "create", "--zone", InterruptIT.ZONE, "--intake-key", InterruptIT.KEY, "--wait", "20m"));
            command.addAll(List.of(extra));
            ProcessBuilder pb = new ProcessBuilder(Signals.withDefaultSigint(command));
            pb.environment().keySet().removeIf(k -> k.startsWith("CLOUDFLARE_") || k.startsWith("SEKOIA_")
                    || k.startsWith("LOGPUSH_") || k.equals("CF_API_TOKEN"));
            pb.environment().put("CLOUDFLARE_BASE_URL", server.url("/client/v4").toString());
            pb.environment().put("CLOUDFLARE_API_TOKEN", InterruptIT.TOKEN);
            pb.environment().put("SEKOIA_API_URL", server.url("/sekoia").toString());
            pb.environment().put("SEKOIA_API_KEY", SEKOIA_KEY);
            pb.environment().put("LOGPUSH_WAIT_POLL_MS", "2000");
            Process p = pb.start();
            p.getOutputStream().close();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
            assertThat(counting.await(60, TimeUnit.SECONDS)).as("the wait began").isTrue();
            int before;
            synchronized (seen) {
                before = seen.size();
            }
            long signalled = System.nanoTime();
            assertThat(Signals.interrupt(p)).isTrue();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            long millis = (System.nanoTime() - signalled) / 1_000_000;
            List<String> after;
            synchronized (seen) {
                after = List.copyOf(seen.subList(before, seen.size()));
            }
            Run r = new Run(p.exitValue(), out.get(), err.get(), millis, after);
            assertThat(r.out() + r.err()).doesNotContain(InterruptIT.TOKEN).doesNotContain(InterruptIT.KEY)
                    .doesNotContain(SEKOIA_KEY).doesNotContain("\tat ");
            return r;
        }
    }

    @Test
    void ctrlCDuringTheWaitEndsItAtOnceSaysTheJobWasCreatedAndExits130() throws Exception {
        Run r = interruptedWhileWaiting();
        assertThat(r.code()).as(r.err()).isEqualTo(130);
        assertThat(r.out()).startsWith("Created job 147 (sekoia-firewall-events)").doesNotContain("first events");
        assertThat(r.err()).matches("logpush: created job 147; stopped waiting: delivery not confirmed \\(0 valid events "
                + "on intake 'Cloudflare WAF' since \\d\\d:\\d\\d UTC \\(besides 1 invalid, such as Cloudflare's test "
                + "upload, which is no arrival\\)\\)\n");
        // the poll interval is 2 s: ending at once means well before the next poll, and no request after the signal
        assertThat(r.exitMillis()).isLessThan(1500);
        assertThat(r.after()).isEmpty();
    }

    @Test
    void withJsonTheOneDocumentSaysTheWaitWasStopped() throws Exception {
        Run r = interruptedWhileWaiting("-o", "json");
        assertThat(r.code()).as(r.err()).isEqualTo(130);
        JsonNode doc = Fixtures.json(r.out());
        assertThat(doc.get("id").asLong()).isEqualTo(147);
        assertThat(doc.get("wait").get("status").asText()).isEqualTo("stopped");
        assertThat(doc.get("wait").get("confirmed").asBoolean()).isFalse();
        assertThat(r.err()).startsWith("logpush: created job 147; stopped waiting: delivery not confirmed");
    }

    private static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
