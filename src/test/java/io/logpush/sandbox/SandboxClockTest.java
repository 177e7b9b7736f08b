package io.logpush.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.logpush.cli.Main;
import io.logpush.testing.CliResult;
import io.logpush.testing.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox's clock and refusing intakes (/__sandbox): hours of deliveries in a second, consistent on both sides;
 * an intake that refuses makes the job fail (retried, then dropped), last_error and error_message move, writes are
 * refused as Cloudflare refuses them, and after 24 h of failure the job is disabled.
 */
class SandboxClockTest {
    static final String JOB = "job 1 (sekoia-firewall-events, firewall_events) ";
    static final long FIVE_MINUTES = 300_000;

    @TempDir
    Path dir;
    Sandbox sandbox;
    final Map<String, String> env = new HashMap<>();
    final HttpClient http = HttpClient.newHttpClient();

    void start(Path state) throws Exception {
        sandbox = Sandbox.start(Sandbox.Config.defaults().zones(1).stateFile(state));
        env.putAll(SandboxTestIds.environment(sandbox));
    }

    @AfterEach
    void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    CliResult logpush(String... args) {
        CliResult r = CliResult.run(Main.Terminal.none(InputStream.nullInputStream()), env, args);
        assertThat(r.out() + r.err()).doesNotContain(sandbox.sekoiaKey()).doesNotContain(sandbox.token());
        return r;
    }

    record Answer(int status, JsonNode body) {
    }

    Answer send(String method, String url, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).method(method, body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), Fixtures.json(r.body()));
    }

    /** A POST to the sandbox's own paths, which must succeed; its result. */
    JsonNode admin(String path, String body) throws Exception {
        Answer a = send("POST", sandbox.adminUrl() + path, sandbox.token(), body);
        assertThat(a.status()).as(a.body().toString()).isEqualTo(200);
        return a.body().get("result");
    }

    JsonNode job(long id) throws Exception {
        return send("GET", sandbox.baseUrl() + "/zones/" + sandbox.zoneId() + "/logpush/jobs/" + id, sandbox.token(),
                null).body().get("result");
    }

    /** The upload groups of the zone's jobs whose five minutes start in [from, to). */
    JsonNode uploads(Instant from, Instant to) throws Exception {
        String query = "{ viewer { zones(filter: {zoneTag_in: [\"" + sandbox.zoneId() + "\"]}) { "
                + "logpushHealthAdaptiveGroups(limit: 10000, filter: {datetime_geq: \"" + from + "\", datetime_lt: \""
                + to + "\"}, orderBy: [datetimeFiveMinutes_DESC]) { sum { uploads records } dimensions { "
                + "datetimeFiveMinutes jobId status success final } } } } }";
        Answer a = send("POST", sandbox.baseUrl() + "/graphql", sandbox.token(),
                Fixtures.MAPPER.createObjectNode().put("query", query).toString());
        assertThat(a.body().path("errors").isNull()).as(a.body().toString()).isTrue();
        return a.body().at("/data/viewer/zones/0/logpushHealthAdaptiveGroups");
    }

    static long sum(JsonNode groups, String field, int success, int last) {
        long n = 0;
        for (JsonNode g : groups) {
            if (g.at("/dimensions/success").asInt() == success && g.at("/dimensions/final").asInt() == last) {
                n += g.at("/sum/" + field).asLong();
            }
        }
        return n;
    }

    /** The valid events Sekoia received on the intake named {@code name} in [from, to). */
    long received(String name, Instant from, Instant to) throws Exception {
        String uuid = send("GET", sandbox.sekoiaUrl() + "/v1/sic/conf/intakes?match%5Bname%5D=" + name,
                sandbox.sekoiaKey(), null).body().at("/items/0/uuid").asText();
        String body = Fixtures.MAPPER.createObjectNode().put("earliest", from.toString())
                .put("latest", to.minusMillis(1).toString())
                .set("filters", Fixtures.MAPPER.createObjectNode().set("intake_uuid",
                        Fixtures.MAPPER.createArrayNode().add(uuid))).toString();
        return send("POST", sandbox.sekoiaUrl() + "/v1/telemetry/events-by-status/counters", sandbox.sekoiaKey(),
                body).body().get("valid_events_occurrences").asLong();
    }

    static Instant bucket(Instant t) {
        return Instant.ofEpochMilli(t.toEpochMilli() - Math.floorMod(t.toEpochMilli(), FIVE_MINUTES));
    }

    @Test
    void advancingTheClockGivesHoursOfDeliveriesThatBothSidesCountAlike() throws Exception {
        start(null);
        logpush("create", "--create-intake", "--intake-name", "WAF").assertExit(0);
        Instant created = Instant.now();
        JsonNode clock = admin("/clock", "{\"advance\": \"3h\"}");
        assertThat(clock.get("advanced").asText()).isEqualTo("3h");
        assertThat(clock.get("advanced_in_all").asText()).isEqualTo("3h");
        assertThat(clock.get("disabled_jobs")).isEmpty();

        // The job was created 3 h ago and has delivered since.
        assertThat(Duration.between(Instant.parse(job(1).get("time_created").asText()), created))
                .isBetween(Duration.ofHours(3).minusSeconds(2), Duration.ofHours(3).plusSeconds(3));
        Instant to = bucket(Instant.now()).minus(Duration.ofMinutes(10));
        Instant from = to.minus(Duration.ofHours(2));
        JsonNode groups = uploads(from, to);
        assertThat(groups).hasSize(24); // 2 h of five minutes, all successful
        assertThat(sum(groups, "uploads", 1, 1)).isEqualTo(24 * 5);
        assertThat(sum(groups, "records", 1, 1)).as("10 events a second for 2 h").isEqualTo(72_000)
                .isEqualTo(received("WAF", from, to));

        CliResult check = logpush("check", "1").assertExit(0);
        assertThat(check.out()).containsPattern("✓ " + Pattern.quote(JOB) + "uploads: 1[89]\\d uploads, "
                + "10[0-9],[0-9]{3} records delivered in 24 h\n")
                .containsPattern("✓ " + Pattern.quote(JOB) + "delivery: last batch delivered \\d+ s ago\n");
    }

    @Test
    void anIntakeThatRefusesFailsItsJobUntilItAcceptsAgain() throws Exception {
        start(null);
        logpush("create", "--create-intake", "--intake-name", "WAF").assertExit(0);
        JsonNode refused = admin("/intakes/WAF/refuse", null);
        assertThat(refused.get("refusing").asInt()).as("401 when no status is given").isEqualTo(401);
        // 3 h 5 min: the five minutes in which the intake began refusing also had successful uploads, and check
        // counts the failure from the first five minutes without one.
        admin("/clock", "{\"advance\": \"3h5m\"}");

        JsonNode job = job(1);
        Instant lastError = Instant.parse(job.get("last_error").asText());
        assertThat(Duration.between(lastError, Instant.now())).isLessThan(Duration.ofSeconds(2));
        assertThat(Duration.between(Instant.parse(job.get("last_complete").asText()), lastError))
                .isBetween(Duration.ofMinutes(185).minusSeconds(2), Duration.ofMinutes(185).plusSeconds(2));
        assertThat(job.get("error_message").asText()).isEqualTo("error uploading to destination: the destination "
                + "answered HTTP 401");
        JsonNode groups = uploads(Instant.now().minus(Duration.ofHours(24)), Instant.now().plusSeconds(60));
        long dropped = sum(groups, "uploads", 0, 1);
        assertThat(dropped).as("one batch dropped per five minutes, at least").isGreaterThanOrEqualTo(37);
        assertThat(sum(groups, "uploads", 0, 0)).as("each retried 4 times first").isEqualTo(4 * dropped);
        assertThat(sum(groups, "records", 0, 1)).as("its records lost: 10 a second for 3 h 5 min")
                .isBetween(111_000L, 111_100L);

        CliResult failing = logpush("check", "1").assertExit(1);
        assertThat(failing.out()).containsPattern("✗ " + Pattern.quote(JOB) + "uploads: failing for 3 h; Cloudflare "
                        + "disables a job after 24 h of failure \\(about 21 h left\\); 111,0\\d\\d records lost in "
                        + "24 h \\(401 Unauthorized\\)\n")
                .containsPattern("✗ " + Pattern.quote(JOB) + "delivery: Cloudflare reports that the intake refuses "
                        + "its uploads: error uploading to destination: the destination answered HTTP 401 \\(last "
                        + "error 20\\d\\d-\\d\\d-\\d\\dT[0-9:]+Z\\)");
        // Cloudflare test-uploads on every PUT: while the intake refuses, even disable is refused.
        assertThat(logpush("disable", "1").assertExit(1).err()).contains("error validating destination");

        assertThat(admin("/intakes/WAF/accept", null).get("refusing").isNull()).isTrue();
        admin("/clock", "{\"advance\": \"10m\"}");
        job = job(1);
        assertThat(job.get("last_error").isNull()).as("reset after a success").isTrue();
        assertThat(job.get("error_message").isNull()).isTrue();
        CliResult recovered = logpush("check", "1").assertExit(1);
        assertThat(recovered.out()).containsPattern("✗ " + Pattern.quote(JOB) + "uploads: 111,0\\d\\d records lost "
                + "in 24 h \\(401 Unauthorized\\)\n").doesNotContain("failing for")
                .containsPattern("✓ " + Pattern.quote(JOB) + "delivery: last batch delivered \\d+ s ago\n");

        // A day later the lost records have left the window.
        admin("/clock", "{\"advance\": \"1d\"}");
        assertThat(logpush("check", "1").assertExit(0).out()).contains("✓ " + JOB + "uploads: ");
    }

    @Test
    void aJobFailingFor24HoursIsDisabledThen() throws Exception {
        start(null);
        logpush("create", "--create-intake", "--intake-name", "WAF").assertExit(0);
        admin("/intakes/WAF/refuse", "{\"status\": 1105}");
        assertThat(admin("/clock", "{\"advance\": \"23h\"}").get("disabled_jobs")).isEmpty();
        assertThat(job(1).get("enabled").asBoolean()).isTrue();

        JsonNode disabled = admin("/clock", "{\"advance\": \"2h\"}").get("disabled_jobs");
        assertThat(disabled).hasSize(1);
        assertThat(disabled.get(0).get("id").asLong()).isEqualTo(1);
        Instant at = Instant.parse(disabled.get(0).get("disabled_at").asText());
        // refused 25 h ago (the clock moved the refusal back), disabled 24 h after it began: about 1 h ago
        assertThat(Duration.between(at, Instant.now())).isBetween(Duration.ofMinutes(59), Duration.ofMinutes(61));
        JsonNode job = job(1);
        assertThat(job.get("enabled").asBoolean()).isFalse();
        assertThat(job.get("last_error").asText()).isEqualTo(Uploads.time(at.toEpochMilli()));
        assertThat(job.get("error_message").asText()).endsWith("Cloudflare delivery error 1105");
        assertThat(uploads(at.plus(Duration.ofMinutes(5)), Instant.now().plusSeconds(60)))
                .as("nothing sent after the disable").isEmpty();

        CliResult check = logpush("check", "1").assertExit(1);
        assertThat(check.out()).contains("✗ " + JOB + "enabled: the job is disabled")
                .contains("records lost in 24 h (1105 DNS resolution failed)");
    }

    @Test
    void anIntakeRefusingWith413StillTakesCloudflaresTestUpload() throws Exception {
        start(null);
        logpush("create", "--create-intake", "--intake-name", "WAF").assertExit(0);
        admin("/intakes/WAF/refuse", "{\"status\": 413}");
        admin("/clock", "{\"advance\": \"1h\"}");
        CliResult check = logpush("check", "1").assertExit(1);
        assertThat(check.out()).contains("records lost in 24 h (413 Payload Too Large)")
                .contains("fix: send smaller batches: logpush update 1 --zone " + sandbox.zoneId()
                        + " --max-upload-bytes 5000000");
        logpush("update", "1", "--max-upload-bytes", "5000000").assertExit(0);
    }

    @Test
    void theAdminPathsTakeTheTokenAndSayWhatIsWrong() throws Exception {
        start(null);
        logpush("create", "--create-intake", "--intake-name", "WAF").assertExit(0);
        assertThat(send("POST", sandbox.adminUrl() + "/clock", null, "{\"advance\": \"1h\"}").status()).isEqualTo(403);
        assertThat(send("POST", sandbox.adminUrl() + "/clock", "wrong", "{\"advance\": \"1h\"}").status())
                .isEqualTo(403);
        for (String bad : new String[] {"{\"advance\": \"5 hours\"}", "{\"advance\": \"0s\"}", "{}",
            "{\"advance\": \"401d\"}", "{\"advance\": \"-1h\"}"}) {
            Answer a = send("POST", sandbox.adminUrl() + "/clock", sandbox.token(), bad);
            assertThat(a.status()).as(bad).isEqualTo(400);
            assertThat(a.body().at("/errors/0/message").asText()).as(bad).contains("is not a duration of 1s to 400d");
        }
        assertThat(send("POST", sandbox.adminUrl() + "/clock", sandbox.token(), "{not json").status()).isEqualTo(400);
        Answer unknown = send("POST", sandbox.adminUrl() + "/intakes/Nope/refuse", sandbox.token(), null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body().at("/errors/0/message").asText()).contains("'Nope'");
        for (String status : new String[] {"200", "\"401\"", "1109", "99"}) {
            Answer a = send("POST", sandbox.adminUrl() + "/intakes/WAF/refuse", sandbox.token(),
                    "{\"status\": " + status + "}");
            assertThat(a.status()).as(status).isEqualTo(400);
            assertThat(a.body().at("/errors/0/message").asText()).contains("is not a refusal");
        }
        assertThat(send("DELETE", sandbox.adminUrl() + "/clock", sandbox.token(), null).status()).isEqualTo(404);
        // Nothing above changed the sandbox.
        JsonNode clock = send("GET", sandbox.adminUrl() + "/clock", sandbox.token(), null).body().get("result");
        assertThat(clock.get("advanced_in_all").asText()).isEqualTo("0s");
        assertThat(job(1).get("error_message").isNull()).isTrue();
    }

    @Test
    void theStateFileKeepsTheClockAndTheRefusals() throws Exception {
        Path state = dir.resolve("sandbox.json");
        start(state);
        logpush("create", "--create-intake", "--intake-name", "WAF").assertExit(0);
        admin("/intakes/WAF/refuse", "{\"status\": 403}");
        admin("/clock", "{\"advance\": \"1h30m\"}");
        sandbox.close();
        start(state);
        assertThat(send("GET", sandbox.adminUrl() + "/clock", sandbox.token(), null).body()
                .at("/result/advanced_in_all").asText()).isEqualTo("1h30m");
        CliResult check = logpush("check", "1").assertExit(1);
        Matcher m = Pattern.compile("uploads: failing for (\\d+) min").matcher(check.out());
        assertThat(m.find()).as(check.out()).isTrue();
        // 90 min, less the five minutes in which the intake began refusing if they also had a success
        assertThat(Integer.parseInt(m.group(1))).isBetween(85, 95);
        assertThat(check.out()).contains("(403 Forbidden)");
    }
}
