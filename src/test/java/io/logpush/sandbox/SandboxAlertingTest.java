package io.logpush.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.logpush.cli.Main;
import io.logpush.testing.CliResult;
import io.logpush.testing.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sandbox's notification endpoints (alerting v3): policies, available alerts, webhook destinations. */
class SandboxAlertingTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private Sandbox sandbox;

    record Response(int status, JsonNode body) {
    }

    @BeforeEach
    void setUp() throws IOException {
        sandbox = Sandbox.start(Sandbox.Config.defaults().zones(1));
    }

    @AfterEach
    void tearDown() {
        sandbox.close();
    }

    private String v3() {
        return "/accounts/" + sandbox.accountId() + "/alerting/v3";
    }

    private Response call(String method, String path, String body) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + sandbox.token())
                .build();
        HttpResponse<String> a = http.send(r, HttpResponse.BodyHandlers.ofString());
        return new Response(a.statusCode(), Fixtures.MAPPER.readTree(a.body()));
    }

    private static String policy(String mechanisms) {
        return """
                {"name":"p","alert_type":"failing_logpush_job_disabled_alert","enabled":true,"mechanisms":%s}"""
                .formatted(mechanisms);
    }

    @Test
    void availableAlertsAndWebhooksAreListed() throws Exception {
        Response available = call("GET", v3() + "/available_alerts", null);
        assertThat(available.status()).isEqualTo(200);
        assertThat(available.body().path("result").path("Logpush").get(0).path("type").asText())
                .isEqualTo("failing_logpush_job_disabled_alert");
        JsonNode hooks = call("GET", v3() + "/destinations/webhooks", null).body().path("result");
        assertThat(hooks).hasSize(1);
        assertThat(hooks.get(0).path("name").asText()).isEqualTo("sandbox-hook");
        assertThat(hooks.get(0).path("url").asText()).startsWith("https://hooks.example.com/cloudflare?token=");
    }

    @Test
    void policiesAreCreatedListedAndReplaced() throws Exception {
        assertThat(call("GET", v3() + "/policies", null).body().path("result")).isEmpty();
        Response created = call("POST", v3() + "/policies", policy("{\"email\":[{\"id\":\"a@example.com\"}]}"));
        assertThat(created.status()).isEqualTo(200);
        String id = created.body().path("result").path("id").asText();
        assertThat(id).hasSize(32);
        JsonNode listed = call("GET", v3() + "/policies", null).body().path("result");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("mechanisms").path("email").get(0).path("id").asText())
                .isEqualTo("a@example.com");

        Response put = call("PUT", v3() + "/policies/" + id, policy("{\"email\":[{\"id\":\"b@example.com\"}]}"));
        assertThat(put.body().path("result").path("id").asText()).isEqualTo(id);
        listed = call("GET", v3() + "/policies", null).body().path("result");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("mechanisms").path("email").get(0).path("id").asText())
                .isEqualTo("b@example.com");
    }

    @Test
    void refusesWhatCloudflareRefuses() throws Exception {
        assertThat(call("PUT", v3() + "/policies/" + "0".repeat(32), policy("{}")).status()).isEqualTo(404);
        Response hook = call("POST", v3() + "/policies", policy("{\"webhooks\":[{\"id\":\"nope\"}]}"));
        assertThat(hook.status()).isEqualTo(400);
        assertThat(hook.body().path("errors").get(0).path("message").asText()).contains("webhook nope");
        assertThat(call("POST", v3() + "/policies", "{\"name\":\"x\"}").status()).isEqualTo(400);
        assertThat(call("GET", "/accounts/" + "f".repeat(32) + "/alerting/v3/policies", null).status())
                .isEqualTo(403);
        assertThat(call("GET", v3() + "/policies", null).body().path("result")).isEmpty();
    }

    @Test
    void policiesSurviveARestart(@TempDir Path dir) throws Exception {
        sandbox.close();
        Path state = dir.resolve("sandbox.json");
        sandbox = Sandbox.start(Sandbox.Config.defaults().zones(1).stateFile(state));
        call("POST", v3() + "/policies", policy("{\"email\":[{\"id\":\"a@example.com\"}]}"));
        sandbox.close();
        sandbox = Sandbox.start(Sandbox.Config.defaults().zones(1).stateFile(state));
        assertThat(call("GET", v3() + "/policies", null).body().path("result")).hasSize(1);
        assertThat(call("GET", v3() + "/destinations/webhooks", null).body().path("result")).hasSize(1);
    }

    private CliResult cli(String... args) {
        Map<String, String> env = new HashMap<>();
        env.put("CLOUDFLARE_BASE_URL", sandbox.baseUrl());
        env.put("CLOUDFLARE_API_TOKEN", sandbox.token());
        env.put("CLOUDFLARE_ACCOUNT_ID", sandbox.accountId());
        return CliResult.run(Main.Terminal.none(InputStream.nullInputStream()), env, args);
    }

    @Test
    void alertsEnsureThenCheckThroughTheEntryPoint() throws Exception {
        String secret = call("GET", v3() + "/destinations/webhooks", null).body().path("result").get(0)
                .path("url").asText().replaceAll(".*token=", "");
        CliResult before = cli("check", "--account", sandbox.accountId());
        assertThat(before.out()).contains("! alert (account " + sandbox.accountId() + "): no enabled notification "
                + "policy");

        CliResult ensure = cli("alerts", "ensure", "--webhook", "sandbox-hook", "-v").assertExit(0);
        assertThat(ensure.out()).startsWith("Created notification policy 'logpush: failing Logpush job disabled'");
        CliResult again = cli("alerts", "ensure", "--webhook", "sandbox-hook", "--email", "soc@example.com")
                .assertExit(0);
        assertThat(again.out()).startsWith("Updated notification policy");
        CliResult covered = cli("alerts", "ensure", "--email", "soc@example.com").assertExit(0);
        assertThat(covered.out()).contains("(nothing sent)");

        CliResult list = cli("alerts", "-o", "json", "-v").assertExit(0);
        assertThat(list.json().get(0).path("mechanisms").path("webhooks").get(0).path("url").asText())
                .isEqualTo("https://hooks.example.com/cloudflare?…");
        for (CliResult r : new CliResult[] {ensure, again, covered, list}) {
            assertThat(r.out() + r.err()).doesNotContain(secret);
        }
        assertThat(cli("check", "--account", sandbox.accountId()).out())
                .contains("✓ alert (account " + sandbox.accountId() + "): Cloudflare notifies webhooks ");
    }
}
