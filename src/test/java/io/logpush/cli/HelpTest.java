package io.logpush.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.util.Map;

import io.logpush.testing.CliResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HelpTest extends ApiTest {
    @ParameterizedTest
    @ValueSource(strings = {"datasets", "fields", "list", "get", "create", "update", "enable", "disable", "delete",
        "check", "apply"})
    void everyCommandHasADescriptionExamplesAndTheExitCodes(String command) {
        CliResult r = run(command, "--help").assertExit(0);
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("Usage: logpush " + command).contains("Examples:%n  logpush ".formatted())
                .contains("Exit codes:").contains("  6     Conflict:").contains("  7     Changes pending:")
                .contains("  130   Interrupted (Ctrl-C, SIGINT)").contains("  143   Terminated (SIGTERM)").contains("-o, --output=FORMAT");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void optionsShowDefaultsAndAllowedValues() {
        CliResult fields = run("fields", "--help");
        assertThat(fields.out().replaceAll("\\s+", " ")).contains("Default: firewall_events").contains("Default: table")
                .contains("Env: CLOUDFLARE_ZONE_ID").contains("Default: 30");
        CliResult create = run("create", "--help");
        assertThat(create.out().replaceAll("\\s+", " ")).contains("Sekoia region: fra1, fra2, mco1, uae1, usa1, sgp1")
                .contains("Timestamp format: unixnano, unix, rfc3339, rfc3339ms, rfc3339ns");
    }

    @Test
    void theSubcommandTableMatchesTheAnnotations() {
        LogpushCommand.SUBCOMMANDS.forEach((name, type) -> {
            picocli.CommandLine.Command c = type.getAnnotation(picocli.CommandLine.Command.class);
            assertThat(c.name()).isEqualTo(name);
            for (String alias : c.aliases()) {
                assertThat(LogpushCommand.ALIASES).containsEntry(alias, name);
            }
        });
        assertThat(LogpushCommand.SUBCOMMANDS.keySet()).containsAll(LogpushCommand.ALIASES.values());
    }

    @Test
    void aMistypedCommandGetsSuggestions() {
        CliResult r = run("lst", "--zone", ZONE_ID).assertExit(2);
        assertThat(r.err()).contains("hint: Did you mean: logpush ls or logpush list?");
    }

    @Test
    void noArgumentsPrintsTheOverview() {
        CliResult r = run().assertExit(0);
        assertThat(r.out()).contains("Commands:").contains("create").contains("Exit codes:");
    }

    @Test
    void versionAnsweredBeforeTheCommandLineIsBuiltIsWhatPicocliPrints() {
        java.io.StringWriter picocli = new java.io.StringWriter();
        PrintWriter w = new PrintWriter(picocli);
        Cli.build(new Context(w, w, Map.of(), Main.Terminal.none(java.io.InputStream.nullInputStream())))
                .printVersionHelp(w);
        assertThat(run("--version").assertExit(0).out()).isEqualTo(picocli.toString());
        assertThat(run("-V").assertExit(0).out()).isEqualTo(picocli.toString());
    }

    @Test
    void versionNamesTheToolAndTheRuntime() {
        CliResult r = run("--version").assertExit(0);
        assertThat(r.out()).matches("(?s)logpush \\d+\\.\\d+\\.\\d+.*\nJava \\d+.*\n");
    }
}
