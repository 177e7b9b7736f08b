package io.logpush.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.logpush.testing.Signals;
import io.logpush.testing.Fixtures;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.Test;

/**
 * Issue 24 item 9, with the built jar and a real SIGINT (Ctrl-C): create interrupted after its POST was sent says the
 * job may exist and how to see it; export interrupted writes nothing and says so.
 */
class InterruptIT {
    static final Path JAR = Path.of("target", "logpush.jar");
    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    static final String TOKEN = "tok3nS3cretVALUE-9f8e7d6c5b4a39281706";
    static final String KEY = "IntakeKeyAbCdEfGh0123456789xYzWv";
    static final String ZONE = "023e105f4ecef8ad9ca31a8372d0c353";
    static final String JOBS = "/client/v4/zones/" + ZONE + "/logpush/jobs";

    record Run(int code, String out, String err) {
    }

    /** Answers the reads; the request {@code hang} names (method and path) gets no answer, and opens the latch. */
    static Dispatcher hangingAt(String hang, CountDownLatch arrived) {
        return new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String path = request.getUrl().encodedPath();
                if ((request.getMethod() + " " + path).equals(hang)) {
                    arrived.countDown();
                    return new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build();
                }
                if (path.equals(JOBS)) {
                    return ok("[" + Fixtures.fixture("job_sekoia_firewall_events.json") + "]");
                }
                if (path.endsWith("/fields")) {
                    return ok(Fixtures.fixture("firewall_events_fields.json"));
                }
                return new MockResponse.Builder().code(404).body("{\"success\":false,\"errors\":[],\"result\":null}")
                        .build();
            }
        };
    }

    static MockResponse ok(String result) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                .body("{\"success\":true,\"errors\":[],\"messages\":[],\"result\":" + result + "}").build();
    }

    Run interruptedAt(String hang, String... args) throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        try (MockWebServer server = new MockWebServer()) {
            server.setDispatcher(hangingAt(hang, arrived));
            server.start();
            String[] command = new String[3 + args.length];
            command[0] = JAVA;
            command[1] = "-jar";
            command[2] = JAR.toString();
            System.arraycopy(args, 0, command, 3, args.length);
            ProcessBuilder pb = new ProcessBuilder(Signals.withDefaultSigint(List.of(command)));
            pb.environment().keySet().removeIf(k -> k.startsWith("CLOUDFLARE_") || k.startsWith("SEKOIA_")
                    || k.startsWith("LOGPUSH_") || k.equals("CF_API_TOKEN"));
            pb.environment().put("CLOUDFLARE_BASE_URL", server.url("/client/v4").toString());
            pb.environment().put("CLOUDFLARE_API_TOKEN", TOKEN);
            Process p = pb.start();
            p.getOutputStream().close();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
            assertThat(arrived.await(60, TimeUnit.SECONDS)).as("the request to interrupt arrived").isTrue();
            assertThat(Signals.interrupt(p)).isTrue();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            Run r = new Run(p.exitValue(), out.get(), err.get());
            assertThat(r.out() + r.err()).doesNotContain(TOKEN).doesNotContain(KEY).doesNotContain("\tat ");
            return r;
        }
    }

    @Test
    void createInterruptedAfterItsPostSaysTheJobMayExistAndHowToSeeIt() throws Exception {
        Run r = interruptedAt("POST " + JOBS, "create", "--zone", ZONE, "--intake-key", KEY, "--allow-duplicate");
        assertThat(r.code()).as(r.err()).isEqualTo(130);
        assertThat(r.err()).isEqualTo("logpush: interrupted after the create request was sent: the job may exist; "
                + "see: logpush list --zone " + ZONE + " --dataset firewall_events\n");
    }

    @Test
    void exportInterruptedWritesNothingAndSaysSo() throws Exception {
        Run r = interruptedAt("GET " + JOBS, "export", "--zone", ZONE);
        assertThat(r.code()).as(r.err()).isEqualTo(130);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("logpush: interrupted: export wrote nothing\n");
    }

    private static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
