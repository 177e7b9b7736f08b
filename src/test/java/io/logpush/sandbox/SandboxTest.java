package io.logpush.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.logpush.cli.Main;
import io.logpush.testing.CliResult;
import io.logpush.testing.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxTest {
    static final ObjectMapper MAPPER = Fixtures.MAPPER;
    static final String KEY = "AbCdEfGhIjKlMnOpQrStUvWxYz012345";
    static final String DESTINATION = "https://intake.sekoia.io/plain/batch?header_X-SEKOIAIO-INTAKE-KEY=" + KEY;

    Sandbox sandbox;
    final HttpClient http = HttpClient.newHttpClient();

    record Response(int status, JsonNode body, HttpResponse<String> raw) {
    }

    Sandbox start(int zones, int rateLimit, Path state) throws IOException {
        return Sandbox.start(Sandbox.Config.defaults().zones(zones).stateFile(state).rateLimit(rateLimit, 300));
    }

    @BeforeEach
    void setUp() throws IOException {
        sandbox = start(3, 1200, null);
    }

    @AfterEach
    void tearDown() {
        sandbox.close();
    }

    Response call(String method, String path, String body) throws Exception {
        return call(method, path, body, "Bearer " + sandbox.token());
    }

    Response call(String method, String path, String body, String auth) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (auth != null) {
            b.header("Authorization", auth);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), MAPPER.readTree(r.body()), r);
    }

    String zonePath() {
        return "/zones/" + sandbox.zoneId() + "/logpush/jobs";
    }

    /** A create's body for {@code dataset}, sending to Sekoia, with the given fields set (as Fixtures.with). */
    static String job(String dataset, Object... keysAndValues) {
        return Fixtures.with("""
                {"dataset":"%s","enabled":true,"name":"sekoia-test","destination_conf":"%s",
                 "logpull_options":"fields=RayID,ClientIP&timestamps=unixnano"}""".formatted(dataset, DESTINATION),
                keysAndValues);
    }

    CliResult cli(String... args) {
        Map<String, String> env = new HashMap<>();
        env.put("CLOUDFLARE_BASE_URL", sandbox.baseUrl());
        env.put("CLOUDFLARE_API_TOKEN", sandbox.token());
        env.put("CLOUDFLARE_ZONE_ID", sandbox.zoneId());
        env.put("CLOUDFLARE_ACCOUNT_ID", sandbox.accountId());
        return CliResult.run(Main.Terminal.none(InputStream.nullInputStream()), env, args);
    }

    @Test
    void createListGetUpdateDeleteFollowCloudflaresShapes() throws Exception {
        Response created = call("POST", zonePath(), job("firewall_events"));
        assertThat(created.status()).isEqualTo(200);
        assertThat(created.body().get("success").asBoolean()).isTrue();
        JsonNode j = created.body().get("result");
        long id = j.get("id").asLong();
        assertThat(j.get("enabled").asBoolean()).isTrue();
        assertThat(j.get("kind").asText()).isEmpty();
        assertThat(j.has("last_error")).isTrue();

        assertThat(call("GET", zonePath(), null).body().get("result")).hasSize(1);
        assertThat(call("GET", zonePath() + "/" + id, null).body().get("result").get("name").asText())
                .isEqualTo("sekoia-test");

        Response put = call("PUT", zonePath() + "/" + id, "{\"enabled\":false}");
        assertThat(put.body().get("result").get("enabled").asBoolean()).isFalse();
        assertThat(put.body().get("result").get("logpull_options").asText())
                .isEqualTo("fields=RayID,ClientIP&timestamps=unixnano");

        Response del = call("DELETE", zonePath() + "/" + id, null);
        assertThat(del.body().get("result")).isEqualTo(MAPPER.readTree("{\"id\":" + id + "}"));
        Response gone = call("GET", zonePath() + "/" + id, null);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.body().get("errors").get(0).get("message").asText()).isEqualTo("job not found");
    }

    @Test
    void putReplacesOutputOptionsWholeAndRefusesDatasetChanges() throws Exception {
        long id = call("POST", zonePath(), """
                {"dataset":"http_requests","destination_conf":"https://x.example",
                 "output_options":{"field_names":["ClientIP","RayID"],"timestamp_format":"rfc3339",
                                   "CVE-2021-44228":true}}""").body().get("result").get("id").asLong();
        JsonNode r = call("PUT", zonePath() + "/" + id, "{\"output_options\":{\"field_names\":[\"RayID\"]}}")
                .body().get("result");
        assertThat(r.get("output_options")).isEqualTo(MAPPER.readTree("{\"field_names\":[\"RayID\"]}"));
        Response changeDataset = call("PUT", zonePath() + "/" + id, "{\"dataset\":\"dns_logs\"}");
        assertThat(changeDataset.status()).isEqualTo(400);
        assertThat(changeDataset.body().get("errors").get(0).get("message").asText())
                .isEqualTo("dataset cannot be changed after the job is created");
    }

    @Test
    void enforcesCloudflaresRules() throws Exception {
        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put(job("firewall_events", "max_upload_bytes", 4999999), "max_upload_bytes must be 0 or between");
        bad.put(job("firewall_events", "max_upload_records", 999), "max_upload_records must be 0 or between");
        bad.put(job("firewall_events", "max_upload_interval_seconds", 301), "max_upload_interval_seconds");
        bad.put(job("firewall_events", "name", "sekoia_test"), "job name must match");
        bad.put(job("firewall_events", "destination_conf", DESTINATION.replace("https://", "http://")),
                "https:// destinations only");
        bad.put(job("firewall_events", "logpull_options", "fields=RayId,ClientIP&timestamps=unixnano"),
                "unknown field 'RayId'");
        bad.put(job("gateway_dns"), "dataset 'gateway_dns' is not supported in this scope");
        bad.put(job("firewall_events", "filter", "{\"nowhere\":1}"), "filter must be an object");
        bad.put(job("firewall_events", "destination_conf", DESTINATION.replace("intake.sekoia.io", "intake.invalid")),
                "error validating destination");
        for (Map.Entry<String, String> e : bad.entrySet()) {
            Response r = call("POST", zonePath(), e.getKey());
            assertThat(r.status()).as(e.getValue()).isEqualTo(400);
            assertThat(r.body().get("success").asBoolean()).isFalse();
            assertThat(r.body().get("errors").get(0).get("message").asText()).contains(e.getValue());
        }
        assertThat(call("POST", zonePath(), job("firewall_events", "max_upload_bytes", 0)).status()).isEqualTo(200);
        assertThat(call("GET", zonePath(), null).body().get("result")).hasSize(1);
    }

    @Test
    void aZoneTakesFourJobsAtMost() throws Exception {
        for (int i = 0; i < 4; i++) {
            assertThat(call("POST", zonePath(), job("firewall_events")).status()).isEqualTo(200);
        }
        Response fifth = call("POST", zonePath(), job("firewall_events"));
        assertThat(fifth.status()).isEqualTo(400);
        assertThat(fifth.body().get("errors").get(0).get("message").asText())
                .isEqualTo("creating a new job is not allowed: exceeded max jobs allowed");
        String account = "/accounts/" + sandbox.accountId() + "/logpush/jobs";
        for (int i = 0; i < 5; i++) {
            assertThat(call("POST", account, job("gateway_dns", "logpull_options",
                    "fields=Datetime,QueryName&timestamps=unixnano")).status()).isEqualTo(200);
        }
    }

    @Test
    void onlyThePrintedCredentialsAreAccepted() throws Exception {
        Response wrong = call("GET", zonePath(), null, "Bearer not-the-token");
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(wrong.body().get("errors").get(0).get("code").asInt()).isEqualTo(10000);
        assertThat(call("GET", zonePath(), null, null).status()).isEqualTo(403);
        HttpRequest keyAuth = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + zonePath()))
                .header("X-Auth-Email", sandbox.email()).header("X-Auth-Key", sandbox.globalKey()).build();
        assertThat(http.send(keyAuth, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    @Test
    void rateLimitAnswers429WithRetryAfterAndHeaders() throws Exception {
        sandbox.close();
        sandbox = start(1, 3, null);
        for (int i = 0; i < 3; i++) {
            Response r = call("GET", zonePath(), null);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.raw().headers().firstValue("Ratelimit")).hasValueSatisfying(v ->
                    assertThat(v).startsWith("\"default\";r="));
            assertThat(r.raw().headers().firstValue("Ratelimit-Policy")).contains("\"default\";q=3;w=300");
        }
        Response limited = call("GET", zonePath(), null);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.raw().headers().firstValue("Retry-After")).isPresent();
        assertThat(limited.body().get("errors").get(0).get("code").asInt()).isEqualTo(971);
    }

    @Test
    void zonesAreListedPagedAndFoundByName() throws Exception {
        JsonNode one = call("GET", "/zones/" + sandbox.zoneId(), null).body().get("result");
        assertThat(one.get("name").asText()).isEqualTo("zone1.example.com");
        assertThat(call("GET", "/zones/00000000000000000000000000000000", null).status()).isEqualTo(404);
        JsonNode byName = call("GET", "/zones?name=zone2.example.com", null).body();
        assertThat(byName.get("result")).hasSize(1);
        assertThat(byName.get("result").get(0).get("account").get("id").asText()).isEqualTo(sandbox.accountId());
        sandbox.close();
        sandbox = start(12, 1200, null);
        JsonNode page2 = call("GET", "/zones?per_page=5&page=2", null).body();
        assertThat(page2.get("result")).hasSize(5);
        assertThat(page2.get("result_info").get("total_count").asInt()).isEqualTo(12);
        assertThat(page2.get("result_info").get("total_pages").asInt()).isEqualTo(3);
        assertThat(page2.get("result").get(0).get("name").asText()).isEqualTo("zone6.example.com");
    }

    @Test
    void theOneAccountIsListedPagedByResultInfo() throws Exception {
        JsonNode first = call("GET", "/accounts?page=1&per_page=50", null).body();
        assertThat(first.get("result")).hasSize(1);
        assertThat(first.get("result").get(0).get("id").asText()).isEqualTo(sandbox.accountId());
        assertThat(first.get("result_info").get("total_pages").asInt()).isEqualTo(1);
        assertThat(call("GET", "/accounts?page=2&per_page=50", null).body().get("result")).isEmpty();
    }

    @Test
    void tokenVerifyAndValidationEndpoints() throws Exception {
        assertThat(call("GET", "/user/tokens/verify", null).body().get("result").get("status").asText())
                .isEqualTo("active");
        String base = "/zones/" + sandbox.zoneId() + "/logpush/validate/";
        assertThat(call("POST", base + "destination", "{\"destination_conf\":\"https://intake.sekoia.io/x\"}")
                .body().get("result").get("valid").asBoolean()).isTrue();
        assertThat(call("POST", base + "destination", "{\"destination_conf\":\"https://a.invalid/x\"}")
                .body().get("result").get("valid").asBoolean()).isFalse();
        assertThat(call("POST", base + "destination/exists", "{\"destination_conf\":\"https://a.example\"}")
                .body().get("result").get("exists").asBoolean()).isFalse();
        assertThat(call("POST", base + "origin", "{\"logpull_options\":\"fields=RayID\"}")
                .body().get("result").get("valid").asBoolean()).isTrue();
        JsonNode fields = call("GET", "/zones/" + sandbox.zoneId() + "/logpush/datasets/firewall_events/fields", null)
                .body().get("result");
        assertThat(fields).hasSize(30);
        assertThat(fields.get("ClientASN").asText()).isEqualTo("int; the ASN number of the visitor");
    }

    @Test
    void stateSurvivesARestart(@TempDir Path dir) throws Exception {
        sandbox.close();
        Path state = dir.resolve("sandbox.json");
        sandbox = start(2, 1200, state);
        String token = sandbox.token();
        call("POST", zonePath(), job("firewall_events"));
        sandbox.close();
        sandbox = start(2, 1200, state);
        assertThat(sandbox.token()).isEqualTo(token);
        assertThat(call("GET", zonePath(), null).body().get("result")).hasSize(1);
        assertThat(call("POST", zonePath(), job("firewall_events")).body().get("result").get("id").asLong())
                .isEqualTo(2);
    }

    @Test
    void refusesNonLoopbackAddresses() {
        assertThatThrownBy(() -> Sandbox.start(Sandbox.Config.defaults().host("0.0.0.0").rateLimit(10, 10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loopback");
        CliResult r = cli("sandbox", "--host", "0.0.0.0", "--port", "0").assertExit(2);
        assertThat(r.err()).contains("the sandbox binds only loopback addresses");
    }

    @Test
    void aConfigWitherChangesItsCopyOnlyAndTheDefaultsAreAPlainLoopbackSandbox() {
        Sandbox.Config defaults = Sandbox.Config.defaults();
        Sandbox.Config changed = defaults.zones(40).latencyMillis(150).rateLimit(100_000, 60).port(8787);
        assertThat(List.of(changed.zones(), changed.latencyMillis(), changed.rateLimit(), changed.rateWindowSeconds(),
                changed.port())).containsExactly(40, 150, 100_000, 60, 8787);
        assertThat(List.of(defaults.host(), defaults.port(), defaults.zones(), defaults.latencyMillis(),
                defaults.rateLimit(), defaults.rateWindowSeconds()))
                .containsExactly("127.0.0.1", 0, 1, 0, 1200, 300);
        assertThat(defaults.firstBatchAfterMillis()).isZero();
        assertThat(defaults.stateFile()).isNull();
        assertThat(defaults.log()).isNull();
        assertThat(defaults.tls()).isNull();
        assertThat(sandbox.baseUrl()).startsWith("http://127.0.0.1:");
    }

    @Test
    void aCreateTheSandboxAcceptsValidatesAgainstCloudflaresSchema() throws Exception {
        JsonNode openapi;
        try (InputStream in = getClass().getResourceAsStream("/fixtures/logpush-openapi.json")) {
            openapi = MAPPER.readTree(in);
        }
        JsonNode schema = openapi.at("/paths/~1zones~1{zone_id}~1logpush~1jobs/post/requestBody/content/"
                + "application~1json/schema");
        SchemaValidator validator = new SchemaValidator(openapi);
        for (String body : List.of(job("firewall_events"),
                job("http_requests", "max_upload_bytes", 5000000, "max_upload_records", 1000,
                        "max_upload_interval_seconds", 30),
                """
                {"dataset":"http_requests","destination_conf":"https://x.example",
                 "output_options":{"field_names":["RayID"],"timestamp_format":"unixnano","sample_rate":1}}""")) {
            assertThat(call("POST", zonePath(), body).status()).as(body).isEqualTo(200);
            assertThat(validator.validate(MAPPER.readTree(body), schema)).as(body).isEmpty();
            call("DELETE", zonePath() + "/" + call("GET", zonePath(), null).body().get("result").get(0).get("id"), null);
        }
        for (String body : List.of(job("firewall_events", "name", "bad name"),
                job("firewall_events", "max_upload_records", 10))) {
            assertThat(call("POST", zonePath(), body).status()).as(body).isEqualTo(400);
            assertThat(validator.validate(MAPPER.readTree(body), schema)).as(body).isNotEmpty();
        }
    }

    @Test
    void whatLogpushCreateSendsIsAcceptedAndMatchesTheSchema() throws Exception {
        CliResult dry = cli("create", "--intake-key", KEY, "--dry-run", "-o", "json", "--show-secrets").assertExit(0);
        ObjectNode body = (ObjectNode) dry.json().get("body");
        JsonNode openapi;
        try (InputStream in = getClass().getResourceAsStream("/fixtures/logpush-openapi.json")) {
            openapi = MAPPER.readTree(in);
        }
        JsonNode schema = openapi.at("/paths/~1zones~1{zone_id}~1logpush~1jobs/post/requestBody/content/"
                + "application~1json/schema");
        assertThat(new SchemaValidator(openapi).validate(body, schema)).isEmpty();
        cli("create", "--intake-key", KEY).assertExit(0);
        assertThat(call("GET", zonePath(), null).body().get("result").get(0).get("logpull_options").asText())
                .isEqualTo(body.get("logpull_options").asText());
    }

    @Test
    void theGuideEndToEndThroughTheEntryPoint() {
        assertThat(cli("fields", "-o", "names").out()).startsWith("Action,ClientASN,");
        assertThat(cli("create", "--intake-key", KEY).out()).startsWith("Created job 1 (sekoia-firewall-events)");
        cli("create", "--intake-key", KEY).assertExit(6);
        assertThat(cli("list", "--sekoia").out()).startsWith("1\tsekoia-firewall-events\tfirewall_events\tyes\t");
        assertThat(cli("update", "1", "--intake-key", "NewKeyAbCdEfGhIjKlMnOpQrStUvWxYz").out())
                .isEqualTo("Updated job 1 (sekoia-firewall-events): intake key rotated (AbCd… → NewK…)\n");
        assertThat(cli("update", "1", "--timestamps", "unixnano").out()).isEqualTo("job 1 is already up to date\n");
        assertThat(cli("disable", "1").out()).isEqualTo("Disabled job 1 (sekoia-firewall-events)\n");
        assertThat(cli("delete", "1", "--yes").out()).isEqualTo("Deleted job 1 (sekoia-firewall-events)\n");
        cli("get", "1").assertExit(3);
        assertThat(cli("create", "--dataset", "gateway_dns", "--intake-key", KEY).out())
                .contains("gateway_dns of account " + sandbox.accountId());
    }
}
