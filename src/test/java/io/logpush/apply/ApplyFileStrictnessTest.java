package io.logpush.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.logpush.cli.Main;
import io.logpush.testing.CliResult;
import io.logpush.sandbox.SandboxTestIds;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 18.4 and 18.16: apply reads YAML as YAML (aliases, merge keys, repeated keys), refuses what would fail
 * at run time before any write, survives hostile files, and asks before --prune deletes.
 */
class ApplyFileStrictnessTest extends SandboxHarness {
    static final ObjectMapper MAPPER = new ObjectMapper();

    /** A run and the requests it sent, with this class's one-problem assertion. */
    record Run(int code, String out, String err, List<String> requests) {
        List<String> writes() {
            return requests.stream().filter(r -> !r.startsWith("GET ")).toList();
        }

        /** The error: one line "logpush: error: …", then the hint. */
        Run assertOneProblem(String message) {
            assertThat(code).as(err).isEqualTo(2);
            assertThat(err.lines().toList()).as(err).hasSize(2);
            assertThat(err).startsWith("logpush: error: ").contains(message).doesNotContain("\tat ")
                    .doesNotContain("Exception");
            assertThat(requests).isEmpty();
            return this;
        }
    }

    @BeforeEach
    void startSandbox() throws IOException {
        start(3, 1200, 300);
    }

    Path file(String text) throws IOException {
        return Files.writeString(dir.resolve("logpush.yaml"), text);
    }

    Run applyRun(String yaml, String... args) throws IOException {
        return wrap(super.apply(yaml, args));
    }

    Run applyOnRun(Main.Terminal terminal, String yaml, String... args) throws IOException {
        return wrap(super.applyOn(terminal, yaml, args));
    }

    Run runRun(Main.Terminal terminal, String... args) {
        return wrap(super.run(terminal, args));
    }

    private Run wrap(CliResult r) {
        return new Run(r.code(), r.out(), r.err(), requests());
    }

    String where() {
        return dir.resolve("logpush.yaml").toString();
    }

    JsonNode jobs(String zone) throws IOException {
        Run r = runRun(Main.Terminal.none(InputStream.nullInputStream()), "list", "--zone", zone, "-o", "json");
        assertThat(r.code()).as(r.err()).isZero();
        return MAPPER.readTree(r.out());
    }

    @Test
    void aliasesAndMergeKeysAreResolved() throws IOException {
        Run r = applyRun("""
                jobs:
                  - &fw
                    zones: [zone1.example.com]
                    dataset: firewall_events
                    intake_key: ${KEY_A}
                    name: &n soc-fw
                    fields: &f [ClientIP, RayID, Action, Datetime]
                  - <<: *fw
                    zones: [zone2.example.com]
                  - zones: [zone3.example.com]
                    dataset: firewall_events
                    intake_key: ${KEY_A}
                    name: *n
                    fields: *f
                """);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.writes()).hasSize(3);
        for (String zone : List.of("zone1.example.com", "zone2.example.com", "zone3.example.com")) {
            JsonNode job = jobs(zone).get(0);
            assertThat(job.get("name").asText()).as(zone).isEqualTo("soc-fw");
            assertThat(job.toString()).as(zone).contains("ClientIP").contains("RayID").contains("Action");
        }
    }

    @Test
    void aKeyRepeatedInOneJobIsAProblemAtItsPlace() throws IOException {
        applyRun("""
                jobs:
                  - zones: [zone1.example.com]
                    dataset: firewall_events
                    intake_key: ${KEY_A}
                    name: first
                    name: second
                """).assertOneProblem(where() + ":6:5: key 'name' is repeated in this mapping (first at line 5)");
    }

    @Test
    void aRepeatedKeyInJsonToo() throws IOException {
        applyRun("{\"jobs\":[{\"zones\":[\"zone1.example.com\"],\"dataset\":\"firewall_events\",\"intake_key\":\"${KEY_A}\","
                + "\"dataset\":\"http_requests\"}]}").assertOneProblem("key 'dataset' is repeated");
    }

    @Test
    void anAliasWithoutAnchorAndABadMergeAreProblems() throws IOException {
        Run r = applyRun("""
                jobs:
                  - zones: [zone1.example.com]
                    dataset: firewall_events
                    intake_key: ${KEY_A}
                    name: *nowhere
                  - <<: just-a-string
                    zones: [zone2.example.com]
                    dataset: firewall_events
                    intake_key: ${KEY_A}
                """);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(where() + ":5:11: alias *nowhere refers to no anchor &nowhere defined before it")
                .contains(where() + ":6:5: '<<' (a YAML merge key) takes a mapping or a list of mappings");
        assertThat(r.requests()).isEmpty();
    }

    @Test
    void aTenThousandDeepFileIsOneLineExit2() throws IOException {
        applyRun("jobs:\n  - " + "[".repeat(10_000) + "]".repeat(10_000) + "\n")
                .assertOneProblem("nested more than 64 levels deep");
        applyRun("{\"jobs\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}").assertOneProblem("nested more than");
        applyRun("jobs: " + "{a: ".repeat(10_000) + "1" + "}".repeat(10_000) + "\n")
                .assertOneProblem("nested more than 64 levels deep");
    }

    @Test
    void anAliasBombIsRefused() throws IOException {
        StringBuilder yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i <= 9; i++) {
            yaml.append("a").append(i).append(": &a").append(i).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(10, "*a" + (i - 1)))).append("]\n");
        }
        yaml.append("jobs: *a9\n");
        Run r = applyRun(yaml.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("expand to more than").doesNotContain("\tat ");
        assertThat(r.err().lines().count()).isEqualTo(2);
    }

    @Test
    void atMostTwentyProblemsAreListed() throws IOException {
        StringBuilder yaml = new StringBuilder("jobs:\n");
        for (int i = 0; i < 30; i++) {
            yaml.append("  - zones: [zone1.example.com]\n    dataset: firewall_events\n    intake_key: ${KEY_A}\n")
                    .append("    timestamps: iso").append(i).append('\n');
        }
        Run r = applyRun(yaml.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("logpush: error: " + where() + " has 30 problems:\n")
                .contains("\n  … and 10 more\n");
        assertThat(r.err().lines().filter(l -> l.startsWith("  " + where())).count()).isEqualTo(20);
    }

    @Test
    void anUnknownDatasetIsAProblemWithASuggestion() throws IOException {
        applyRun("""
                jobs:
                  - zones: [zone1.example.com]
                    dataset: firewall_event
                    intake_key: ${KEY_A}
                """).assertOneProblem(where() + ":3:5: dataset 'firewall_event' is not one Sekoia reads; did you mean "
                + "'firewall_events'? (apply manages Sekoia's datasets: ");
        applyRun("""
                jobs:
                  - zones: [zone1.example.com]
                    dataset: spectrum_events
                    intake_key: ${KEY_A}
                """).assertOneProblem("dataset 'spectrum_events' is not one Sekoia reads (apply manages");
    }

    @Test
    void theSameZoneByNameAndByIdIsRefusedBeforeAnyWrite() throws IOException {
        Run r = applyRun("""
                jobs:
                  - zones: [zone1.example.com]
                    dataset: firewall_events
                    intake_key: ${KEY_A}
                  - zones: [%s]
                    dataset: firewall_events
                    intake_key: ${KEY_A}
                    name: other
                """.formatted(SandboxTestIds.id("zone1.example.com")));
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains(where() + ":5:5: declares firewall_events for zone "
                + SandboxTestIds.id("zone1.example.com")).contains("already declared at " + where() + ":2:5");
        assertThat(r.writes()).isEmpty();
    }

    @Test
    void badFiltersAndIntakeUrlsInTheFileAreProblems() throws IOException {
        Run r = applyRun("""
                jobs:
                  - zones: [zone1.example.com]
                    dataset: firewall_events
                    intake_key: ${KEY_A}
                    intake_url: https://intake.example.com/#frag
                    filter: {where: {key: ClientCountry, operator: equals, value: fr}}
                """);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(where() + ":5:5: 'intake_url' takes the intake base without a fragment")
                .contains(where() + ":6:5: 'filter': \"where.operator\" is 'equals'");
        assertThat(r.requests()).isEmpty();
    }

    // 18.16: --prune asks on a terminal, needs --yes without one

    static final String ONE = """
            jobs:
              - zones: [zone1.example.com]
                dataset: firewall_events
                intake_key: ${KEY_A}
            """;
    static final String TWO = ONE + """
              - zones: [zone1.example.com]
                dataset: http_requests
                intake_key: ${KEY_B}
            """;

    static Main.Terminal tty(String answer) {
        return new Main.Terminal(new ByteArrayInputStream(answer.getBytes(StandardCharsets.UTF_8)), true, true);
    }

    @Test
    void pruneWithoutATerminalNeedsYesAndRefusesBeforeAnyRequest() throws IOException {
        assertThat(applyRun(TWO).code()).isZero();
        Run r = applyRun(ONE, "--prune");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("logpush: error: refusing to --prune without confirmation: pass --yes");
        assertThat(r.requests()).isEmpty();
        Run plan = applyRun(ONE, "--plan", "--prune");
        assertThat(plan.code()).as(plan.err()).isZero();
        assertThat(plan.out()).contains("to delete");
        assertThat(plan.writes()).isEmpty();
    }

    @Test
    void pruneOnATerminalListsTheDeletionsAndAsks() throws IOException {
        assertThat(applyRun(TWO).code()).isZero();
        Run no = applyOnRun(tty("n\n"), ONE, "--prune");
        assertThat(no.code()).as(no.err()).isEqualTo(1);
        assertThat(no.err()).contains("--prune would delete 1 job:\n  - zone zone1.example.com  http_requests  job ")
                .contains("Apply, with these deletions? [y/N] ").contains("cancelled: nothing was changed");
        assertThat(no.writes()).isEmpty();

        Run yes = applyOnRun(tty("y\n"), ONE, "--prune");
        assertThat(yes.code()).as(yes.err()).isZero();
        assertThat(yes.writes()).hasSize(1).first().asString().startsWith("DELETE ");
        assertThat(yes.out()).contains("1 deleted");
    }
}
