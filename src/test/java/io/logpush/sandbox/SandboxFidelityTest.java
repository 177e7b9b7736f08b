package io.logpush.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 13 point 12 and issue 18: the sandbox answers as Cloudflare does, over HTTP. */
class SandboxFidelityTest {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String KEY = "AbCdEfGhIjKlMnOpQrStUvWxYz012345";

    @TempDir
    Path dir;

    Sandbox sandbox;
    final HttpClient http = HttpClient.newHttpClient();

    record Response(int status, JsonNode body) {
        JsonNode result() {
            return body.get("result");
        }
    }

    void start(long firstBatchAfterMs, Path state) throws IOException {
        sandbox = Sandbox.start(Sandbox.Config.defaults().zones(2).stateFile(state)
                .firstBatchAfterMillis(firstBatchAfterMs));
    }

    @AfterEach
    void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    Response call(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token);
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), MAPPER.readTree(r.body()));
    }

    Response call(String method, String path, String body) throws Exception {
        return call(method, path, body, sandbox.token());
    }

    String jobs() {
        return "/zones/" + sandbox.zoneId() + "/logpush/jobs";
    }

    static String job(String dataset, String extra) {
        return "{\"dataset\":\"" + dataset + "\",\"enabled\":true,\"name\":\"sekoia-test\","
                + "\"destination_conf\":\"https://intake.sekoia.io/plain/batch?header_X-SEKOIAIO-INTAKE-KEY=" + KEY
                + "\",\"logpull_options\":\"fields=ClientIP&timestamps=unixnano\"" + extra + "}";
    }

    @Test
    void lastCompleteStaysNullUntilTheFirstBatch() throws Exception {
        start(1000, null);
        call("GET", jobs(), null); // the first request of a client is slow: not part of the timing
        Response created = call("POST", jobs(), job("firewall_events", ""));
        assertThat(created.status()).isEqualTo(200);
        long id = created.result().get("id").asLong();
        assertThat(created.result().get("last_complete").isNull()).isTrue();
        assertThat(call("GET", jobs() + "/" + id, null).result().get("last_complete").isNull()).isTrue();
        Thread.sleep(1200);
        assertThat(call("GET", jobs() + "/" + id, null).result().get("last_complete").asText()).endsWith("Z");
        assertThat(call("GET", jobs(), null).result().get(0).get("last_complete").asText()).endsWith("Z");

        // disabled at creation: no batch, however long one waits
        Response off = call("POST", jobs(), job("http_requests", ",\"enabled\":false"));
        Thread.sleep(1200);
        assertThat(call("GET", jobs() + "/" + off.result().get("id").asLong(), null).result()
                .get("last_complete").isNull()).isTrue();
    }

    @Test
    void jobsCarryFrequencyAndTimeCreated() throws Exception {
        start(0, null);
        JsonNode j = call("POST", jobs(), job("firewall_events", "")).result();
        assertThat(j.get("frequency").asText()).isEqualTo("high");
        assertThat(j.get("time_created").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(j.get("last_complete").asText()).endsWith("Z"); // first batch after 0 ms
        JsonNode updated = call("PUT", jobs() + "/" + j.get("id").asLong(), "{\"name\":\"renamed\"}").result();
        assertThat(updated.get("time_created").asText()).isEqualTo(j.get("time_created").asText());
    }

    @Test
    void kindEdgeIsAcceptedForHttpRequestsOnly() throws Exception {
        start(0, null);
        Response edge = call("POST", jobs(), job("http_requests", ",\"kind\":\"edge\""));
        assertThat(edge.status()).isEqualTo(200);
        assertThat(edge.result().get("kind").asText()).isEqualTo("edge");
        Response refused = call("POST", jobs(), job("firewall_events", ",\"kind\":\"edge\""));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().at("/errors/0/message").asText())
                .isEqualTo("kind 'edge' is not supported for dataset firewall_events: Edge Log Delivery supports "
                        + "only http_requests");
    }

    @Test
    void theFifthJobGetsTheDocumentedMessageAndNoPermissionCode() throws Exception {
        start(0, null);
        for (int i = 0; i < 4; i++) {
            assertThat(call("POST", jobs(), job("firewall_events", "")).status()).isEqualTo(200);
        }
        Response fifth = call("POST", jobs(), job("firewall_events", ""));
        assertThat(fifth.status()).isEqualTo(400);
        assertThat(fifth.body().at("/errors/0/message").asText())
                .isEqualTo("creating a new job is not allowed: exceeded max jobs allowed");
        // 1004 is Cloudflare's "not allowed" permission code (Zero Trust PII Read): a client would say "token"
        assertThat(fifth.body().at("/errors/0/code").asInt()).isNotIn(1004, 10000, 9109);
    }

    @Test
    void dnsLogsFieldsAreCloudflares() throws Exception {
        start(0, null);
        Response r = call("GET", "/zones/" + sandbox.zoneId() + "/logpush/datasets/dns_logs/fields", null);
        List<String> names = new ArrayList<>();
        r.result().fieldNames().forEachRemaining(names::add);
        // developers.cloudflare.com/logs/reference/log-fields/zone/dns_logs/
        assertThat(names).containsExactlyInAnyOrder("ColoCode", "EDNSSubnet", "EDNSSubnetLength", "QueryName",
                "QueryType", "ResponseCached", "ResponseCode", "SourceIP", "Timestamp");
        assertThat(r.result().get("EDNSSubnet").asText()).startsWith("string");
    }

    @Test
    void aWrongTokenGetsThe2026Forbidden() throws Exception {
        start(0, null);
        Response r = call("GET", jobs(), null, "wrong-token");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.body().get("success").asBoolean()).isFalse();
        assertThat(r.body().at("/errors/0/code").asInt()).isEqualTo(10000);
        assertThat(r.body().at("/errors/0/message").asText()).isEqualTo("Forbidden");
        assertThat(r.body().at("/errors/0/documentation_url").asText()).startsWith("https://developers.cloudflare.com/");
        assertThat(r.body().get("result").isNull()).isTrue();
    }

    @Test
    void aStateFileIsCreatedReadableByItsOwnerOnly() throws Exception {
        Path state = dir.resolve("state.json");
        start(0, state);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state))).isEqualTo("rw-------");
        call("POST", jobs(), job("firewall_events", ""));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state))).isEqualTo("rw-------");
        String token = sandbox.token();
        sandbox.close();
        start(0, state);
        assertThat(sandbox.token()).isEqualTo(token);
        JsonNode listed = call("GET", jobs(), null).result();
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("last_complete").asText()).endsWith("Z");
    }
}
