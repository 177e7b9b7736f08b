package io.logpush.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import io.logpush.testing.CliResult;
import io.logpush.testing.HttpStubs;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No secret leaves the tool: every command path (success, each error, --verbose, --dry-run, stack traces)
 * runs with a distinctive API token, global key and intake key, and none of them appears in stdout or
 * stderr in any encoding the code could produce. The one exception is a destination under --show-secrets.
 */
class SecretsTest extends ApiTest {
    /** Reserved and escapable characters, so that raw, URL-encoded and JSON-escaped forms all differ. */
    static final String NASTY_KEY = "Nk+y/Wi=th&Re?se%rv\"ed\\Ch#ars~01";

    @TempDir
    Path dir;

    static List<String> forms(String secret) throws Exception {
        List<String> forms = new ArrayList<>();
        forms.add(secret);
        forms.add(URLEncoder.encode(secret, StandardCharsets.UTF_8));
        forms.add(URLEncoder.encode(secret, StandardCharsets.UTF_8).replace("+", "%20"));
        String json = MAPPER.writeValueAsString(secret);
        forms.add(json.substring(1, json.length() - 1));
        return forms;
    }

    private final List<CliResult> results = new ArrayList<>();

    /** Runs one path with its own stubs, which must all be used, and no other request. */
    private void path(Runnable stubsForThePath, String... args) {
        stubsForThePath.run();
        CliResult r = run(args);
        results.add(r);
        assertThat(r.code()).as("%s%n--- stdout:%n%s--- stderr:%n%s", String.join(" ", args), r.out(), r.err())
                .isBetween(0, 6);
        verifyStubs();
        stubs.reset();
    }

    private void pathVerbose(Runnable stubsForThePath, String... args) {
        path(stubsForThePath, args);
        String[] verbose = new String[args.length + 1];
        System.arraycopy(args, 0, verbose, 0, args.length);
        verbose[args.length] = "--verbose";
        path(stubsForThePath, verbose);
    }

    /** Job 147 sending to Sekoia with {@code key}, URL-encoded. */
    static String jobWith(String key) {
        return job("logpull_options", "fields=RayID&timestamps=unixnano", "destination_conf",
                "https://intake.sekoia.io/plain/batch?header_X-SEKOIAIO-INTAKE-KEY="
                        + URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20").replace("\"", "%22"));
    }

    @Test
    void noSecretInAnyOutputOfAnyPath() throws Exception {
        env.put("CLOUDFLARE_EMAIL", "soc@example.com");
        env.put("CLOUDFLARE_API_KEY", GLOBAL_KEY);
        env.put("SEKOIA_INTAKE_KEY", NASTY_KEY);
        String job = jobWith(NASTY_KEY);
        String echoingError = error(1002, "error validating destination: error writing object: error uploading to "
                + "https://intake.sekoia.io/plain/batch?header_X-SEKOIAIO-INTAKE-KEY="
                + URLEncoder.encode(NASTY_KEY, StandardCharsets.UTF_8).replace("\"", "%22"));

        String fields = ok("{\"RayID\":\"string; ray\"}");
        Runnable creates = () -> {
            stub("GET", JOBS).ok("[]");
            stub("GET", FIELDS).reply(200, fields);
            stub("POST", JOBS).ok(job);
        };
        Runnable readsForACreate = () -> {
            stub("GET", JOBS).ok("[]");
            stub("GET", FIELDS).reply(200, fields);
        };
        Runnable readsTheJob = () -> stub("GET", JOB_147).ok(job);
        Runnable listsTheJob = () -> stub("GET", JOBS).ok("[" + job + "]");

        // successes
        pathVerbose(() -> stub("GET", FIELDS).reply(200, fields), "fields", "--zone", ZONE_ID);
        pathVerbose(listsTheJob, "list", "--zone", ZONE_ID);
        pathVerbose(listsTheJob, "list", "--zone", ZONE_ID, "-o", "json");
        pathVerbose(readsTheJob, "get", "147", "--zone", ZONE_ID);
        pathVerbose(readsTheJob, "get", "147", "--zone", ZONE_ID, "-o", "json");
        pathVerbose(creates, "create", "--zone", ZONE_ID);
        pathVerbose(creates, "create", "--zone", ZONE_ID, "-o", "json");
        pathVerbose(() -> {
            stub("GET", JOB_147).ok(job);
            stub("PUT", JOB_147).ok(job);
        }, "update", "147", "--zone", ZONE_ID, "--intake-key", NASTY_KEY + "X");
        pathVerbose(() -> {
            stub("GET", JOB_147).ok(job);
            stub("PUT", JOB_147).ok(job);
        }, "disable", "147", "--zone", ZONE_ID);
        pathVerbose(() -> {
            stub("GET", JOB_147).ok(job);
            stub("DELETE", JOB_147).ok("{\"id\":147}");
        }, "delete", "147", "--zone", ZONE_ID, "--yes");
        // dry runs
        pathVerbose(readsForACreate, "create", "--zone", ZONE_ID, "--dry-run");
        pathVerbose(readsForACreate, "create", "--zone", ZONE_ID, "--dry-run", "-o", "json");
        pathVerbose(readsTheJob, "update", "147", "--zone", ZONE_ID, "--intake-key", "Other" + NASTY_KEY, "--dry-run");
        pathVerbose(readsTheJob, "delete", "147", "--zone", ZONE_ID, "--dry-run");
        // errors
        pathVerbose(() -> stub("GET", JOBS).reply(403, fixture("error_10000.json")), "list", "--zone", ZONE_ID);
        pathVerbose(() -> stub("GET", JOBS + "/9").reply(404, error(1003, "job not found")), "get", "9", "--zone",
                ZONE_ID);
        pathVerbose(() -> {
            readsForACreate.run();
            stub("POST", JOBS).reply(400, echoingError);
        }, "create", "--zone", ZONE_ID);
        pathVerbose(() -> {
            HttpStubs.Stub list = stub("GET", JOBS);
            for (int i = 0; i < 3; i++) {
                list.reply(new MockResponse.Builder().code(429).addHeader("Retry-After", "0").build());
            }
        }, "list", "--zone", ZONE_ID);
        pathVerbose(() -> {
            HttpStubs.Stub list = stub("GET", JOBS);
            for (int i = 0; i < 3; i++) {
                list.reply(new MockResponse.Builder().code(502).body("<html>" + TOKEN + "</html>").build());
            }
        }, "list", "--zone", ZONE_ID);
        pathVerbose(listsTheJob, "create", "--zone", ZONE_ID);
        pathVerbose(() -> { }, "create", "--zone", ZONE_ID, "--intake-key", NASTY_KEY, "--max-upload-bytes", "1");
        pathVerbose(() -> { }, "list", "--zone", "bad zone");
        // network failure, with its exception chain printed under --verbose
        env.put("CLOUDFLARE_BASE_URL", "http://127.0.0.1:1/client/v4");
        pathVerbose(() -> { }, "list", "--zone", ZONE_ID);
        pathVerbose(() -> { }, "create", "--zone", ZONE_ID);

        StringBuilder all = new StringBuilder();
        results.forEach(r -> all.append(r.out()).append(r.err()));
        String text = all.toString();
        assertThat(results).hasSizeGreaterThan(40);
        for (String secret : List.of(TOKEN, GLOBAL_KEY, NASTY_KEY, NASTY_KEY + "X", "Other" + NASTY_KEY)) {
            for (String form : forms(secret)) {
                assertThat(text).as("a form of a secret: " + form.substring(0, 3) + "…").doesNotContain(form);
            }
        }
        assertThat(text).contains("Nk%2…").doesNotContain("\tat ");
    }

    /** The Sekoia side (issue 14): its API key and the intake keys its answers carry never show, in any path. */
    @Test
    void noSekoiaSecretInAnyOutputOfTheSekoiaPaths() throws Exception {
        String sekoiaKey = "sek+oia/Api=Key&With?Res%erved\"Chars01";
        String intakeKey = "In+take/Made=By&Sek?oia%01234567";
        env.put("SEKOIA_API_KEY", sekoiaKey);
        env.put("SEKOIA_API_URL", server.url("/sekoia").toString());
        String intake = MAPPER.createObjectNode().put("uuid", "u1").put("name", "WAF").put("entity_uuid", "e1")
                .put("format_uuid", "16676d72-463e-4b8a-b13a-f8dd48cddc8c").put("intake_key", intakeKey).toString();
        String page = "{\"items\":[" + intake + "],\"total\":1}";
        String job = jobWith(intakeKey);
        Runnable checks = () -> {
            stub("GET", "/user/tokens/verify").reply(200, ok("{\"status\":\"active\",\"expires_on\":null}"));
            stub("GET", JOBS).ok("[" + job + "]");
            stub("GET", FIELDS).ok("{\"RayID\":\"string; ray\"}");
            stub("GET", "/sekoia/v1/me").reply(200, "{}");
            stub("GET", "/sekoia/v1/sic/conf/intakes").reply(200, page);
            stub("POST", "/sekoia/v1/telemetry/events-by-status/counters").reply(200, "{\"total\":5,"
                    + "\"valid_events_occurrences\":5,\"invalid_events_occurrences\":0}");
            stub("POST", "/sekoia/v1/telemetry/intakes/counters").reply(200, "{\"average_lag\":30}");
        };
        pathVerbose(checks, "check", "--zone", ZONE_ID);
        pathVerbose(checks, "check", "--zone", ZONE_ID, "-o", "json");
        pathVerbose(() -> {
            stub("GET", "/sekoia/v1/sic/conf/intakes").reply(200, page);
            stub("GET", JOBS).ok("[" + job + "]");
        }, "intakes", "--zone", ZONE_ID);
        pathVerbose(() -> {
            stub("GET", JOBS).ok("[]");
            stub("GET", "/sekoia/v1/sic/conf/intakes").reply(200, page);
            stub("GET", FIELDS).ok("{\"RayID\":\"string; ray\"}");
            stub("POST", JOBS).ok(job);
        }, "create", "--zone", ZONE_ID, "--create-intake", "--intake-name", "WAF");
        pathVerbose(() -> stub("GET", "/sekoia/v1/sic/conf/intakes").reply(401, "{\"message\":\"bad key "
                + sekoiaKey + "\"}"), "intakes");
        StringBuilder all = new StringBuilder();
        results.forEach(r -> all.append(r.out()).append(r.err()));
        assertThat(results).hasSize(10);
        for (String secret : List.of(sekoiaKey, intakeKey)) {
            for (String form : forms(secret)) {
                assertThat(all.toString()).as("a form of a secret: " + form.substring(0, 3) + "…").doesNotContain(form);
            }
        }
    }

    @Test
    void showSecretsIsTheOneExceptionAndOnlyForTheDestination() throws Exception {
        stub("GET", JOBS).ok("[" + jobWith(NASTY_KEY) + "]");
        CliResult r = run("list", "--zone", ZONE_ID, "--show-secrets", "-v");
        assertThat(r.out()).contains(URLEncoder.encode(NASTY_KEY, StandardCharsets.UTF_8).replace("+", "%20")
                .replace("\"", "%22"));
        assertThat(r.err()).doesNotContain(URLEncoder.encode(NASTY_KEY, StandardCharsets.UTF_8));
    }

    @Test
    void aCredentialFileReadableByOthersGetsAWarningWithTheFix() throws Exception {
        Path token = dir.resolve("token");
        Files.writeString(token, TOKEN);
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-r--r--"));
        stub("GET", FIELDS).ok("{}");
        CliResult r = run("fields", "--zone", ZONE_ID, "--api-token-file", token.toString()).assertExit(0);
        assertThat(r.err()).contains("logpush: warning: --api-token-file " + token + " is readable by group or others; "
                + "fix it with: chmod 600 " + token);

        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        assertThat(run("fields", "--zone", ZONE_ID, "--api-token-file", token.toString()).err())
                .doesNotContain("readable by group");
    }
}
