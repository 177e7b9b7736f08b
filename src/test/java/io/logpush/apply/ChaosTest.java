package io.logpush.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.logpush.cli.Main;
import io.logpush.sandbox.Sandbox;
import io.logpush.testing.CliResult;
import io.logpush.testing.FaultProxy;
import io.logpush.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * apply over 100 zones through a proxy that injects faults (seeded) on a share of the requests: 5xx, HTML
 * answers, 429s, dropped connections, and writes carried out whose answer is lost. Rerun until a run reports
 * nothing to do, every zone has exactly one job: none missing, none twice.
 */
class ChaosTest {
    static final String KEY = "AbCdEfGhIjKlMnOpQrStUvWxYz012345";
    static final int ZONES = 100;

    @TempDir
    Path dir;

    @Test
    void aRolloutThroughFaultsConvergesToOneJobPerZone() throws Exception {
        StringWriter log = new StringWriter();
        try (Sandbox sandbox = Sandbox.start(Sandbox.Config.defaults().zones(ZONES).rateLimit(100_000, 60)
                .log(new PrintWriter(log)));
             FaultProxy proxy = new FaultProxy(sandbox.baseUrl(), Long.getLong("chaos.seed", 15L), 0.12)) {
            Map<String, String> env = new HashMap<>();
            env.put("CLOUDFLARE_BASE_URL", proxy.baseUrl());
            env.put("CLOUDFLARE_API_TOKEN", sandbox.token());
            env.put("KEY_A", KEY);
            env.put("LOGPUSH_RETRY_BASE_MS", "5");
            Path file = dir.resolve("fleet.yaml");
            Files.writeString(file, "jobs:\n  - zones: all\n    dataset: firewall_events\n    intake_key: ${KEY_A}\n");

            List<CliResult> runs = new ArrayList<>();
            CliResult last = null;
            List<String> lastWrites = List.of();
            for (int run = 0; run < 15; run++) {
                log.getBuffer().setLength(0);
                last = CliResult.run(Main.Terminal.none(InputStream.nullInputStream()), env,
                        "apply", "-f", file.toString(), "--concurrency", "8", "--timeout", "5");
                runs.add(last);
                lastWrites = log.toString().lines().filter(l -> !l.startsWith("GET ")).toList();
                if (last.code() == 0 && last.out().contains("Applied: 0 created, 0 updated, " + ZONES + " unchanged")) {
                    break;
                }
            }
            assertThat(runs.size()).as("runs until nothing is left to do").isGreaterThan(1).isLessThan(15);
            assertThat(proxy.injected()).as("faults of every kind were injected").hasSize(5);
            last.assertExit(0);
            assertThat(lastWrites).as("the final run writes nothing").isEmpty();
            for (CliResult r : runs) {
                String all = r.out() + r.err();
                assertThat(all).doesNotContain(KEY).doesNotContain(sandbox.token()).doesNotContain("\tat ")
                        .doesNotContain("Caused by").doesNotContain("Exception:");
                assertThat(r.code()).as(all).isIn(0, 1, 5);
            }

            HttpClient http = HttpClient.newHttpClient();
            List<String> zones = new ArrayList<>();
            for (int page = 1; page <= 2; page++) {
                Fixtures.json(get(http, sandbox, "/zones?per_page=50&page=" + page)).get("result")
                        .forEach(z -> zones.add(z.get("id").asText()));
            }
            assertThat(zones).hasSize(ZONES);
            for (String zone : zones) {
                JsonNode jobs = Fixtures.json(get(http, sandbox, "/zones/" + zone + "/logpush/jobs")).get("result");
                assertThat(jobs).as("the jobs of zone " + zone).hasSize(1);
                assertThat(jobs.get(0).get("dataset").asText()).isEqualTo("firewall_events");
            }
        }
    }

    private static String get(HttpClient http, Sandbox sandbox, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path))
                .header("Authorization", "Bearer " + sandbox.token()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }
}
