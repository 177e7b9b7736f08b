package io.logpush.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.logpush.testing.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sandbox's Sekoia side, over raw HTTP, and how it follows the jobs of its Cloudflare side. */
class SandboxSekoiaTest {
    static final ObjectMapper MAPPER = Fixtures.MAPPER;
    static final String FIREWALL = "16676d72-463e-4b8a-b13a-f8dd48cddc8c";
    static final String HTTP_REQUESTS = "0ba58f32-7dba-4084-ab17-90c0be6b1f10";
    static final String GATEWAY_DNS = "7b1317ec-3f87-4b53-9b6d-3f79045f28fa";

    Sandbox sandbox;
    final HttpClient http = HttpClient.newHttpClient();
    final Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    record Response(int status, JsonNode body) {
    }

    @BeforeEach
    void setUp() throws IOException {
        sandbox = start(null);
    }

    @AfterEach
    void tearDown() {
        sandbox.close();
    }

    Sandbox start(Path state) throws IOException {
        return Sandbox.start(Sandbox.Config.defaults().zones(2).stateFile(state));
    }

    Response sekoia(String method, String path, String body) throws Exception {
        return send(sandbox.sekoiaUrl() + path, method, body, "Bearer " + sandbox.sekoiaKey());
    }

    Response cloudflare(String method, String path, String body) throws Exception {
        return send(sandbox.baseUrl() + path, method, body, "Bearer " + sandbox.token());
    }

    Response send(String url, String method, String body, String auth) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (auth != null) {
            b.header("Authorization", auth);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
        return new Response(r.statusCode(), MAPPER.readTree(r.body()));
    }

    String entityUuid() throws Exception {
        return sekoia("GET", "/v1/sic/conf/entities", null).body().get("items").get(0).get("uuid").asText();
    }

    JsonNode createIntake(String name, String format) throws Exception {
        Response r = sekoia("POST", "/v1/sic/conf/intakes", """
                {"name":"%s","format_uuid":"%s","entity_uuid":"%s"}""".formatted(name, format, entityUuid()));
        assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
        return r.body();
    }

    /** Creates a Cloudflare job sending to {@code key}; returns its ID. */
    long createJob(String scope, String dataset, String key, boolean enabled, String logpullOptions)
            throws Exception {
        Response r = cloudflare("POST", "/" + scope + "/logpush/jobs", """
                {"dataset":"%s","enabled":%s,"name":"to-sekoia",
                 "destination_conf":"https://intake.sekoia.io/plain/batch?header_X-SEKOIAIO-INTAKE-KEY=%s",
                 "logpull_options":"%s"}""".formatted(dataset, enabled, key, logpullOptions));
        assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
        return r.body().get("result").get("id").asLong();
    }

    String zoneScope() {
        return "zones/" + sandbox.zoneId();
    }

    /** A telemetry body over [started - 1 min, now] for these intakes. */
    String window(String... intakeUuids) throws Exception {
        return """
                {"earliest":"%s","latest":"%s","filters":{"intake_uuid":%s},"groups":["intake_uuid"]}"""
                .formatted(started.minusSeconds(60), Instant.now().plusMillis(1),
                        MAPPER.writeValueAsString(List.of(intakeUuids)));
    }

    JsonNode counters(String what, String... intakeUuids) throws Exception {
        Response r = sekoia("POST", "/v1/telemetry/" + what + "/counters", window(intakeUuids));
        assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
        return r.body();
    }

    @Test
    void aMissingOrWrongKeyIs401WithMessageAndCode() throws Exception {
        for (String auth : new String[] {null, "Bearer wrong", "Bearer " + sandbox.token()}) {
            Response r = send(sandbox.sekoiaUrl() + "/v1/me", "GET", null, auth);
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.body().get("message").asText()).isNotEmpty();
            assertThat(r.body().get("code").asText()).isNotEmpty();
        }
        assertThat(sandbox.sekoiaUrl()).isEqualTo(sandbox.baseUrl().replace("/client/v4", "/sekoia"));
        JsonNode me = sekoia("GET", "/v1/me", null).body();
        assertThat(me.get("name").asText()).isEqualTo("sandbox");
        assertThat(me.get("uuid").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        // the Cloudflare side does not take the Sekoia key
        assertThat(send(sandbox.baseUrl() + "/zones", "GET", null, "Bearer " + sandbox.sekoiaKey()).status())
                .isEqualTo(403);
        assertThat(sekoia("GET", "/v1/nothing", null).status()).isEqualTo(404);
    }

    @Test
    void oneStableEntity() throws Exception {
        JsonNode entities = sekoia("GET", "/v1/sic/conf/entities", null).body();
        assertThat(entities.get("total").asInt()).isEqualTo(1);
        assertThat(entities.get("items").get(0).get("name").asText()).isEqualTo("Main entity");
        String uuid = entities.get("items").get(0).get("uuid").asText();
        sandbox.close();
        sandbox = start(null);
        assertThat(entityUuid()).isEqualTo(uuid);
        assertThat(sekoia("GET", "/v1/sic/conf/entities?limit=1&offset=1", null).body().get("items")).isEmpty();
    }

    @Test
    void intakesAreCreatedListedFilteredAndPaged() throws Exception {
        JsonNode fw = createIntake("Cloudflare WAF", FIREWALL);
        JsonNode web = createIntake("Cloudflare HTTP", HTTP_REQUESTS);
        JsonNode dns = createIntake("Gateway DNS", GATEWAY_DNS);
        assertThat(fw.get("intake_key").asText()).matches("[A-Za-z0-9]{32}");
        assertThat(fw.get("intake_key").asText()).isNotEqualTo(web.get("intake_key").asText());
        assertThat(fw.get("status").asText()).isEqualTo("RUNNING");
        assertThat(fw.get("is_custom_format").asBoolean(true)).isFalse();
        assertThat(fw.get("entity").get("name").asText()).isEqualTo("Main entity");
        assertThat(fw.get("entity").get("uuid").asText()).isEqualTo(fw.get("entity_uuid").asText());
        for (String field : List.of("uuid", "name", "community_uuid", "entity_uuid", "format_uuid", "intake_key",
                "created_at", "updated_at")) {
            assertThat(fw.get(field).asText()).as(field).isNotEmpty();
        }

        JsonNode all = sekoia("GET", "/v1/sic/conf/intakes", null).body();
        assertThat(all.get("total").asInt()).isEqualTo(3);
        assertThat(names(all)).containsExactly("Cloudflare WAF", "Cloudflare HTTP", "Gateway DNS");
        assertThat(names(list("intake_key", web.get("intake_key").asText()))).containsExactly("Cloudflare HTTP");
        assertThat(names(list("name", "Gateway DNS"))).containsExactly("Gateway DNS");
        assertThat(names(list("format_uuid", FIREWALL))).containsExactly("Cloudflare WAF");
        assertThat(names(list("uuid", dns.get("uuid").asText()))).containsExactly("Gateway DNS");
        assertThat(names(list("uuid", fw.get("uuid").asText() + "," + dns.get("uuid").asText())))
                .containsExactly("Cloudflare WAF", "Gateway DNS");
        JsonNode none = list("intake_key", "NoSuchKeyAbCdEfGhIjKlMnOpQrStUv");
        assertThat(none.get("items")).isEmpty();
        assertThat(none.get("total").asInt()).isZero();

        JsonNode page = sekoia("GET", "/v1/sic/conf/intakes?limit=2&offset=1", null).body();
        assertThat(names(page)).containsExactly("Cloudflare HTTP", "Gateway DNS");
        assertThat(page.get("total").asInt()).isEqualTo(3);
        assertThat(names(sekoia("GET", "/v1/sic/conf/intakes?limit=1", null).body())).containsExactly("Cloudflare WAF");
        assertThat(sekoia("GET", "/v1/sic/conf/intakes/" + web.get("uuid").asText(), null).body().get("name")
                .asText()).isEqualTo("Cloudflare HTTP");
    }

    @Test
    void anIntakeNeedsANameAFormatAndAKnownEntity() throws Exception {
        String entity = entityUuid();
        for (String body : List.of("{\"format_uuid\":\"%s\",\"entity_uuid\":\"%s\"}".formatted(FIREWALL, entity),
                "{\"name\":\"x\",\"entity_uuid\":\"%s\"}".formatted(entity),
                "{\"name\":\"x\",\"format_uuid\":\"%s\"}".formatted(FIREWALL),
                "{\"name\":\"x\",\"format_uuid\":\"%s\",\"entity_uuid\":\"00000000-0000-0000-0000-000000000000\"}"
                        .formatted(FIREWALL),
                "[1]", "not json")) {
            Response r = sekoia("POST", "/v1/sic/conf/intakes", body);
            assertThat(r.status()).as(body).isEqualTo(400);
            assertThat(r.body().get("message").asText()).as(body).isNotEmpty();
        }
        assertThat(sekoia("GET", "/v1/sic/conf/intakes", null).body().get("total").asInt()).isZero();
    }

    @Test
    void anEnabledJobToAnIntakesKeyFillsItWithValidEvents() throws Exception {
        JsonNode intake = createIntake("WAF", FIREWALL);
        JsonNode other = createIntake("other", FIREWALL);
        String uuid = intake.get("uuid").asText();
        createJob(zoneScope(), "firewall_events", intake.get("intake_key").asText(), true,
                "fields=RayID,ClientIP,Datetime&timestamps=unixnano");
        Thread.sleep(600);
        JsonNode events = counters("events", uuid, other.get("uuid").asText());
        long total = events.get("total").asLong();
        assertThat(total).isBetween(5L, 200L);
        assertThat(events.get("groups")).hasSize(1); // the other intake received nothing
        assertThat(events.get("groups").get(0).get("filter").get("attribute").asText()).isEqualTo("intake_uuid");
        assertThat(events.get("groups").get(0).get("filter").get("value").asText()).isEqualTo(uuid);
        assertThat(events.get("groups").get(0).get("total").asLong()).isEqualTo(total);

        JsonNode status = counters("events-by-status", uuid);
        assertThat(status.get("valid_events_occurrences").asLong()).isGreaterThanOrEqualTo(total - 1);
        assertThat(status.get("warning_events_occurences").asLong()).isZero();
        // Cloudflare's destination test, {"content":"tests"}, uploaded when the job was created
        assertThat(status.get("invalid_events_occurrences").asLong()).isEqualTo(1);
        JsonNode issues = parsingIssues(uuid);
        assertThat(issues.get("total").asLong()).isEqualTo(1);
        assertThat(issues.get("groups").get(0).get("filter").get("attribute").asText()).isEqualTo("message");
        assertThat(issues.get("groups").get(0).get("filter").get("value").asText())
                .contains("test upload from Cloudflare");

        JsonNode lag = counters("intakes", uuid);
        assertThat(lag.get("average_lag").asDouble()).isEqualTo(60.0);
        assertThat(lag.get("min_lag").asDouble()).isEqualTo(60.0);
        assertThat(lag.get("max_lag").asDouble()).isEqualTo(60.0);
        assertThat(lag.get("total").asLong()).isGreaterThanOrEqualTo(total);

        Thread.sleep(300);
        assertThat(counters("events", uuid).get("total").asLong()).isGreaterThan(total);
    }

    @Test
    void countsAreDeterministicAndClippedToTheWindow() throws Exception {
        JsonNode intake = createIntake("WAF", FIREWALL);
        String uuid = intake.get("uuid").asText();
        createJob(zoneScope(), "firewall_events", intake.get("intake_key").asText(), true,
                "fields=RayID&timestamps=unixnano");
        Thread.sleep(500);
        Instant t = Instant.now().minusMillis(100);
        String body = """
                {"earliest":"%s","latest":"%s","filters":{"intake_uuid":["%s"]}}"""
                .formatted(t.minusMillis(300), t, uuid);
        long first = sekoia("POST", "/v1/telemetry/events-by-status/counters", body).body()
                .get("valid_events_occurrences").asLong();
        assertThat(first).isBetween(3L, 4L); // 10 a second
        Thread.sleep(200);
        assertThat(sekoia("POST", "/v1/telemetry/events-by-status/counters", body).body()
                .get("valid_events_occurrences").asLong()).isEqualTo(first);
        String before = """
                {"earliest":"%s","latest":"%s","filters":{"intake_uuid":["%s"]}}"""
                .formatted(started.minusSeconds(3600), started.minusSeconds(60), uuid);
        assertThat(sekoia("POST", "/v1/telemetry/events/counters", before).body().get("total").asLong()).isZero();
        Response bad = sekoia("POST", "/v1/telemetry/events/counters", "{\"earliest\":\"yesterday\"}");
        assertThat(bad.status()).isEqualTo(400);
    }

    @Test
    void anIntakeOfAnotherFormatGetsInvalidEventsAndParsingIssues() throws Exception {
        JsonNode intake = createIntake("HTTP intake", HTTP_REQUESTS);
        String uuid = intake.get("uuid").asText();
        createJob(zoneScope(), "firewall_events", intake.get("intake_key").asText(), true,
                "fields=RayID,ClientIP&timestamps=unixnano");
        Thread.sleep(500);
        JsonNode status = counters("events-by-status", uuid);
        assertThat(status.get("valid_events_occurrences").asLong()).isZero();
        long invalid = status.get("invalid_events_occurrences").asLong();
        assertThat(invalid).isGreaterThan(3);
        assertThat(status.get("total").asLong()).isEqualTo(invalid);
        JsonNode issues = parsingIssues(uuid);
        assertThat(issues.get("total").asLong()).isGreaterThanOrEqualTo(invalid);
        List<String> messages = new ArrayList<>();
        issues.get("groups").forEach(g -> messages.add(g.get("filter").get("value").asText()));
        assertThat(messages).hasSize(2);
        assertThat(messages.get(0)).contains("unexpected event structure").doesNotContain("test upload");
        assertThat(messages.get(1)).contains("test upload from Cloudflare");
        assertThat(counters("intakes", uuid).get("average_lag").isNull()).isTrue();
    }

    @Test
    void aZoneJobWithUnixTimestampsShowsAnEpochLag() throws Exception {
        JsonNode intake = createIntake("WAF", FIREWALL);
        String uuid = intake.get("uuid").asText();
        createJob(zoneScope(), "firewall_events", intake.get("intake_key").asText(), true,
                "fields=RayID,ClientIP&timestamps=unix");
        JsonNode rfc = createIntake("WAF rfc3339", FIREWALL);
        long rfcJob = createJob(zoneScope(), "firewall_events", rfc.get("intake_key").asText(), true,
                "fields=RayID&timestamps=rfc3339");
        Thread.sleep(500);
        double now = System.currentTimeMillis() / 1000.0;
        JsonNode lag = counters("intakes", uuid);
        assertThat(lag.get("average_lag").asDouble()).isCloseTo(now, within(5.0));
        assertThat(lag.get("min_lag").asDouble()).isGreaterThan(1.5e9);
        assertThat(lag.get("max_lag").asDouble()).isGreaterThanOrEqualTo(lag.get("min_lag").asDouble());
        assertThat(counters("events-by-status", uuid).get("invalid_events_occurrences").asLong()).isEqualTo(1);
        assertThat(counters("intakes", rfc.get("uuid").asText()).get("average_lag").asDouble()).isGreaterThan(1.5e9);

        // put right (output_options' unixnano wins over logpull_options): new events are dated rightly
        cloudflare("PUT", "/" + zoneScope() + "/logpush/jobs/" + rfcJob,
                "{\"output_options\":{\"field_names\":[\"RayID\"],\"timestamp_format\":\"unixnano\"}}");
        Thread.sleep(400);
        Instant after = Instant.now().minusMillis(300);
        JsonNode fixed = sekoia("POST", "/v1/telemetry/intakes/counters", """
                {"earliest":"%s","latest":"%s","filters":{"intake_uuid":["%s"]}}"""
                .formatted(after, Instant.now(), rfc.get("uuid").asText())).body();
        assertThat(fixed.get("average_lag").asDouble()).isEqualTo(60.0);
    }

    @Test
    void anAccountJobWithRfc3339IsDatedRightly() throws Exception {
        JsonNode intake = createIntake("Gateway DNS", GATEWAY_DNS);
        createJob("accounts/" + sandbox.accountId(), "gateway_dns", intake.get("intake_key").asText(), true,
                "fields=Datetime,QueryName&timestamps=rfc3339");
        Thread.sleep(400);
        JsonNode lag = counters("intakes", intake.get("uuid").asText());
        assertThat(lag.get("total").asLong()).isGreaterThan(2);
        assertThat(lag.get("average_lag").asDouble()).isEqualTo(60.0);
    }

    @Test
    void aDisabledOrDeletedJobSendsNothingButTheTestUpload() throws Exception {
        JsonNode intake = createIntake("WAF", FIREWALL);
        String uuid = intake.get("uuid").asText();
        long id = createJob(zoneScope(), "firewall_events", intake.get("intake_key").asText(), false,
                "fields=RayID&timestamps=unixnano");
        Thread.sleep(400);
        JsonNode status = counters("events-by-status", uuid);
        assertThat(status.get("valid_events_occurrences").asLong()).isZero();
        assertThat(status.get("invalid_events_occurrences").asLong()).isEqualTo(1);
        JsonNode noLag = counters("intakes", uuid);
        assertThat(noLag.get("total").asLong()).isEqualTo(1);
        assertThat(noLag.get("average_lag").isNull()).isTrue(); // no valid event, nothing dated
        assertThat(noLag.get("max_lag").isNull()).isTrue();

        // enabled: events; then deleted: no more
        cloudflare("PUT", "/" + zoneScope() + "/logpush/jobs/" + id, "{\"enabled\":true}");
        Thread.sleep(400);
        cloudflare("DELETE", "/" + zoneScope() + "/logpush/jobs/" + id, null);
        long total = counters("events", uuid).get("total").asLong();
        assertThat(total).isGreaterThan(3);
        Thread.sleep(300);
        assertThat(counters("events", uuid).get("total").asLong()).isEqualTo(total);

        // a job to a key no intake has sends nowhere
        createJob(zoneScope(), "firewall_events", "NoIntakeHasThisKeyAbCdEfGhIjKlMn", true,
                "fields=RayID&timestamps=unixnano");
        Thread.sleep(200);
        assertThat(counters("events", uuid).get("total").asLong()).isEqualTo(total);
    }

    @Test
    void intakesAndTheirEventsSurviveARestartWithAStateFile(@TempDir Path dir) throws Exception {
        sandbox.close();
        Path state = dir.resolve("sandbox.json");
        sandbox = start(state);
        String key = sandbox.sekoiaKey();
        JsonNode intake = createIntake("WAF", FIREWALL);
        createJob(zoneScope(), "firewall_events", intake.get("intake_key").asText(), true,
                "fields=RayID&timestamps=unixnano");
        Thread.sleep(300);
        sandbox.close();
        sandbox = start(state);
        assertThat(sandbox.sekoiaKey()).isEqualTo(key);
        assertThat(names(list("intake_key", intake.get("intake_key").asText()))).containsExactly("WAF");
        assertThat(counters("events", intake.get("uuid").asText()).get("total").asLong()).isGreaterThan(2);
    }

    JsonNode parsingIssues(String uuid) throws Exception {
        Response r = sekoia("POST", "/v1/telemetry/parsing-issues/counters", """
                {"earliest":"%s","latest":"%s","filters":{"intake_uuid":["%s"],"parsing_status":["invalid","warning"]},
                 "groups":["parsing_status","message"]}""".formatted(started.minusSeconds(60), Instant.now(), uuid));
        assertThat(r.status()).isEqualTo(200);
        return r.body();
    }

    JsonNode list(String field, String value) throws Exception {
        return sekoia("GET", "/v1/sic/conf/intakes?" + URLEncoder.encode("match[" + field + "]", StandardCharsets.UTF_8)
                + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8), null).body();
    }

    static List<String> names(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.get("items").forEach(i -> out.add(i.get("name").asText()));
        return out;
    }
}
