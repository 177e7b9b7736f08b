package io.logpush.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.logpush.testing.CliResult;
import org.junit.jupiter.api.Test;

/** Issue 24: on a terminal, tables and check's lines fit its width (COLUMNS), cut with …; on a pipe nothing is cut. */
class TerminalWidthTest extends ApiTest {
    static final String LONG = "a description of five hundred characters ".repeat(12).trim();

    void terminal(int columns) {
        env.put("LOGPUSH_FORCE_TTY", "1");
        env.put("COLUMNS", Integer.toString(columns));
    }

    static void fits(List<String> lines, int columns) {
        assertThat(lines).isNotEmpty().allSatisfy(l -> assertThat(l.codePointCount(0, l.length())).as(l)
                .isLessThanOrEqualTo(columns));
    }

    @Test
    void fieldsRowsOfFiveHundredCharactersAreCutToTheTerminalAndWholeOnAPipe() {
        stub("GET", FIELDS).ok("{\"RayID\":\"string; " + LONG + "\",\"ClientIP\":\"string; the visitor's IP\"}")
                .ok("{\"RayID\":\"string; " + LONG + "\"}");
        terminal(80);
        List<String> lines = run("fields", "--zone", ZONE_ID, "--no-color").assertExit(0).out().lines().toList();
        fits(lines, 80);
        assertThat(lines.get(0)).isEqualTo("NAME      TYPE    DESCRIPTION");
        assertThat(lines.get(1)).isEqualTo("ClientIP  string  the visitor's IP");
        assertThat(lines.get(2)).hasSize(80).startsWith("RayID     string  a description of five hundred").endsWith("…");

        env.remove("LOGPUSH_FORCE_TTY");
        assertThat(run("fields", "--zone", ZONE_ID).assertExit(0).out()).isEqualTo("RayID\tstring\t" + LONG + "\n");
    }

    @Test
    void datasetsFitAHundredColumns() {
        env.put("CLOUDFLARE_API_TOKEN", null);
        env.put("LOGPUSH_FORCE_TTY", "1");
        int natural = run("datasets", "--no-color").assertExit(0).out().lines().mapToInt(String::length).max()
                .orElseThrow();
        assertThat(natural).isGreaterThan(120);
        terminal(100);
        List<String> lines = run("datasets", "--no-color").assertExit(0).out().lines().toList();
        fits(lines, 100);
        assertThat(lines).hasSize(10).anyMatch(l -> l.contains("…"));
        // the columns stay aligned: every row's dataset starts each line, its scope column at the same place
        int scope = lines.get(0).indexOf("SCOPE");
        assertThat(lines.subList(1, 10)).allSatisfy(l -> assertThat(l.substring(scope)).matches("(zone|account).*"));
    }

    @Test
    void checkGroupsTheLinesOfAJobUnderItsLabelAndFitsTheTerminal() {
        String longName = "sekoia-firewall-events-of-a-zone-with-a-rather-long-name-example-com";
        stub("GET", CheckCommandTest.TOKEN_VERIFY).reply(200, CheckCommandTest.token("active", 365));
        stub("GET", JOBS).ok("[" + CheckCommandTest.healthy("name", longName) + "]");
        stub("GET", FIELDS).reply(200, CheckCommandTest.offered());
        terminal(100);
        CliResult r = run("check", "--zone", ZONE_ID, "--no-color").assertExit(0);
        List<String> lines = r.out().lines().filter(l -> !l.trim().startsWith("fix:")).toList();
        fits(lines, 100);
        String label = "job 147 (" + longName + ", firewall_events)";
        assertThat(r.out()).contains("\n" + label + "\n  ✓ enabled: Cloudflare is sending its logs\n")
                .contains("\n  ✓ timestamps: unixnano, as Sekoia's firewall_events parser reads\n");
        assertThat(r.out().split(java.util.regex.Pattern.quote(label), -1)).hasSize(2);
        assertThat(lines).anyMatch(l -> l.endsWith("…"));

        env.remove("LOGPUSH_FORCE_TTY");
        CliResult piped = run("check", "--zone", ZONE_ID).assertExit(0);
        assertThat(piped.out()).contains("✓ " + label + " enabled: Cloudflare is sending its logs\n")
                .contains(" options: the job uses logpull_options, which Cloudflare has deprecated for output_options "
                        + "(Sekoia reads both)\n");
    }
}
