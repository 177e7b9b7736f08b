package io.logpush.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;

/**
 * Tests through the real entry point, {@link Main#run}, with MockWebServer behind the API URL.
 * Every run is checked for leaked secrets.
 */
abstract class ApiTest {
    static final String TOKEN = "tok3nS3cretVALUE-9f8e7d6c5b4a39281706";
    static final String GLOBAL_KEY = "g10balkeyS3cret0123456789abcdef0123";
    static final String INTAKE_KEY = "IntakeKeyAbCdEfGh0123456789xYzWv";
    static final String ZONE_ID = "023e105f4ecef8ad9ca31a8372d0c353";
    static final String ACCOUNT_ID = "01a7362d577a6c3019a474fd6f485823";
    static final ObjectMapper MAPPER = new ObjectMapper();

    @StartStop
    final MockWebServer server = new MockWebServer();

    final Map<String, String> env = new HashMap<>();

    /** The outcome of one run. */
    record Result(int code, String out, String err) {
        JsonNode json() {
            try {
                return MAPPER.readTree(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

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

    Result run(String... args) {
        return run(Main.Terminal.none(InputStream.nullInputStream()), args);
    }

    /** {@code logpush list --zone ZONE_ID} plus {@code extra}. */
    Result listJobs(String... extra) {
        String[] args = new String[3 + extra.length];
        args[0] = "list";
        args[1] = "--zone";
        args[2] = ZONE_ID;
        System.arraycopy(extra, 0, args, 3, extra.length);
        return run(args);
    }

    Result runWithStdin(String stdin, String... args) {
        return run(Main.Terminal.none(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8))), args);
    }

    Result run(Main.Terminal terminal, String... args) {
        Map<String, String> e = baseEnv();
        e.putAll(env);
        e.values().removeIf(v -> v == null);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(terminal, new PrintWriter(out), new PrintWriter(err), e, args);
        Result r = new Result(code, out.toString(), err.toString());
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

    static void assertNoIntakeKey(Result r) {
        assertThat(r.out() + r.err()).doesNotContain(INTAKE_KEY).doesNotContain(INTAKE_KEY.substring(4, 20));
    }

    static String fixture(String name) {
        try (InputStream in = ApiTest.class.getResourceAsStream("/fixtures/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void enqueue(int code, String body) {
        server.enqueue(new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json")
                .addHeader("cf-ray", "8a1b2c3d4e5f-CDG").body(body).build());
    }

    void enqueueFixture(String name) {
        enqueue(200, fixture(name));
    }

    /** An envelope with the given result JSON. */
    static String ok(String resultJson) {
        return "{\"success\":true,\"errors\":[],\"messages\":[],\"result\":" + resultJson + "}";
    }

    static String error(int code, String message) {
        return "{\"success\":false,\"errors\":[{\"code\":" + code + ",\"message\":\"" + message
                + "\"}],\"messages\":[],\"result\":null}";
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
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
