package io.logpush.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

import io.logpush.cli.Main;
import io.logpush.testing.CliResult;
import io.logpush.testing.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Both ends of the pipe against the sandbox (issue 14): create --create-intake sets up a working pipe with no key
 * shown, and check catches a wrong-format intake, a key no intake has, and epoch-dated events.
 */
class SandboxPipeTest {
    Sandbox sandbox;
    final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void start() throws Exception {
        sandbox = Sandbox.start(Sandbox.Config.defaults().zones(1));
        env.putAll(SandboxTestIds.environment(sandbox));
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    CliResult logpush(String... args) {
        CliResult r = CliResult.run(Main.Terminal.none(InputStream.nullInputStream()), env, args);
        assertThat(r.out() + r.err()).doesNotContain(sandbox.sekoiaKey()).doesNotContain(sandbox.token());
        return r;
    }

    /**
     * check, once the sandbox's intake has received events of the job's current setup: the sandbox delivers 10
     * events a second from a change on, so this polls (at most 5 s) rather than assume how fast a run is.
     */
    CliResult checkWhenDelivered(String... args) throws InterruptedException {
        String[] all = new String[args.length + 1];
        all[0] = "check";
        System.arraycopy(args, 0, all, 1, args.length);
        long deadline = System.nanoTime() + 5_000_000_000L;
        CliResult r = logpush(all);
        while ((!r.out().contains(" dates: ") || r.out().contains(" dates: cannot check"))
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
            r = logpush(all);
        }
        return r;
    }

    /** An intake's key as a person copies it from Sekoia. */
    String keyOf(String name) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sandbox.sekoiaUrl()
                + "/v1/sic/conf/intakes?match%5Bname%5D=" + name.replace(" ", "%20")))
                .header("Authorization", "Bearer " + sandbox.sekoiaKey()).build(), HttpResponse.BodyHandlers.ofString());
        return Fixtures.json(r.body()).at("/items/0/intake_key").asText();
    }

    @Test
    void createIntakeSetsUpAPipeThatCheckFindsGreenOnBothSidesThenCatchesWhatGoesWrong() throws Exception {
        CliResult created = logpush("create", "--create-intake", "--intake-name", "WAF").assertExit(0);
        String key = keyOf("WAF");
        assertThat(key).hasSize(32);
        assertThat(created.out() + created.err()).doesNotContain(key).contains("(key " + key.substring(0, 4) + "…)");

        CliResult green = checkWhenDelivered().assertExit(0);
        for (String line : new String[] {"Sekoia intake: intake 'WAF'", "Sekoia format: Cloudflare WAF events",
            "arrival: ", "parsing: ", "dates: average lag"}) {
            assertThat(green.out()).contains("✓ job 1 (sekoia-firewall-events, firewall_events) " + line);
        }
        assertThat(green.out()).doesNotContain("✗").doesNotContain(key);

        logpush("create", "--dataset", "http_requests", "--create-intake", "--intake-name", "HTTP").assertExit(0);
        // A key of an intake of another format: refused (issue 24), --force writes it so that check can catch it.
        assertThat(logpush("update", "1", "--intake-key", keyOf("HTTP")).assertExit(2).err()).contains("intake 'HTTP' "
                + "(the intake of this key) has format Cloudflare HTTP requests (http_requests), expected Cloudflare "
                + "WAF events for firewall_events");
        logpush("update", "1", "--intake-key", keyOf("HTTP"), "--force").assertExit(0);
        assertThat(logpush("check", "1").assertExit(1).out()).contains("✗ job 1 (sekoia-firewall-events, "
                + "firewall_events) Sekoia format: job 1 sends firewall_events to intake 'HTTP' whose format is "
                + "Cloudflare HTTP requests (http_requests): events are parsed by the wrong parser");

        assertThat(logpush("update", "1", "--intake-key", "NoSuchIntakeKeyAbCdEfGhIjKlMnOpQ").assertExit(2).err())
                .contains("no Sekoia intake has this intake key");
        logpush("update", "1", "--intake-key", "NoSuchIntakeKeyAbCdEfGhIjKlMnOpQ", "--force").assertExit(0);
        assertThat(logpush("check", "1").assertExit(1).out()).contains("Sekoia intake: no Sekoia intake has this key");

        // A fresh job dated wrongly from its first event: the dns_logs parser reads unixnano too.
        logpush("create", "--dataset", "dns_logs", "--create-intake", "--intake-name", "DNS", "--timestamps", "unix",
                "--force").assertExit(0);
        assertThat(checkWhenDelivered("3").assertExit(1).out()).contains("✗ job 3 (sekoia-dns-logs, "
                + "dns_logs) dates: events are dated at the epoch (1970)")
                .contains("fix: logpush update 3 --zone " + sandbox.zoneId() + " --timestamps unixnano");
    }
}
