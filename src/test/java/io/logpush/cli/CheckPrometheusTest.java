package io.logpush.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.logpush.testing.CliResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** check -o prometheus and --output-file (issue 22, section 4), linted by promtool. */
class CheckPrometheusTest extends ApiTest {
    static final String SEKOIA_KEY = SekoiaCheckTest.SEKOIA_KEY;
    static final String LABELS = "scope=\"zone:" + ZONE_ID + "\",job_id=\"147\",dataset=\"firewall_events\"";

    @TempDir
    Path dir;

    /** A job on logpull_options (options: info), disabled (enabled: failure), never delivered (delivery: warning). */
    void disabledJobOnLogpull() {
        stub("GET", CheckCommandTest.TOKEN_VERIFY).reply(200, CheckCommandTest.token("active", 365));
        stub("GET", JOBS).ok("[" + job("enabled", false, "last_complete", null, "logpull_options",
                CheckCommandTest.logpull(CheckCommandTest.PARSER_FIELDS, "unixnano")) + "]");
        stub("GET", FIELDS).reply(200, CheckCommandTest.offered());
    }

    void sekoiaSide() {
        env.put("SEKOIA_API_KEY", SEKOIA_KEY);
        env.put("SEKOIA_API_URL", server.url("/sekoia").toString());
        stub("GET", "/sekoia/v1/me").reply(200, "{\"uuid\":\"u1\",\"name\":\"ci\"}");
        stub("GET", SekoiaCheckTest.INTAKES).reply(200, SekoiaCheckTest.page(
                SekoiaCheckTest.intake(SekoiaCheckTest.WAF_FORMAT)));
        stub("POST", SekoiaCheckTest.BY_STATUS).reply(200, "{\"total\":1000,\"valid_events_occurrences\":990,"
                + "\"warning_events_occurences\":0,\"invalid_events_occurrences\":10}");
        stub("POST", SekoiaCheckTest.LAG).reply(200, "{\"total\":990,\"average_lag\":42.5,\"max_lag\":60}");
    }

    /** Every run's text: no secret, every series' label set once, and promtool finds nothing to say. */
    CliResult prometheus(String... args) {
        CliResult r = run(args);
        assertThat(r.out() + r.err()).doesNotContain(SEKOIA_KEY).doesNotContain(SEKOIA_KEY.substring(4, 20));
        assertNoIntakeKey(r);
        return r;
    }

    static void assertLints(String text) {
        Set<String> seen = new HashSet<>();
        for (String line : text.split("\n")) {
            if (!line.startsWith("#") && !line.isEmpty()) {
                String series = line.substring(0, line.lastIndexOf(' '));
                assertThat(seen.add(series)).as("series given twice: %s", series).isTrue();
            }
        }
        assertThat(promtool(text)).isEmpty();
    }

    /** What `promtool check metrics` says about {@code text} (empty: clean); fails when promtool is not installed. */
    static String promtool(String text) {
        Process p;
        try {
            p = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        } catch (IOException e) {
            return fail("promtool is not on PATH: install Debian's 'prometheus' package (.ci/run does: "
                    + "apt-get install -y --no-install-recommends prometheus) to lint -o prometheus");
        }
        try {
            p.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
            assertThat(p.exitValue()).as("promtool check metrics: %s", said).isZero();
            return said.strip();
        } catch (IOException | InterruptedException e) {
            return fail("promtool failed: " + e);
        }
    }

    @Test
    void eachStatusHasItsValueAndTheOutputLints() {
        disabledJobOnLogpull();
        CliResult r = prometheus("check", "--zone", ZONE_ID, "-o", "prometheus").assertExit(1);
        String scope = "scope=\"zone:" + ZONE_ID + "\"";
        assertThat(r.out()).startsWith("# HELP logpush_check_status The status of a check of logpush check: 0 ok, "
                        + "1 info, 2 warning, 3 failure")
                .contains("# TYPE logpush_check_status gauge\n")
                .contains("logpush_check_status{check=\"credentials\"," + scope + "} 0\n")
                .contains("logpush_check_status{check=\"destination\"," + LABELS + "} 0\n")
                .contains("logpush_check_status{check=\"options\"," + LABELS + "} 1\n")
                .contains("logpush_check_status{check=\"delivery\"," + LABELS + "} 2\n")
                .contains("logpush_check_status{check=\"enabled\"," + LABELS + "} 3\n")
                .contains("\nlogpush_check_up 1\n")
                .doesNotContain("last_complete_age_seconds");
        assertThat(r.out()).containsPattern("\nlogpush_check_last_run_timestamp_seconds \\d{10}\n$");
        assertThat(r.err()).doesNotContain("logpush_check");
        assertLints(r.out());
    }

    @Test
    void theNumbersBehindTheChecksWithTheSekoiaSideLint() {
        stub("GET", CheckCommandTest.TOKEN_VERIFY).reply(200, CheckCommandTest.token("active", 365));
        stub("GET", JOBS).ok("[" + SekoiaCheckTest.healthyJob("last_complete", CheckCommandTest.now(5)) + "]");
        stub("GET", FIELDS).reply(200, CheckCommandTest.offered());
        sekoiaSide();
        CliResult r = prometheus("check", "--zone", ZONE_ID, "-o", "prometheus").assertExit(0);
        assertThat(r.out()).contains("logpush_check_status{check=\"sekoia\",scope=\"zone:" + ZONE_ID + "\"} 0\n")
                .contains("logpush_check_status{check=\"sekoia_dates\"," + LABELS + "} 0\n")
                .contains("# TYPE logpush_check_last_complete_age_seconds gauge\n")
                .containsPattern("\nlogpush_check_last_complete_age_seconds\\{" + LABELS.replace("{", "\\{")
                        + "} 3\\d\\d\n")
                .contains("\nlogpush_check_sekoia_events_received{" + LABELS + "} 1000\n")
                .contains("\nlogpush_check_sekoia_events_invalid{" + LABELS + "} 10\n")
                .contains("\nlogpush_check_sekoia_lag_average_seconds{" + LABELS + "} 42.5\n")
                .contains("\nlogpush_check_up 1\n");
        assertLints(r.out());
    }

    @Test
    void aFleetLintsWithEveryLabelSetOnce() throws IOException {
        Path file = dir.resolve("jobs.yaml");
        Files.writeString(file, "jobs:\n  - zones: [" + ZONE_ID + "]\n    dataset: firewall_events\n"
                + "    intake_key: " + INTAKE_KEY + "\n  - zones: [" + ZONE_ID + "]\n    dataset: http_requests\n"
                + "    intake_key: " + INTAKE_KEY + "\n");
        disabledJobOnLogpull();
        sekoiaSide();
        CliResult r = prometheus("check", "-f", file.toString(), "-o", "prometheus").assertExit(1);
        assertThat(r.out()).contains("logpush_check_status{check=\"credentials\"} 0\n")
                .contains("logpush_check_status{check=\"sekoia\"} 0\n")
                .contains("\nlogpush_check_sekoia_events_received{" + LABELS + "} 1000\n")
                .contains("logpush_check_status{check=\"enabled\"," + LABELS + "} 3\n")
                .contains("logpush_check_status{check=\"jobs\",scope=\"zone:" + ZONE_ID
                        + "\",dataset=\"http_requests\"} 3\n");
        assertLints(r.out());
    }

    @Test
    void labelValuesAreEscaped() {
        stub("GET", CheckCommandTest.TOKEN_VERIFY).reply(200, CheckCommandTest.token("active", 365));
        stub("GET", JOBS).ok("[" + job("dataset", "we\"ird\\set\nx", "last_complete", CheckCommandTest.now(5)) + "]");
        stub("GET", "/zones/" + ZONE_ID + "/logpush/datasets/we%22ird%5Cset%0Ax/fields").reply(200, ok("{}"));
        CliResult r = prometheus("check", "--zone", ZONE_ID, "-o", "prometheus").assertExit(0);
        assertThat(r.out()).contains("logpush_check_status{check=\"dataset\",scope=\"zone:" + ZONE_ID
                + "\",job_id=\"147\",dataset=\"we\\\"ird\\\\set\\nx\"} 2\n");
        assertLints(r.out());
    }

    @Test
    void noSecretReachesTheMetricsOrTheFile() throws IOException {
        stub("GET", CheckCommandTest.TOKEN_VERIFY).reply(200, CheckCommandTest.token("active", 365));
        stub("GET", JOBS).ok("[" + job("error_message", "upload to https://intake.sekoia.io/plain?key=" + INTAKE_KEY
                + " failed with 401; token " + TOKEN, "last_error", CheckCommandTest.now(1)) + "]");
        stub("GET", FIELDS).reply(200, CheckCommandTest.offered());
        sekoiaSide();
        Path target = dir.resolve("logpush.prom");
        prometheus("check", "--zone", ZONE_ID, "-o", "prometheus", "-v", "--output-file", target.toString())
                .assertExit(1);
        String written = Files.readString(target);
        assertThat(written).contains("logpush_check_status{check=\"delivery\"," + LABELS + "} 3\n");
        for (String secret : List.of(INTAKE_KEY, TOKEN, SEKOIA_KEY)) {
            assertThat(written).doesNotContain(secret).doesNotContain(secret.substring(4, 20));
        }
        assertLints(written);
    }

    @Test
    void upIsZeroWhenTheChecksCannotRunExit4() {
        stub("GET", CheckCommandTest.TOKEN_VERIFY).reply(401, error(1000, "Invalid API Token"));
        CliResult r = prometheus("check", "--zone", ZONE_ID, "-o", "prometheus").assertExit(4);
        assertThat(r.out()).contains("logpush_check_status{check=\"credentials\"} 3\n")
                .contains("\nlogpush_check_up 0\n");
        assertLints(r.out());
    }

    @Test
    void upIsZeroWhenTheChecksCannotRunExit5() {
        env.put("CLOUDFLARE_BASE_URL", "http://127.0.0.1:1/client/v4");
        CliResult r = prometheus("check", "--zone", ZONE_ID, "-o", "prometheus").assertExit(5);
        assertThat(r.out()).contains("\nlogpush_check_up 0\n");
        assertLints(r.out());
    }

    @Test
    void outputFileIsWrittenWholeAndNothingElseStaysInItsDirectory() throws IOException {
        Path target = dir.resolve("logpush.prom");
        Files.writeString(target, "# an older run\n");
        disabledJobOnLogpull();
        CliResult r = prometheus("check", "--zone", ZONE_ID, "-o", "prometheus", "--output-file", target.toString())
                .assertExit(1);
        assertThat(r.out()).isEmpty();
        String written = Files.readString(target);
        assertThat(written).startsWith("# HELP logpush_check_status").contains("\nlogpush_check_up 1\n")
                .endsWith("\n").doesNotContain(INTAKE_KEY).doesNotContain(TOKEN);
        assertLints(written);
        assertThat(listing()).containsExactly("logpush.prom");
        if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
            Path plain = Files.createFile(dir.resolve("plain"));
            assertThat(Files.getPosixFilePermissions(target)).as("as readable as a file made with > file")
                    .isEqualTo(Files.getPosixFilePermissions(plain));
        }
    }

    @Test
    void outputFileOfARunThatCannotCheckSaysSoWithTheSameExitCode() throws IOException {
        Path target = dir.resolve("logpush.prom");
        stub("GET", CheckCommandTest.TOKEN_VERIFY).reply(401, error(1000, "Invalid API Token"));
        prometheus("check", "--zone", ZONE_ID, "-o", "prometheus", "--output-file", target.toString()).assertExit(4);
        assertThat(Files.readString(target)).contains("\nlogpush_check_up 0\n");
        assertThat(listing()).containsExactly("logpush.prom");
    }

    @Test
    void outputFileTakesTheTableAndJsonToo() throws IOException {
        Path table = dir.resolve("check.txt");
        disabledJobOnLogpull();
        prometheus("check", "--zone", ZONE_ID, "--output-file", table.toString()).assertExit(1);
        assertThat(Files.readString(table)).contains("✗ job 147 (sekoia-firewall-events, firewall_events) enabled: "
                + "the job is disabled").doesNotContain("\u001b[");
        assertThat(listing()).containsExactly("check.txt");
    }

    @Test
    void anOutputFileInAMissingDirectoryIsAUsageErrorBeforeAnyRequest() {
        Path target = dir.resolve("nope").resolve("logpush.prom");
        CliResult r = run("check", "--zone", ZONE_ID, "-o", "prometheus", "--output-file", target.toString())
                .assertExit(2);
        assertThat(r.err()).isEqualTo("logpush: error: --output-file " + target + ": directory " + target.getParent()
                + " does not exist\nhint: create it, or give a file in an existing directory\n");
        assertThat(stubs.seen()).isEmpty();
        assertThat(listing()).isEmpty();
    }

    @Test
    void onlyCheckPrintsPrometheus() {
        CliResult r = run("list", "--zone", ZONE_ID, "-o", "prometheus").assertExit(2);
        assertThat(r.err()).startsWith("logpush: error: -o prometheus is only for 'logpush check': use -o table or "
                + "-o json\n");
        assertThat(run("check", "--zone", ZONE_ID, "-o", "xml").assertExit(2).err()).isEqualTo("logpush: error: "
                + "invalid value for --output: expected one of [table, json, prometheus] but was 'xml'\n"
                + "hint: see 'logpush check --help'\n");
        assertThat(stubs.seen()).isEmpty();
    }

    @Test
    void docsListEveryMetric() throws IOException {
        String ci = Files.readString(Path.of("docs/ci.md"));
        for (io.logpush.jobs.Measure m : io.logpush.jobs.Measure.values()) {
            assertThat(ci).contains("| `logpush_check_" + m.key() + "` |");
        }
        assertThat(ci).contains("| `logpush_check_status` |", "| `logpush_check_up` |",
                "| `logpush_check_last_run_timestamp_seconds` |");
    }

    private List<String> listing() {
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = new ArrayList<>(files.map(p -> p.getFileName().toString()).sorted().toList());
            names.remove("jobs.yaml");
            return names;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
