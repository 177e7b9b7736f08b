package io.logpush.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.logpush.testing.CliResult;
import io.logpush.testing.Fixtures;
import io.logpush.testing.HttpStubs;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Tests through the real entry point, {@link Main#run}, with MockWebServer behind the API URL answering from
 * named stubs ({@code stub("GET", JOBS).ok("[]")}); after each test every stub must have been used and no other
 * request have come. Every run is checked for leaked secrets.
 */
abstract class ApiTest {
    static final String TOKEN = "tok3nS3cretVALUE-9f8e7d6c5b4a39281706";
    static final String GLOBAL_KEY = "g10balkeyS3cret0123456789abcdef0123";
    static final String INTAKE_KEY = "IntakeKeyAbCdEfGh0123456789xYzWv";
    static final String ZONE_ID = "023e105f4ecef8ad9ca31a8372d0c353";
    static final String ACCOUNT_ID = "01a7362d577a6c3019a474fd6f485823";
    static final ObjectMapper MAPPER = Fixtures.MAPPER;
    /** The zone's job list, where list reads and create posts (paths are after /client/v4). */
    static final String JOBS = "/zones/" + ZONE_ID + "/logpush/jobs";
    /** The job most tests read, write and delete. */
    static final String JOB_147 = JOBS + "/147";
    /** The fields of the default dataset in the zone. */
    static final String FIELDS = "/zones/" + ZONE_ID + "/logpush/datasets/firewall_events/fields";
    /** Job 147 sending firewall_events to Sekoia with {@link #INTAKE_KEY}, as Cloudflare returns it. */
    static final String SEKOIA_JOB = job();

    static {
        if (!SEKOIA_JOB.contains("=" + INTAKE_KEY + "\"")) {
            throw new IllegalStateException("fixtures/job_sekoia_firewall_events.json must carry INTAKE_KEY");
        }
    }

    @StartStop
    final MockWebServer server = new MockWebServer();

    /** The expected requests and their answers: unexpected requests fail the test in {@link #verifyStubs()}. */
    final HttpStubs stubs = new HttpStubs("/client/v4");

    @BeforeEach
    void installStubs() {
        server.setDispatcher(stubs);
        stubs.fallback("POST", "/graphql", r -> HttpStubs.json(200, "{\"data\":{\"viewer\":{\""
                + (r.getBody().utf8().contains("accounts(") ? "accounts" : "zones")
                + "\":[{\"logpushHealthAdaptiveGroups\":[]}]}},\"errors\":null}"));
        // check's alert line for the zone's account: the zone names its account, which has an enabled policy.
        stubs.fallback("GET", "/zones/" + ZONE_ID, r -> HttpStubs.json(200, ok(ZONE_WITH_ACCOUNT)));
        stubs.fallback("GET", "/accounts/" + ACCOUNT_ID + "/alerting/v3/policies",
                r -> HttpStubs.json(200, ok("[" + AlertsCommandTest.OURS + "]")));
    }

    /** The zone as GET /zones/ID answers it: its account is ACCOUNT_ID. */
    static final String ZONE_WITH_ACCOUNT = "{\"id\":\"" + ZONE_ID + "\",\"name\":\"example.com\",\"account\":"
            + "{\"id\":\"" + ACCOUNT_ID + "\",\"name\":\"Example account\"},\"plan\":{\"legacy_id\":\"enterprise\"}}";

    /** A zone as Cloudflare lists it, with its account. */
    static String zone(String id, String name, String accountId) {
        return "{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"account\":{\"id\":\"" + accountId
                + "\",\"name\":\"Account\"},\"plan\":{\"legacy_id\":\"enterprise\"}}";
    }

    /** Expects {@code method path} (after /client/v4). */
    HttpStubs.Stub stub(String method, String path) {
        return stubs.on(method, path);
    }

    /** Every stub was used and no other request came. */
    void verifyStubs() {
        stubs.verify();
    }

    /** Strict by default: a request no stub expects, or a stub never used, fails the test. */
    @AfterEach
    void everyStubUsedAndNoOtherRequest() {
        verifyStubs();
    }

    final Map<String, String> env = new HashMap<>();

    String apiUrl() {
        return server.url("/client/v4").toString();
    }

    Map<String, String> baseEnv() {
        Map<String, String> e = new HashMap<>();
        e.put("CLOUDFLARE_API_TOKEN", TOKEN);
        e.put("CLOUDFLARE_BASE_URL", apiUrl());
        e.put("LOGPUSH_RETRY_BASE_MS", "5");
        return e;
    }

    CliResult run(String... args) {
        return run(Main.Terminal.none(InputStream.nullInputStream()), args);
    }

    /** {@code logpush list --zone ZONE_ID} plus {@code extra}. */
    /** {@code logpush apply -f FILE EXTRA…} through the entry point. */
    CliResult applyFile(java.nio.file.Path file, String... extra) {
        String[] args = new String[3 + extra.length];
        args[0] = "apply";
        args[1] = "-f";
        args[2] = file.toString();
        System.arraycopy(extra, 0, args, 3, extra.length);
        return run(args);
    }

    CliResult listJobs(String... extra) {
        String[] args = new String[3 + extra.length];
        args[0] = "list";
        args[1] = "--zone";
        args[2] = ZONE_ID;
        System.arraycopy(extra, 0, args, 3, extra.length);
        return run(args);
    }

    CliResult runWithStdin(String stdin, String... args) {
        return run(Main.Terminal.none(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8))), args);
    }

    CliResult run(Main.Terminal terminal, String... args) {
        Map<String, String> e = baseEnv();
        e.putAll(env);
        e.values().removeIf(v -> v == null);
        CliResult r = CliResult.run(terminal, e, args);
        assertNoSecrets(r.out() + r.err());
        return r;
    }

    /** No credential in any form; the intake key unless the run asked for --show-secrets (checked by the caller). */
    static void assertNoSecrets(String text) {
        for (String secret : new String[] {TOKEN, GLOBAL_KEY}) {
            assertThat(text).doesNotContain(secret)
                    .doesNotContain(URLEncoder.encode(secret, StandardCharsets.UTF_8))
                    .doesNotContain(secret.substring(4));
        }
    }

    static void assertNoIntakeKey(CliResult r) {
        assertThat(r.out() + r.err()).doesNotContain(INTAKE_KEY).doesNotContain(INTAKE_KEY.substring(4, 20));
    }

    static String fixture(String name) {
        return Fixtures.fixture(name);
    }

    /** {@link #SEKOIA_JOB} with the given fields set: {@code job("enabled", false)}. */
    static String job(Object... keysAndValues) {
        return Fixtures.job(keysAndValues);
    }

    /** An envelope with the given result JSON. */
    static String ok(String resultJson) {
        return Fixtures.ok(resultJson);
    }

    static String error(int code, String message) {
        return Fixtures.error(code, message);
    }

    /** The first request with this method among those not taken yet (earlier ones are skipped). */
    RecordedRequest takeRequest(String method) {
        while (true) {
            RecordedRequest r = take();
            if (r.getMethod().equals(method)) {
                return r;
            }
        }
    }

    /** The first request with this method whose target starts with {@code prefix} (earlier ones are skipped). */
    RecordedRequest takeRequest(String method, String prefix) {
        while (true) {
            RecordedRequest r = take();
            if (r.getMethod().equals(method) && r.getTarget().startsWith(prefix)) {
                return r;
            }
        }
    }

    static String vector(String name) {
        return Fixtures.vector(name);
    }

    RecordedRequest take() {
        try {
            RecordedRequest r = server.takeRequest(2, TimeUnit.SECONDS);
            assertThat(r).as("expected another request").isNotNull();
            return r;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** The path and query of a request, without the /client/v4 prefix. */
    static String target(RecordedRequest r) {
        return r.getTarget().replaceFirst("^/client/v4", "");
    }

    static JsonNode body(RecordedRequest r) {
        try {
            return MAPPER.readTree(r.getBody().utf8());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String text) {
        return Fixtures.json(text);
    }
}
