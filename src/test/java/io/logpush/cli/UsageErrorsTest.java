package io.logpush.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.logpush.testing.CliResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad input as a new user or an adversary types it (issue 18): one error line and a hint, exit 2, no request. */
class UsageErrorsTest extends ApiTest {
    @TempDir
    Path dir;

    /** The first line of stderr is the one error line; a hint may follow, and nothing like a stack trace. */
    static void assertOneLineError(CliResult r, String message) {
        assertThat(r.err()).startsWith("logpush: error: ");
        assertThat(r.err().lines().findFirst().orElseThrow()).contains(message);
        assertThat(r.err()).doesNotContain("\tat ").doesNotContain("Exception").doesNotContain("bug in logpush");
        assertThat(r.err().lines().filter(l -> l.startsWith("logpush: error:")).count()).isEqualTo(1);
    }

    // 18.11: --filter is strict JSON of the shape Cloudflare documents, with one-line errors

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"where\":{\"key\":\"ClientCountry\",\"operator\":\"eq\",\"value\":\"fr\"}} trailing|--filter is not valid JSON",
        "{\"where\":{\"key\":\"ClientCountry\",\"operator\":\"eq\",\"value\":\"fr\"},\"where\":{}}|repeated key",
        "{\"where\":1}|\"where\" must be a condition object",
        "{\"where\":null}|\"where\" must be a condition object, not null",
        "{\"where\":{}}|\"where\" must be a condition object, not {}",
        "{\"where\":{\"key\":\"ClientCountry\",\"operator\":\"equals\",\"value\":\"fr\"}}|\"where.operator\" is 'equals'",
        "{\"where\":{\"key\":\"ClientCountry\",\"operator\":\"eq\"}}|\"where.value\" must be",
        "{\"where\":{\"and\":[]}}|\"where.and\" must be a non-empty list",
        "{\"where\":{\"or\":[{\"key\":\"A\",\"operator\":\"eq\",\"value\":1},{}]}}|\"where.or[1]\" must be a condition",
        "{\"where\":{\"key\":\"A\",\"operator\":\"eq\",\"value\":[1,2]}}|\"where.value\" must be a string, number or boolean",
        "{\"where\":{\"key\":\"A\",\"operator\":\"eq\",\"value\":1},\"limit\":2}|unknown key \"limit\"",
        "{\"where\":{\"key\":\"A\",\"operator\":\"eq\",\"value\":1,\"and\":[]}}|has \"and\" and other keys",
    })
    void filterIsParsedStrictlyBeforeAnyRequest(String filter, String message) {
        CliResult r = run("create", "--zone", ZONE_ID, "--intake-key", INTAKE_KEY, "--filter", filter).assertExit(2);
        assertOneLineError(r, message);
        assertThat(r.err()).doesNotContain("StreamReadFeature").doesNotContain("INCLUDE_SOURCE")
                .doesNotContain("Source: ").doesNotContain("line: ");
        assertThat(r.err()).contains("hint: ");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void aDocumentedCompoundFilterIsAcceptedAndSentCompact() {
        stub("GET", JOBS).ok("[]");
        stub("GET", "/zones/" + ZONE_ID + "/logpush/datasets/firewall_events/fields").ok(fixture(
                "firewall_events_fields.json").replaceFirst("(?s)^.*?\"result\"\\s*:\\s*", "").replaceFirst("(?s)}\\s*$", ""));
        String filter = "{\"where\": {\"and\": [{\"key\":\"ClientCountry\",\"operator\":\"in\",\"value\":[\"fr\",\"de\"]},"
                + " {\"or\": [{\"key\":\"EdgeResponseStatus\",\"operator\":\"geq\",\"value\":400},"
                + " {\"key\":\"ClientRequestPath\",\"operator\":\"!startsWith\",\"value\":\"/health\"}]}]}}";
        CliResult r = run("create", "--zone", ZONE_ID, "--intake-key", INTAKE_KEY, "--filter", filter, "--dry-run",
                "-o", "json").assertExit(0);
        assertThat(json(r.out()).at("/body/filter").asText()).isEqualTo(filter.replace(" ", ""));
    }

    // 18.12: --intake-url refuses fragments like queries, and says what is wrong with a port

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "https://x.example/#f|--intake-url takes the intake base without a fragment",
        "https://x.example/?a=1|--intake-url takes the intake base without a query",
        "https://x.example:99999|invalid port 99999, expected 1 to 65535",
        "https://x.example:0|invalid port 0",
        "http://x.example|an https:// URL is required",
        "https://user:pw@x.example|without user information",
        "https://x_y.example|invalid host 'x_y.example'",
    })
    void intakeUrlIsCheckedBeforeAnyRequest(String url, String message) {
        CliResult r = run("create", "--zone", ZONE_ID, "--intake-key", INTAKE_KEY, "--intake-url", url).assertExit(2);
        assertOneLineError(r, message);
        assertThat(r.err()).doesNotContain("pw@");
        assertThat(server.getRequestCount()).isZero();
    }

    // 18.15: like cases, like exit codes

    @Test
    void anEmptyTokenFileIsAUsageErrorNamingTheFile() throws IOException {
        Path empty = Files.writeString(dir.resolve("token"), "\n");
        Files.setPosixFilePermissions(empty, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        env.put("CLOUDFLARE_API_TOKEN", null);
        CliResult r = run("list", "--zone", ZONE_ID, "--api-token-file", empty.toString()).assertExit(2);
        assertOneLineError(r, "--api-token-file " + empty + " is empty");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void anEmptyTokenVariableStaysAnAuthenticationError() {
        env.put("CLOUDFLARE_API_TOKEN", null);
        run("list", "--zone", ZONE_ID).assertExit(4);
    }

    @Test
    void answeringNoAtTheDeletePromptIsCancelledExit1AndSaysSo() {
        stub("GET", JOBS + "/147").ok("{\"id\":147,\"dataset\":\"firewall_events\",\"name\":\"sekoia-firewall-events\","
                + "\"enabled\":true,\"destination_conf\":\"https://intake.sekoia.io/plain/batch?header_X-SEKOIAIO-"
                + "INTAKE-KEY=" + INTAKE_KEY + "\"}");
        Main.Terminal tty = new Main.Terminal(new ByteArrayInputStream("n\n".getBytes(StandardCharsets.UTF_8)),
                true, true);
        CliResult r = run(tty, "delete", "147", "--zone", ZONE_ID).assertExit(1);
        assertThat(r.err()).endsWith("cancelled: job 147 not deleted\n").doesNotContain("logpush: error");
        assertThat(stubs.seen()).containsExactly("GET " + JOBS + "/147");
        verifyStubs();
    }

    @Test
    void detailedExitCodeWithoutPlanIsRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("a.yaml"), "jobs: []\n");
        CliResult r = run("apply", "-f", file.toString(), "--detailed-exitcode").assertExit(2);
        assertOneLineError(r, "--detailed-exitcode works only with --plan");
        assertThat(server.getRequestCount()).isZero();
    }

    // 18.5 (the part in cli/): an absurd --rate-limit is a usage error

    @Test
    void aHugeRateLimitIsAUsageError() throws IOException {
        Path file = Files.writeString(dir.resolve("a.yaml"), "jobs: []\n");
        CliResult r = run("apply", "-f", file.toString(), "--plan", "--rate-limit", "99999999999999/1s").assertExit(2);
        assertThat(r.err()).startsWith("logpush: error: ").doesNotContain("\tat ").doesNotContain("bug in logpush");
        assertThat(server.getRequestCount()).isZero();
    }

    // 18.20: subcommands have no --version that prints nothing

    @ParameterizedTest
    @ValueSource(strings = {"list", "get", "create", "apply", "sandbox", "datasets"})
    void subcommandVersionIsAUsageErrorPointingAtTheRootVersion(String command) {
        CliResult r = run(command, "--version").assertExit(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("logpush: error: ");
        if (!command.equals("get") && !command.equals("apply")) { // these first miss their JOB_ID, --file
            assertThat(r.err()).startsWith("logpush: error: unknown option '--version'")
                    .contains("hint: the version is 'logpush --version'");
        }
        CliResult root = run("--version").assertExit(0);
        assertThat(root.out()).startsWith("logpush ");
    }

    // the option parser's errors are the one-line format too

    @Test
    void parserErrorsAreOneErrorLineAndAHint() {
        CliResult r = run("list", "--zon", ZONE_ID).assertExit(2);
        assertThat(r.err().lines().toList()).containsExactly("logpush: error: unknown option '--zon'",
                "hint: did you mean '--zone'? (see 'logpush list --help')");
    }

    @Test
    void timeoutHelpGivesItsRange() {
        assertThat(run("list", "--help").out()).contains("1 to 3600");
    }
}
