package io.logpush.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.logpush.testing.CliResult;
import io.logpush.testing.Fixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 22's "Must show", with the built jar against the sandbox (also run from the jar): an intake that refuses
 * for hours makes check's uploads line fail with "failing for N h … (about M h left)" before Cloudflare disables
 * the job; once it accepts again the "failing now" part clears while the records lost stay reported, until they
 * leave the window. The hours pass through the sandbox's clock (/__sandbox/clock).
 */
class UploadsEndToEndIT {
    static final Path JAR = Path.of("target", "logpush.jar");
    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    static final String JOB = "job 1 (sekoia-firewall-events, firewall_events) ";

    static Process sandbox;
    static CompletableFuture<String> sandboxErr;
    static final Map<String, String> ENV = new HashMap<>();
    static String admin;

    @BeforeAll
    static void startSandbox() throws IOException {
        assertThat(JAR).exists();
        sandbox = new ProcessBuilder(JAVA, "-jar", JAR.toString(), "sandbox", "--port", "0", "--zones", "1",
                "--first-batch-after", "0s").start();
        sandboxErr = CompletableFuture.supplyAsync(() -> CliResult.read(sandbox.getErrorStream()));
        BufferedReader out = new BufferedReader(new InputStreamReader(sandbox.getInputStream(),
                StandardCharsets.UTF_8));
        Pattern adminLine = Pattern.compile("^# its clock and intakes \\(with the token\\): (\\S+)/clock, ");
        String line;
        while (admin == null && (line = out.readLine()) != null) {
            Matcher m = adminLine.matcher(line);
            if (m.find()) {
                admin = m.group(1);
            } else if (line.startsWith("export ")) {
                for (String assignment : line.substring("export ".length()).split(" ")) {
                    int eq = assignment.indexOf('=');
                    ENV.put(assignment.substring(0, eq), assignment.substring(eq + 1));
                }
            }
        }
        assertThat(ENV).containsKeys("CLOUDFLARE_BASE_URL", "CLOUDFLARE_API_TOKEN", "SEKOIA_API_KEY");
        assertThat(admin).as("the line naming the sandbox's own paths")
                .isEqualTo(ENV.get("CLOUDFLARE_BASE_URL").replace("/client/v4", "/__sandbox"));
    }

    @AfterAll
    static void stopSandbox() throws Exception {
        sandbox.toHandle().destroy();
        assertThat(sandbox.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(sandboxErr.get(10, TimeUnit.SECONDS)).contains("logpush sandbox: stopped");
    }

    static CliResult logpush(String... args) throws Exception {
        CliResult r = CliResult.runJar(JAR, ENV, args);
        assertThat(r.out() + r.err()).doesNotContain(ENV.get("CLOUDFLARE_API_TOKEN"))
                .doesNotContain(ENV.get("SEKOIA_API_KEY"));
        return r;
    }

    /** A POST to the sandbox's own paths, as a script sends it; its result. */
    static JsonNode sandbox(String path, String body) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(admin + path))
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", "Bearer " + ENV.get("CLOUDFLARE_API_TOKEN")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Fixtures.json(r.body()).get("result");
    }

    /** The line of {@code check} in {@code out}, the first one starting with its mark and the job. */
    static String line(CliResult r, String check) {
        return r.out().lines().filter(l -> l.length() > 2 && l.substring(2).startsWith(JOB + check + ": "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + check + " line in\n" + r.out()));
    }

    @Test
    void aFailingIntakeIsCaughtBeforeTheDisableAndTheLossStaysReportedAfterTheFix(@TempDir Path dir)
            throws Exception {
        logpush("create", "--create-intake", "--intake-name", "Cloudflare WAF").assertExit(0);
        sandbox("/clock", "{\"advance\":\"1h\"}");
        CliResult healthy = logpush("check").assertExit(0);
        assertThat(line(healthy, "uploads"))
                .matches("✓ .*uploads: [\\d,]+ uploads, [\\d,]+ records delivered in 24 h");

        // The intake refuses (a revoked key); five hours pass. Five more minutes: the five minutes in which it
        // began refusing also had successes, and the failure is counted from the first five minutes without one.
        assertThat(sandbox("/intakes/Cloudflare%20WAF/refuse", "{\"status\":401}").get("refusing").asInt())
                .isEqualTo(401);
        assertThat(sandbox("/clock", "{\"advance\":\"5h5m\"}").get("disabled_jobs")).isEmpty();
        CliResult failing = logpush("check").assertExit(1);
        assertThat(line(failing, "uploads")).matches("✗ .*uploads: failing for 5 h; Cloudflare disables a job after "
                + "24 h of failure \\(about 19 h left\\); 18[23],[0-9]{3} records lost in 24 h \\(401 Unauthorized\\)");
        assertThat(failing.out()).contains("  fix: the intake key is refused: check it in Sekoia, then logpush "
                + "update 1 --zone " + ENV.get("CLOUDFLARE_ZONE_ID") + " --intake-key-file FILE\n");
        assertThat(line(failing, "delivery")).startsWith("✗ ").contains("Cloudflare reports that the intake refuses "
                + "its uploads: error uploading to destination: the destination answered HTTP 401");
        // The same for a monitoring system: the file node_exporter reads, written whole.
        Path prom = dir.resolve("logpush.prom");
        logpush("check", "-o", "prometheus", "--output-file", prom.toString()).assertExit(1);
        assertThat(Files.readString(prom)).containsPattern("(?m)^logpush_check_status\\{check=\"uploads\",[^}]*"
                + "job_id=\"1\"[^}]*} 3$").containsPattern("(?m)^logpush_check_records_lost\\{[^}]*} 18[23]\\d{3}$")
                .contains("\nlogpush_check_up 1\n");

        // The fix: the intake accepts again; half an hour later the job is delivering, not failing, and the
        // records lost while it failed are still reported.
        assertThat(sandbox("/intakes/Cloudflare%20WAF/accept", null).get("refusing").isNull()).isTrue();
        sandbox("/clock", "{\"advance\":\"30m\"}");
        CliResult fixed = logpush("check").assertExit(1);
        assertThat(line(fixed, "uploads")).matches("✗ .*uploads: 18[23],[0-9]{3} records lost in 24 h \\(401 "
                + "Unauthorized\\)").doesNotContain("failing");
        assertThat(line(fixed, "delivery")).matches("✓ .*delivery: last batch delivered \\d+ s ago");
        assertThat(line(fixed, "enabled")).startsWith("✓ ");

        // A day on, they have left the window.
        sandbox("/clock", "{\"advance\":\"24h\"}");
        CliResult later = logpush("check").assertExit(0);
        assertThat(line(later, "uploads")).matches("✓ .*uploads: [\\d,]+ uploads, [\\d,]+ records delivered in 24 h");
    }
}
