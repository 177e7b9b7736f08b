package io.logpush.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import io.logpush.testing.CliResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 24: what reaches the terminal (secrets, control characters, picocli's words, colour, symbols). */
class HygieneTest extends ApiTest {
    static final String SEKOIA_KEY = "seko_iaApiKey_S3cretValue0123456789abcd";

    @TempDir
    Path dir;

    @Test
    void aSecretGivenWhereSomethingElseIsExpectedIsNotEchoed() throws Exception {
        CliResult zone = run("list", "--zone", TOKEN).assertExit(2);
        assertThat(zone.err()).startsWith("logpush: error: ").contains("tok3…");
        env.put("SEKOIA_API_KEY", SEKOIA_KEY);
        CliResult name = run("create", "--zone", ZONE_ID, "--intake-key", INTAKE_KEY, "--name", SEKOIA_KEY)
                .assertExit(2);
        assertThat(name.err()).startsWith("logpush: error: ").contains("seko…").doesNotContain(SEKOIA_KEY.substring(4));
        assertNoIntakeKey(name);
        // a usage error of picocli's: the unknown argument is a secret
        CliResult usage = run("list", "--zone", ZONE_ID, SEKOIA_KEY).assertExit(2);
        assertThat(usage.err()).doesNotContain(SEKOIA_KEY.substring(4)).contains("seko…");
        // a secret file named on the command line, before anything reads it
        Path tokenFile = dir.resolve("token");
        String fileToken = "fileT0kenS3cretValue-0123456789abcdef";
        Files.writeString(tokenFile, fileToken + "\n");
        Files.setPosixFilePermissions(tokenFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        CliResult file = run("list", "--api-token-file", tokenFile.toString(), "--zone", fileToken).assertExit(2);
        assertThat(file.err()).doesNotContain(fileToken.substring(4)).contains("file…");
        // a key pasted into an apply file's zones
        Path apply = dir.resolve("apply.yaml");
        Files.writeString(apply, "jobs:\n  - zones: [\"" + INTAKE_KEY + "\"]\n    dataset: firewall_events\n"
                + "    intake_key: ${SEKOIA_INTAKE_KEY}\n");
        env.put("SEKOIA_INTAKE_KEY", INTAKE_KEY);
        CliResult applied = run("apply", "-f", apply.toString(), "--plan").assertExit(2);
        assertThat(applied.err()).startsWith("logpush: error: ");
        assertNoIntakeKey(applied);
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void controlAndBidiCharactersFromInputAreEscaped() throws Exception {
        CliResult title = run("list", "--zone", "x\u001b]0;x\u0007evil").assertExit(2);
        assertThat(title.err()).doesNotContain("\u001b").doesNotContain("\u0007").contains("x\\x1b]0;x\\x07evil");
        CliResult red = run("fields", "--zone", ZONE_ID, "--dataset", "\u001b[31mred").assertExit(2);
        assertThat(red.err()).doesNotContain("\u001b").contains("\\x1b[31mred");
        CliResult bidi = run("list", "--zone", "abc\u202Etxt.exe").assertExit(2);
        assertThat(bidi.err()).doesNotContain("\u202E").contains("abc\\u202etxt.exe");
        CliResult unknown = run("list", "--zone", ZONE_ID, "--\u001b[2Jx").assertExit(2);
        assertThat(unknown.err()).doesNotContain("\u001b").contains("\\x1b[2Jx");
        Path apply = dir.resolve("apply.yaml");
        Files.writeString(apply, "jobs:\n  - zones: [\"ok\\e[31mred.example.com\\u202e\"]\n    dataset: firewall_events\n"
                + "    intake_key: abcdef\n");
        CliResult file = run("apply", "-f", apply.toString(), "--plan").assertExit(2);
        assertThat(file.err()).doesNotContain("\u001b").doesNotContain("\u202e").contains("ok\\x1b[31mred.example.com\\u202e");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void exclusiveOptionsAreOneErrorInTheToolsWords() {
        CliResult r = run("list", "--account", ACCOUNT_ID, "--zone", ZONE_ID).assertExit(2);
        assertThat(r.err()).isEqualTo("logpush: error: give --zone or --account, not both\n"
                + "hint: see 'logpush list --help'\n");
        CliResult missing = run("apply").assertExit(2);
        assertThat(missing.err()).isEqualTo("logpush: error: missing --file FILE\nhint: see 'logpush apply --help'\n");
        CliResult noValue = run("list", "--zone").assertExit(2);
        assertThat(noValue.err()).startsWith("logpush: error: --zone needs a value (ZONE)\n");
        CliResult extra = run("list", "--zone", ZONE_ID, "extra").assertExit(2);
        assertThat(extra.err()).startsWith("logpush: error: unexpected argument 'extra'\n");
        CliResult command = run("bogus").assertExit(2);
        assertThat(command.err()).startsWith("logpush: error: unknown command 'bogus'\n");
        for (CliResult each : new CliResult[] {r, missing, noValue, extra, command}) {
            assertThat(each.err()).doesNotContain("Error:").doesNotContain("Unmatched").doesNotContain("Missing required");
        }
    }

    @Test
    void colourFollowsTermAndOnlyANonEmptyNoColor() {
        env.put("LOGPUSH_FORCE_TTY", "1");
        stub("GET", FIELDS).ok("{\"RayID\":\"string; the RayID\"}");
        env.put("NO_COLOR", "");
        assertThat(run("fields", "--zone", ZONE_ID).out()).contains("\u001b[1mNAME");
        stubs.reset();
        stub("GET", FIELDS).ok("{\"RayID\":\"string; the RayID\"}");
        env.put("TERM", "dumb");
        assertThat(run("fields", "--zone", ZONE_ID).out()).doesNotContain("\u001b[");
    }

    @Test
    void aLocaleWithoutUtf8GetsAsciiSymbols() {
        env.put("LANG", "C");
        for (int i = 0; i < 2; i++) {
            stub("GET", JOBS).ok("[]");
            stub("GET", FIELDS).ok("{\"RayID\":\"string; the RayID\"}");
            CliResult r = run("create", "--zone", ZONE_ID, "--intake-key", INTAKE_KEY, "--fields", "RayIDD,Datetime")
                    .assertExit(2);
            if (i == 0) {
                assertThat(r.err()).contains("RayIDD -> RayID?").doesNotContainPattern("[^\\x00-\\x7f]");
                env.put("LC_ALL", "en_US.UTF-8");
            } else {
                assertThat(r.err()).contains("RayIDD → RayID?");
            }
            verifyStubs();
            stubs.reset();
        }
    }

    @Test
    void numbersInAFilterAreSentExactlyAsWritten() {
        stub("GET", JOBS).ok("[]");
        stub("GET", FIELDS).reply(200, fixture("firewall_events_fields.json"));
        String filter = "{\"where\":{\"or\":[{\"key\":\"ClientASN\",\"operator\":\"gt\",\"value\":1e999},"
                + "{\"key\":\"EdgeResponseStatus\",\"operator\":\"in\",\"value\":[1e2, 404,-0.50]}]}}";
        CliResult r = run("create", "--zone", ZONE_ID, "--intake-key", INTAKE_KEY, "--filter", filter, "--dry-run",
                "-o", "json").assertExit(0);
        assertThat(r.json().at("/body/filter").asText()).isEqualTo(filter.replace(" ", ""));
    }

    @Test
    void onlyARegularSecretFileGetsThePermissionsWarning() {
        CliResult r = run("list", "--zone", ZONE_ID, "--api-token-file", "/dev/null").assertExit(2);
        assertThat(r.err()).doesNotContain("chmod").contains("--api-token-file /dev/null is empty");
    }

    /** A FIFO: mkfifo, which every Linux and macOS has. */
    Path fifo(String name) throws Exception {
        Path f = dir.resolve(name);
        Process p = new ProcessBuilder("mkfifo", f.toString()).start();
        assertThat(p.waitFor()).isZero();
        return f;
    }

    @Test
    void aPipeWithNoWriterEndsWithAnErrorNamingIt() throws Exception {
        Path f = fifo("token");
        env.put("LOGPUSH_INPUT_TIMEOUT_MS", "300");
        CliResult r = run("list", "--zone", ZONE_ID, "--api-token-file", f.toString()).assertExit(2);
        assertThat(r.err()).startsWith("logpush: error: cannot read --api-token-file " + f + ": nothing came from it in ")
                .endsWith(" (a pipe with no writer?)\nhint: check that the command feeding it runs, or give a regular "
                + "file or '-' for standard input\n");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void aPipeWithAWriterStillWorks() throws Exception {
        Path f = fifo("token");
        Thread writer = new Thread(() -> {
            try {
                Files.writeString(f, TOKEN + "\n");
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        writer.start();
        stub("GET", JOBS).ok("[]");
        CliResult r = run("list", "--zone", ZONE_ID, "--api-token-file", f.toString()).assertExit(0);
        assertThat(r.err()).doesNotContain("chmod");
        writer.join();
    }

    @Test
    void exportVerboseSendsNoIntakeKeyInAUrlAndPrintsNone() {
        env.put("SEKOIA_API_KEY", SEKOIA_KEY);
        env.put("SEKOIA_API_URL", server.url("/sekoia").toString());
        stub("GET", JOBS).ok("[" + SEKOIA_JOB + "]");
        stub("GET", "/zones/" + ZONE_ID).ok("{\"id\":\"" + ZONE_ID + "\",\"name\":\"example.com\"}");
        stub("GET", "/sekoia/v1/sic/conf/intakes").reply(200, "{\"items\":[{\"uuid\":\"u1\",\"name\":\"Cloudflare WAF\","
                + "\"format_uuid\":\"16676d72-463e-4b8a-b13a-f8dd48cddc8c\",\"intake_key\":\"" + INTAKE_KEY + "\"}],"
                + "\"total\":1}");
        CliResult r = run("export", "--zone", ZONE_ID, "-v");
        assertNoIntakeKey(r);
        assertThat(stubs.seen()).noneMatch(s -> s.contains(INTAKE_KEY) || s.contains(INTAKE_KEY.substring(0, 8)));
    }

    @Test
    void aRetryAfterATimeoutIsAnnouncedWithoutVerbose() {
        stub("GET", JOBS).reply(new mockwebserver3.MockResponse.Builder()
                .onResponseStart(mockwebserver3.SocketEffect.Stall.INSTANCE).build()).ok("[]");
        CliResult r = listJobs("--timeout", "1").assertExit(0);
        assertThat(r.err().lines().toList().get(0)).matches("logpush: listing the Logpush jobs of zone " + ZONE_ID
                + ": no answer from localhost:\\d+ within the timeout \\(1s\\); retrying \\(attempt 2 of 3, Ctrl-C to stop\\)");
    }

    @Test
    void helpNeverBreaksAUrl() {
        for (String command : new String[] {"create", "update", "check", "list", "intakes", "export", "apply"}) {
            CliResult r = run(command, "--help").assertExit(0);
            assertThat(r.out()).as(command).doesNotContainPattern("https?:\\s").doesNotContainPattern("(?m)^\\s*//");
        }
    }
}
