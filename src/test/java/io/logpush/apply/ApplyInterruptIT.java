package io.logpush.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.logpush.sandbox.Sandbox;
import io.logpush.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM in the middle of an apply, with the built jar: no new write, the summary, exit 143, a clean rerun. */
class ApplyInterruptIT {
    static final Path JAR = Path.of("target", "logpush.jar");
    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    static final String KEY = "AbCdEfGhIjKlMnOpQrStUvWxYz012345";
    static final int ZONES = 40;

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    @Test
    void sigtermStopsNewWritesPrintsWhatWasDoneAndARerunFinishesWithoutDuplicates() throws Exception {
        StringWriter log = new StringWriter();
        try (Sandbox sandbox = Sandbox.start(Sandbox.Config.defaults().zones(ZONES).latencyMillis(150)
                .rateLimit(100_000, 60).log(new PrintWriter(log)))) {
            Path file = dir.resolve("fleet.yaml");
            Files.writeString(file, "jobs:\n  - zones: all\n    dataset: firewall_events\n    intake_key: ${KEY_A}\n");

            Process p = start(sandbox, file);
            long deadline = System.currentTimeMillis() + 60_000;
            while (posts(log) < 3 && System.currentTimeMillis() < deadline && p.isAlive()) {
                Thread.sleep(5);
            }
            assertThat(p.isAlive()).as("apply still running when the writes start").isTrue();
            p.toHandle().destroy(); // SIGTERM
            int sentAtSignal = posts(log);
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
            String out = read(p.getInputStream());
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            Run r = new Run(p.exitValue(), out, err.get());
            String all = r.out() + r.err();
            assertThat(r.code()).as(all).isEqualTo(143);
            assertThat(all).doesNotContain(KEY).doesNotContain(sandbox.token()).doesNotContain("\tat ");
            Matcher m = Pattern.compile("Applied: (\\d+) created, 0 updated, 0 unchanged, 0 deleted, 0 failed, "
                    + "(\\d+) not done \\(interrupted\\)\\.").matcher(r.out());
            assertThat(m.find()).as(all).isTrue();
            int created = Integer.parseInt(m.group(1));
            int notDone = Integer.parseInt(m.group(2));
            assertThat(created + notDone).isEqualTo(ZONES);
            assertThat(notDone).isPositive();
            // Seen from outside, after the signal come at most the writes in flight (--concurrency, 4) and those a
            // worker began in the moment before the JVM ran the hook that stops new ones (again at most 4): far
            // fewer than the 40 zones, and every one of them carried out and reported (next line).
            assertThat(posts(log)).isBetween(sentAtSignal, sentAtSignal + 2 * 4);
            assertThat(posts(log)).as("every write sent was carried out and reported").isEqualTo(created);
            assertThat(r.err()).contains("interrupted: " + notDone + " of " + ZONES + " not done")
                    .contains("run the same apply again");
            assertThat(jobs(sandbox)).isEqualTo(created);

            Process again = start(sandbox, file);
            CompletableFuture<String> err2 = CompletableFuture.supplyAsync(() -> read(again.getErrorStream()));
            String out2 = read(again.getInputStream());
            assertThat(again.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(again.exitValue()).as(out2 + err2.get()).isZero();
            assertThat(out2).contains("Applied: " + notDone + " created, 0 updated, " + created + " unchanged");
            assertThat(jobs(sandbox)).isEqualTo(ZONES);
        }
    }

    private Process start(Sandbox sandbox, Path file) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(JAVA, "-jar", JAR.toString(), "apply", "-f", file.toString());
        pb.environment().keySet().removeIf(k -> k.startsWith("CLOUDFLARE_") || k.startsWith("SEKOIA_")
                || k.equals("CF_API_TOKEN"));
        pb.environment().put("CLOUDFLARE_BASE_URL", sandbox.baseUrl());
        pb.environment().put("CLOUDFLARE_API_TOKEN", sandbox.token());
        pb.environment().put("KEY_A", KEY);
        Process p = pb.start();
        p.getOutputStream().close();
        return p;
    }

    private static int posts(StringWriter log) {
        synchronized (log) {
            return (int) log.toString().lines().filter(l -> l.startsWith("POST ")).count();
        }
    }

    /** The Sekoia jobs over every zone, and checks that no zone has two. */
    private static int jobs(Sandbox sandbox) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        int total = 0;
        for (int page = 1; page <= (ZONES + 49) / 50; page++) {
            for (var z : Fixtures.json(get(http, sandbox, "/zones?per_page=50&page=" + page)).get("result")) {
                int n = Fixtures.json(get(http, sandbox, "/zones/" + z.get("id").asText() + "/logpush/jobs"))
                        .get("result").size();
                assertThat(n).as("jobs in " + z.get("name").asText()).isLessThanOrEqualTo(1);
                total += n;
            }
        }
        return total;
    }

    private static String get(HttpClient http, Sandbox sandbox, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path))
                .header("Authorization", "Bearer " + sandbox.token()).build(), HttpResponse.BodyHandlers.ofString());
        return r.body();
    }

    private static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

}
