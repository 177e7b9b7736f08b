package io.logpush.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;

import io.logpush.testing.CliResult;
import io.logpush.testing.HttpStubs;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --wait (issue 22, section 5): after create, update, enable and apply, poll Sekoia until valid events reach the
 * job's intake after the write; exit 8 when the time runs out. The poll interval is a few milliseconds here
 * (LOGPUSH_WAIT_POLL_MS), so nothing sleeps for real; a run-out uses a sub-second --wait (ISO-8601, PT0.3S).
 */
class WaitTest extends ApiTest {
    static final String SEKOIA_KEY = SekoiaCheckTest.SEKOIA_KEY;
    static final String INTAKES = SekoiaCheckTest.INTAKES;
    static final String BY_STATUS = SekoiaCheckTest.BY_STATUS;
    static final String INTAKE_UUID = "7c5a1c4e-0000-4000-8000-000000000001";
    static final String WAF = SekoiaCheckTest.WAF_FORMAT;
    static final String GRAPHQL = "/graphql";
    static final String ZONE2 = "9f1c0d9e8b7a6f5e4d3c2b1a09f8e7d6";
    static final String CHECK_HINT = "hint: logpush check 147 --zone " + ZONE_ID + " says why; Cloudflare takes 10 to "
            + "15 minutes after a change and sends only when there is traffic\n";

    @TempDir
    Path dir;

    @BeforeEach
    void sekoiaEnv() {
        env.put("SEKOIA_API_KEY", SEKOIA_KEY);
        env.put("SEKOIA_API_URL", server.url("/sekoia").toString());
        env.put("LOGPUSH_WAIT_POLL_MS", "5");
    }

    CliResult logpush(String... args) {
        CliResult r = run(args);
        assertThat(r.out() + r.err()).doesNotContain(SEKOIA_KEY).doesNotContain(SEKOIA_KEY.substring(4, 20));
        assertNoIntakeKey(r);
        return r;
    }

    static String byStatus(long valid, long warning, long invalid) {
        return SilenceCheckTest.byStatus(valid, warning, invalid);
    }

    void sekoiaIntake() {
        stub("GET", INTAKES).reply(200, SekoiaCheckTest.page(SekoiaCheckTest.intake(WAF)));
    }

    void createStubs(String existing) {
        stub("GET", JOBS).ok("[" + existing + "]");
        stub("GET", FIELDS).reply(200, fixture("firewall_events_fields.json"));
        stub("POST", JOBS).ok(job());
        sekoiaIntake();
    }

    /** The requests after the write: every one of them, by method and path. */
    static List<String> after(List<String> seen, String write) {
        return seen.subList(seen.indexOf(write) + 1, seen.size());
    }

    static Instant earliest(JsonNode telemetry) {
        return Instant.parse(telemetry.get("earliest").asText());
    }

    @Test
    void createWaitsUntilValidEventsArriveAfterTheWriteAndSaysWhen() {
        createStubs("");
        // the first count holds only Cloudflare's test upload (invalid): no arrival yet
        stub("POST", BY_STATUS).reply(200, byStatus(0, 0, 1)).reply(200, byStatus(0, 0, 1))
                .reply(200, byStatus(40, 2, 1));
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        CliResult r = logpush("create", "--zone", ZONE_ID, "--intake-key", INTAKE_KEY, "--wait", "20m").assertExit(0);
        Instant afterRun = Instant.now();
        assertThat(r.out()).matches("Created job 147 \\(sekoia-firewall-events\\): firewall_events of " + ZONE_ID
                + " → intake\\.sekoia\\.io \\(key Inta…\\)\nfirst events reached intake 'Cloudflare WAF' after \\d+s\n");
        assertThat(r.err()).isEmpty(); // no terminal: no progress line
        List<String> seen = stubs.seen();
        assertThat(seen).startsWith("GET /zones/" + ZONE_ID + "/logpush/jobs",
                "GET " + INTAKES + "?limit=100&offset=0", "GET " + FIELDS, "POST " + JOBS);
        // after the write, only the counts: the intakes were listed once for the run, and nobody else sends there
        assertThat(after(seen, "POST " + JOBS)).containsExactly("POST " + BY_STATUS, "POST " + BY_STATUS,
                "POST " + BY_STATUS);
        List<JsonNode> counts = new ArrayList<>();
        for (int i = 0; i < seen.size(); i++) {
            RecordedRequest q = take();
            if (target(q).equals(BY_STATUS)) {
                counts.add(body(q));
            }
        }
        assertThat(counts).hasSize(3);
        Instant since = earliest(counts.get(0));
        assertThat(since).isBetween(before, afterRun);
        for (JsonNode c : counts) {
            assertThat(earliest(c)).isEqualTo(since); // every count starts at the write
            assertThat(Instant.parse(c.get("latest").asText())).isAfterOrEqualTo(since);
            assertThat(c.at("/filters/intake_uuid/0").asText()).isEqualTo(INTAKE_UUID);
        }
    }

    @Test
    void whenTheTimeRunsOutItExits8NamingWhatWasSeenAndTheNextCommand() {
        createStubs("");
        stub("POST", BY_STATUS).reply(200, byStatus(0, 0, 1));
        stub("POST", GRAPHQL).reply(200, UploadsCheckTest.answer(UploadsCheckTest.group(Duration.ZERO, 401, 0, 0, 3,
                300)));
        env.put("LOGPUSH_WAIT_POLL_MS", "40");
        CliResult r = logpush("create", "--zone", ZONE_ID, "--intake-key", INTAKE_KEY, "--wait", "PT0.3S")
                .assertExit(8);
        assertThat(r.out()).startsWith("Created job 147 (sekoia-firewall-events)").doesNotContain("first events");
        String since = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC).format(earliestOfFirstCount());
        assertThat(r.err()).isEqualTo("logpush: created job 147, but delivery not confirmed in 1s (--wait): 0 valid "
                + "events on intake 'Cloudflare WAF' since " + since + " UTC (besides 1 invalid, such as Cloudflare's "
                + "test upload, which is no arrival); Cloudflare: 3 uploads failed (401 Unauthorized)\n" + CHECK_HINT);
        // Cloudflare's upload history is read once, at the end, from the write on, for this zone
        List<String> graphql = stubs.seen().stream().filter(s -> s.equals("POST " + GRAPHQL)).toList();
        assertThat(graphql).hasSize(1);
    }

    Instant earliestOfFirstCount() {
        while (true) {
            RecordedRequest q = take();
            if (target(q).equals(BY_STATUS)) {
                return earliest(body(q));
            }
        }
    }

    @Test
    void withoutASekoiaKeyWaitIsAUsageErrorBeforeAnyRequest() {
        env.put("SEKOIA_API_KEY", null);
        CliResult r = logpush("create", "--zone", ZONE_ID, "--intake-key", INTAKE_KEY, "--wait", "20m").assertExit(2);
        assertThat(r.err()).isEqualTo("logpush: error: --wait needs a Sekoia API key, to see the job's events reach its "
                + "intake\nhint: set SEKOIA_API_KEY (or --sekoia-api-key-file FILE) to a key that may view intakes and "
                + "read their telemetry, or drop --wait\n");
        assertThat(logpush("enable", "147", "--zone", ZONE_ID, "--wait", "20m").assertExit(2).err())
                .startsWith("logpush: error: --wait needs a Sekoia API key");
        assertThat(logpush("update", "147", "--zone", ZONE_ID, "--name", "x", "--wait", "20m").assertExit(2).err())
                .startsWith("logpush: error: --wait needs a Sekoia API key");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void waitRefusesADryRunAValuelessOrZeroWaitAndADisabledCreate() throws Exception {
        assertThat(logpush("create", "--zone", ZONE_ID, "--intake-key", INTAKE_KEY, "--wait", "20m", "--dry-run")
                .assertExit(2).err()).isEqualTo("logpush: error: --wait cannot go with --dry-run: nothing is written, "
                + "so there is no delivery to wait for\nhint: drop --wait to see the request, or --dry-run to write\n");
        assertThat(logpush("create", "--zone", ZONE_ID, "--intake-key", INTAKE_KEY, "--wait").assertExit(2).err())
                .startsWith("logpush: error: --wait needs a value (DURATION)");
        assertThat(logpush("create", "--zone", ZONE_ID, "--intake-key", INTAKE_KEY, "--wait", "0").assertExit(2)
                .err()).startsWith("logpush: error: invalid value for --wait: invalid duration '0'");
        assertThat(logpush("create", "--zone", ZONE_ID, "--intake-key", INTAKE_KEY, "--wait", "20m", "--disable")
                .assertExit(2).err()).startsWith("logpush: error: --wait cannot go with --disable");
        assertThat(logpush("update", "147", "--zone", ZONE_ID, "--disable", "--wait", "20m").assertExit(2).err())
                .startsWith("logpush: error: --wait cannot go with --disable");
        Path file = dir.resolve("jobs.yaml");
        Files.writeString(file, "jobs:\n  - zones: [" + ZONE_ID + "]\n    dataset: firewall_events\n"
                + "    intake_key: ${KEY}\n");
        env.put("KEY", INTAKE_KEY);
        assertThat(applyFile(file, "--plan", "--wait", "20m").assertExit(2).err()).startsWith("logpush: error: --wait "
                + "cannot go with --plan");
        assertThat(server.getRequestCount()).isZero();
    }

    /** One JSON value, then nothing. */
    static JsonNode oneDocument(String stdout) throws IOException {
        try (JsonParser p = MAPPER.getFactory().createParser(stdout)) {
            JsonNode value = MAPPER.readTree(p);
            assertThat(p.nextToken()).as("more than one JSON document:%n%s", stdout).isNull();
            return value;
        }
    }

    @Test
    void jsonIsOneDocumentTheJobWithItsWait() throws Exception {
        createStubs("");
        stub("POST", BY_STATUS).reply(200, byStatus(0, 0, 1)).reply(200, byStatus(42, 0, 1));
        CliResult r = logpush("create", "--zone", ZONE_ID, "--intake-key", INTAKE_KEY, "--wait", "20m", "-o", "json")
                .assertExit(0);
        JsonNode doc = oneDocument(r.out());
        assertThat(doc.get("id").asLong()).isEqualTo(147);
        JsonNode wait = doc.get("wait");
        assertThat(wait.get("confirmed").asBoolean()).isTrue();
        assertThat(wait.get("status").asText()).isEqualTo("confirmed");
        assertThat(wait.get("intake").toString()).isEqualTo("{\"name\":\"Cloudflare WAF\",\"uuid\":\"" + INTAKE_UUID
                + "\"}");
        assertThat(wait.get("valid_events").asLong()).isEqualTo(42);
        assertThat(wait.get("invalid_events").asLong()).isEqualTo(1);
        assertThat(wait.get("after_seconds").asLong()).isBetween(0L, 60L);
        assertThat(wait.get("limit_seconds").asLong()).isEqualTo(1200);
        assertThat(wait.get("other_jobs")).isEmpty();
        assertThat(wait.get("message").asText()).startsWith("first events reached intake 'Cloudflare WAF' after ");
        assertThat(wait.has("next")).isFalse();
        assertThat(Instant.parse(wait.get("since").asText())).isEqualTo(earliestOfFirstCount());
        assertThat(r.err()).isEmpty();
    }

    @Test
    void jsonOfAWaitThatRanOutSaysWhatWasSeenAndExits8() throws Exception {
        createStubs("");
        stub("POST", BY_STATUS).reply(200, byStatus(0, 0, 0));
        env.put("LOGPUSH_WAIT_POLL_MS", "40");
        CliResult r = logpush("create", "--zone", ZONE_ID, "--intake-key", INTAKE_KEY, "--wait", "PT0.2S", "-o",
                "json").assertExit(8);
        JsonNode wait = oneDocument(r.out()).get("wait");
        assertThat(wait.get("confirmed").asBoolean()).isFalse();
        assertThat(wait.get("status").asText()).isEqualTo("not_confirmed");
        assertThat(wait.get("valid_events").asLong()).isZero();
        assertThat(wait.has("after_seconds")).isFalse();
        assertThat(wait.get("cloudflare").get("uploads_failed").asLong()).isZero(); // the fallback: no upload yet
        assertThat(wait.get("message").asText()).endsWith("; Cloudflare: no upload yet");
        assertThat(wait.get("next").asText()).isEqualTo("logpush check 147 --zone " + ZONE_ID);
        assertThat(r.err()).contains("but delivery not confirmed").endsWith(CHECK_HINT);
    }

    @Test
    void whenAnotherJobSendsToTheIntakeCloudflareMustShowAnUploadOfThisJob() {
        // job 146 of the zone already sends http_requests to the same intake key: its events prove nothing
        createStubs(job("id", 146, "dataset", "http_requests", "name", "sekoia-http"));
        stub("POST", BY_STATUS).reply(200, byStatus(500, 0, 0));
        stub("POST", GRAPHQL).reply(200, UploadsCheckTest.answer(UploadsCheckTest.group(146, Duration.ZERO, 200, 1, 1,
                        9, 900))).reply(200, UploadsCheckTest.answer(UploadsCheckTest.group(146, Duration.ZERO, 200, 1, 1,
                        9, 900), UploadsCheckTest.group(Duration.ZERO, 200, 1, 1, 1, 100)));
        CliResult r = logpush("create", "--zone", ZONE_ID, "--intake-key", INTAKE_KEY, "--wait", "20m")
                .assertExit(0);
        assertThat(r.out()).containsPattern("\nfirst events reached intake 'Cloudflare WAF' after \\d+s, and Cloudflare "
                + "reports a successful upload of job 147 \\(job 146 also sends to this intake\\)\n$");
        assertThat(after(stubs.seen(), "POST " + JOBS)).containsExactly("POST " + BY_STATUS, "POST " + GRAPHQL,
                "POST " + BY_STATUS, "POST " + GRAPHQL);
        Instant since = null;
        int graphql = 0;
        for (int i = 0; i < 8; i++) {
            RecordedRequest q = take();
            if (target(q).equals(BY_STATUS)) {
                since = earliest(body(q));
            } else if (target(q).equals(GRAPHQL)) {
                graphql++;
                assertThat(body(q).get("query").asText()).contains("zoneTag_in: [\"" + ZONE_ID + "\"]")
                        .contains("datetime_geq: \"" + since + "\"");
            }
        }
        assertThat(graphql).isEqualTo(2);
    }

    @Test
    void updateWithNothingToChangeWaitsOnThePipeAsItIs() {
        stub("GET", JOB_147).ok(job());
        stub("GET", JOBS).ok("[" + job() + "]");
        sekoiaIntake();
        stub("POST", BY_STATUS).reply(200, byStatus(7, 0, 0));
        CliResult r = logpush("update", "147", "--zone", ZONE_ID, "--name", "sekoia-firewall-events", "--wait", "20m")
                .assertExit(0);
        assertThat(r.out()).matches("job 147 is already up to date\nfirst events reached intake 'Cloudflare WAF' after "
                + "\\d+s\n");
        assertThat(stubs.seen()).containsExactly("GET /zones/" + ZONE_ID + "/logpush/jobs/147",
                "GET /zones/" + ZONE_ID + "/logpush/jobs", "GET " + INTAKES + "?limit=100&offset=0",
                "POST " + BY_STATUS);
    }

    @Test
    void updateOfADisabledJobWithoutEnableIsRefusedBeforeTheWrite() {
        stub("GET", JOB_147).ok(job("enabled", false));
        CliResult r = logpush("update", "147", "--zone", ZONE_ID, "--name", "renamed", "--wait", "20m").assertExit(2);
        assertThat(r.err()).isEqualTo("logpush: error: job 147 is disabled, so --wait would wait for events it does "
                + "not send\nhint: add --enable\n");
    }

    @Test
    void updateWaitsAfterItsPut() {
        stub("GET", JOB_147).ok(job());
        stub("PUT", JOB_147).ok(job("name", "renamed"));
        stub("GET", JOBS).ok("[" + job("name", "renamed") + "]");
        sekoiaIntake();
        stub("POST", BY_STATUS).reply(200, byStatus(0, 0, 1)).reply(200, byStatus(3, 0, 1));
        CliResult r = logpush("update", "147", "--zone", ZONE_ID, "--name", "renamed", "--wait", "20m").assertExit(0);
        assertThat(r.out()).matches("Updated job 147 \\(renamed\\): [^\n]+\nfirst events reached intake 'Cloudflare "
                + "WAF' after \\d+s\n");
        assertThat(after(stubs.seen(), "PUT " + JOB_147)).containsExactly("GET " + JOBS,
                "GET " + INTAKES + "?limit=100&offset=0", "POST " + BY_STATUS, "POST " + BY_STATUS);
    }

    @Test
    void enableWaitsAfterItsPut() {
        stub("GET", JOB_147).ok(job("enabled", false));
        stub("PUT", JOB_147).ok(job());
        stub("GET", JOBS).ok("[" + job() + "]");
        sekoiaIntake();
        stub("POST", BY_STATUS).reply(200, byStatus(0, 0, 0)).reply(200, byStatus(0, 12, 0));
        CliResult r = logpush("enable", "147", "--zone", ZONE_ID, "--wait", "20m").assertExit(0);
        assertThat(r.out()).matches("Enabled job 147 \\(sekoia-firewall-events\\)\nfirst events reached intake "
                + "'Cloudflare WAF' after \\d+s\n"); // warning events are arrivals
        assertThat(after(stubs.seen(), "PUT " + JOB_147)).containsExactly("GET " + JOBS,
                "GET " + INTAKES + "?limit=100&offset=0", "POST " + BY_STATUS, "POST " + BY_STATUS);
        assertThat(body(takeRequest("PUT")).toString()).isEqualTo("{\"enabled\":true}");
    }

    @Test
    void onAStderrTerminalAProgressLineShowsTheIntakeAndTheTimeThenIsCleared() {
        stub("GET", JOB_147).ok(job());
        stub("GET", JOBS).ok("[" + job() + "]");
        sekoiaIntake();
        stub("POST", BY_STATUS).reply(200, byStatus(0, 0, 0)).reply(200, byStatus(5, 0, 0));
        CliResult r = logpush(new Main.Terminal(InputStream.nullInputStream(), false, false, () -> true), "enable",
                "147", "--zone", ZONE_ID, "--wait", "20m").assertExit(0);
        assertThat(r.err()).startsWith("\r\u001b[Kwaiting for events on intake 'Cloudflare WAF' … 0s of 20m")
                .endsWith("\r\u001b[K");
        assertThat(r.out()).startsWith("job 147 (sekoia-firewall-events) is already enabled\nfirst events reached");
    }

    CliResult logpush(Main.Terminal terminal, String... args) {
        CliResult r = run(terminal, args);
        assertNoIntakeKey(r);
        return r;
    }

    /** Two zones, each with its firewall_events job to the one intake: each job is the other's other sender. */
    CliResult applyTwoZones(String... extra) throws Exception {
        Path file = dir.resolve("jobs.yaml");
        Files.writeString(file, "jobs:\n  - zones: [" + ZONE_ID + ", " + ZONE2 + "]\n    dataset: firewall_events\n"
                + "    intake_key: ${KEY}\n");
        env.put("KEY", INTAKE_KEY);
        stub("GET", JOBS).ok("[" + job() + "]");
        stub("GET", "/zones/" + ZONE2 + "/logpush/jobs").ok("[" + job("id", 148) + "]");
        sekoiaIntake();
        stub("POST", BY_STATUS).reply(200, byStatus(500, 0, 0));
        // zone 1's job uploaded; zone 2's job is refused by the intake
        stubs.fallback("POST", GRAPHQL, q -> HttpStubs.json(200, q.getBody().utf8().contains(ZONE2)
                ? UploadsCheckTest.answer(UploadsCheckTest.group(148, Duration.ZERO, 401, 0, 0, 3, 300))
                : UploadsCheckTest.answer(UploadsCheckTest.group(Duration.ZERO, 200, 1, 1, 1, 100))));
        env.put("LOGPUSH_WAIT_POLL_MS", "40");
        CliResult r = applyFile(file, extra);
        assertNoIntakeKey(r);
        return r;
    }

    @Test
    void applyWaitsForEveryJobWithOneDeadlineAndReportsEach() throws Exception {
        CliResult r = applyTwoZones("--wait", "PT0.3S").assertExit(8);
        assertThat(r.out()).contains("Applied: 0 created, 0 updated, 2 unchanged, 0 deleted, 0 failed.\n\n"
                + "Waited for delivery (--wait 1s): 1 of 2 jobs confirmed.\n");
        assertThat(r.text()).containsPattern("✓ zone " + ZONE_ID + " firewall_events job 147: first events reached "
                + "intake 'Cloudflare WAF' after \\d+s, and Cloudflare reports a successful upload of job 147 \\(job 148 "
                + "also sends to this intake\\)\n");
        assertThat(r.text()).contains("✗ zone " + ZONE2 + " firewall_events job 148: 500 valid events on intake "
                        + "'Cloudflare WAF' since ")
                .contains(" UTC, but job 147 also sends to this intake and Cloudflare shows no successful upload of "
                        + "job 148 since; Cloudflare: 3 uploads failed (401 Unauthorized)\n next: logpush check 148 "
                        + "--zone " + ZONE2 + "\n");
        assertThat(r.err()).isEqualTo("hint: logpush check 148 --zone " + ZONE2 + " says why; Cloudflare takes 10 to "
                + "15 minutes after a change and sends only when there is traffic\n");
        // one count of the intake per poll for both jobs
        List<String> seen = stubs.seen();
        long counts = seen.stream().filter(s -> s.equals("POST " + BY_STATUS)).count();
        long polls = seen.stream().filter(s -> s.equals("POST " + GRAPHQL)).count();
        assertThat(counts).isGreaterThanOrEqualTo(2);
        assertThat(polls).isGreaterThanOrEqualTo(counts); // each poll: zone 2's history (and zone 1's, the first)
    }

    @Test
    void applyJsonCarriesEachTargetsWait() throws Exception {
        CliResult r = applyTwoZones("--wait", "PT0.3S", "-o", "json").assertExit(8);
        JsonNode doc = oneDocument(r.out());
        assertThat(doc).hasSize(2);
        JsonNode first = doc.get(0).get("wait");
        JsonNode second = doc.get(1).get("wait");
        assertThat(doc.get(0).get("job_id").asLong()).isEqualTo(147);
        assertThat(first.get("confirmed").asBoolean()).isTrue();
        assertThat(first.get("other_jobs").toString()).isEqualTo("[148]");
        assertThat(first.get("cloudflare").get("uploads_succeeded").asLong()).isEqualTo(1);
        assertThat(second.get("confirmed").asBoolean()).isFalse();
        assertThat(second.get("valid_events").asLong()).isEqualTo(500);
        assertThat(second.get("cloudflare").get("failed_by_status").toString()).isEqualTo("{\"401\":3}");
        assertThat(second.get("next").asText()).isEqualTo("logpush check 148 --zone " + ZONE2);
        assertThat(first.get("since").asText()).isEqualTo(second.get("since").asText()); // one wait for all
    }
}
