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

import com.fasterxml.jackson.databind.JsonNode;

import io.logpush.testing.CliResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The built jar, as a user runs it, against the sandbox, also run from the jar. */
class SandboxEndToEndIT {
    static final Path JAR = Path.of("target", "logpush.jar");
    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    static final String KEY = "AbCdEfGhIjKlMnOpQrStUvWxYz012345";

    static Process sandbox;
    static CompletableFuture<String> sandboxErr;
    static final Map<String, String> ENV = new HashMap<>();

    @BeforeAll
    static void startSandbox() throws IOException {
        assertThat(JAR).exists();
        sandbox = new ProcessBuilder(JAVA, "-jar", JAR.toString(), "sandbox", "--port", "0", "--zones", "2").start();
        sandboxErr = CompletableFuture.supplyAsync(() -> CliResult.read(sandbox.getErrorStream()));
        BufferedReader out = new BufferedReader(new InputStreamReader(sandbox.getInputStream(), StandardCharsets.UTF_8));
        // Every export line (Cloudflare's, then Sekoia's), as a shell's eval of them would
        String line;
        while (!ENV.containsKey("SEKOIA_API_KEY") && (line = out.readLine()) != null) {
            if (!line.startsWith("export ")) {
                continue; // a comment line
            }
            for (String assignment : line.substring("export ".length()).split(" ")) {
                int eq = assignment.indexOf('=');
                ENV.put(assignment.substring(0, eq), assignment.substring(eq + 1));
            }
        }
        assertThat(ENV).as("the sandbox's export lines").containsKeys("CLOUDFLARE_BASE_URL", "CLOUDFLARE_API_TOKEN",
                "CLOUDFLARE_ZONE_ID", "CLOUDFLARE_ACCOUNT_ID", "SEKOIA_API_URL", "SEKOIA_API_KEY");
    }

    @AfterAll
    static void stopSandboxWithSigterm() throws Exception {
        sandbox.toHandle().destroy(); // SIGTERM; Process.destroy() would also close our end of its stderr
        assertThat(sandbox.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(sandbox.exitValue()).isEqualTo(143);
        assertThat(sandboxErr.get(10, TimeUnit.SECONDS)).contains("logpush sandbox: stopped");
    }

    static CliResult logpush(String... args) throws Exception {
        CliResult r = CliResult.runJar(JAR, ENV, args);
        assertThat(r.out() + r.err()).doesNotContain(ENV.get("CLOUDFLARE_API_TOKEN")).doesNotContain(KEY);
        return r;
    }

    @Test
    void theSekoiaGuideWithTheBuiltJar() throws Exception {
        CliResult fields = logpush("fields", "-o", "names").assertExit(0);
        assertThat(fields.out().trim().split(",")).hasSize(30);

        // With the sandbox's SEKOIA_API_KEY set, a key of no intake is refused (issue 24); --force writes it.
        assertThat(logpush("create", "--zone", "zone2.example.com", "--intake-key", KEY).assertExit(2).err())
                .contains("no Sekoia intake has this intake key");
        CliResult created = logpush("create", "--zone", "zone2.example.com", "--intake-key", KEY, "-o", "json",
                "--force").assertExit(0);
        JsonNode job = created.json();
        String id = job.get("id").asText();
        assertThat(job.get("destination_conf").asText()).endsWith("KEY=AbCd…");
        assertThat(job.get("logpull_options").asText()).endsWith("&timestamps=unixnano");

        logpush("create", "--zone", "zone2.example.com", "--intake-key", KEY).assertExit(6);
        assertThat(logpush("list", "--zone", "zone2.example.com", "--sekoia").out()).startsWith(id + "\t");
        assertThat(logpush("get", id, "--zone", "zone2.example.com").out()).contains("timestamps: unixnano\n");
        assertThat(logpush("disable", id, "--zone", "zone2.example.com").out()).startsWith("Disabled job " + id);
        assertThat(logpush("disable", id, "--zone", "zone2.example.com").out()).contains("is already disabled");
        logpush("delete", id, "--zone", "zone2.example.com").assertExit(2);
        logpush("delete", id, "--zone", "zone2.example.com", "--yes").assertExit(0);
        logpush("get", id, "--zone", "zone2.example.com").assertExit(3);
    }

    @Test
    void wrongTokenIsExit4AndUnknownZoneIsExit3() throws Exception {
        String token = ENV.get("CLOUDFLARE_API_TOKEN");
        try {
            ENV.put("CLOUDFLARE_API_TOKEN", "wrong-token");
            CliResult r = logpush("list").assertExit(4);
            assertThat(r.err()).contains("(10000: Forbidden)");
        } finally {
            ENV.put("CLOUDFLARE_API_TOKEN", token);
        }
        logpush("list", "--zone", "nope.example.com").assertExit(3);
    }

    @Test
    void theSekoiaSideAnswersAtThePrintedBaseWithThePrintedKey() throws Exception {
        assertThat(ENV.get("SEKOIA_API_URL")).isEqualTo(ENV.get("CLOUDFLARE_BASE_URL").replace("/client/v4", "/sekoia"));
        HttpResponse<String> me = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(ENV.get("SEKOIA_API_URL") + "/v1/me"))
                .header("Authorization", "Bearer " + ENV.get("SEKOIA_API_KEY")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.body()).contains("\"name\":\"sandbox\"");
    }

    @Test
    void versionAndCompletionWork(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        assertThat(logpush("--version").out()).startsWith("logpush ");
        Path script = dir.resolve("c.bash");
        Files.writeString(script, logpush("completion", "bash").out());
        assertThat(Files.readString(script)).contains("_complete_logpush");
    }
}
