package io.logpush.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.logpush.testing.CliResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

class HelpTest extends ApiTest {
    /** Every subcommand of the picocli model that help shows (not the hidden {@code __complete}), aliases once. */
    static List<String> commands() {
        Set<String> names = new LinkedHashSet<>();
        model().getSubcommands().values().stream().map(CommandLine::getCommandSpec)
                .filter(spec -> !spec.usageMessage().hidden()).forEach(spec -> names.add(spec.name()));
        return List.copyOf(names);
    }

    /** The whole command tree, as help and the completion scripts see it. */
    private static CommandLine model() {
        PrintWriter sink = new PrintWriter(Writer.nullWriter());
        return Cli.build(new Context(sink, sink, Map.of(), Main.Terminal.none(InputStream.nullInputStream())));
    }

    @Test
    void theCommandsIterated() {
        assertThat(commands()).hasSize(LogpushCommand.SUBCOMMANDS.size() - 1).doesNotContain("__complete")
                .contains("datasets", "apply", "export", "intakes", "sandbox", "completion", "help");
    }

    @ParameterizedTest
    @MethodSource("commands")
    void everyCommandHasADescriptionExamplesAndTheExitCodes(String command) {
        CliResult r = run(command, "--help").assertExit(0);
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("Usage: logpush " + command).contains("Exit codes:")
                .contains("  6     Conflict:").contains("  7     Changes pending:")
                .contains("  130   Interrupted (Ctrl-C, SIGINT)").contains("  143   Terminated (SIGTERM)");
        if (!command.equals("help")) { // picocli's own help command has no examples section to give
            assertThat(r.out()).contains("Examples:%n  logpush ".formatted());
        }
        CommandSpec spec = model().getSubcommands().get(command).getCommandSpec();
        if (spec.findOption("--output") != null) {
            assertThat(r.out()).contains("-o, --output=FORMAT");
        }
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
            CommandLine.Command c = type.getAnnotation(CommandLine.Command.class);
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
        assertThat(r.err()).isEqualTo("logpush: error: unknown command 'lst'\n"
                + "hint: did you mean 'logpush ls' or 'logpush list'? (see 'logpush --help')\n");
    }

    @Test
    void noArgumentsIsAShortUsageAndExit2() {
        CliResult r = run().assertExit(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("Usage: logpush COMMAND [OPTIONS]\nCommands: datasets, fields, list,")
                .endsWith("hint: 'logpush --help' describes them; 'logpush COMMAND --help' shows a command's options\n");
        CliResult help = run("--help").assertExit(0);
        assertThat(help.out()).contains("Commands:").contains("create").contains("Exit codes:");
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

    // 18.19: ${VARIABLE} in help is printed as written, never "null"

    @Test
    void applyHelpShowsVariableNotNull() {
        CliResult r = run("apply", "--help").assertExit(0);
        assertThat(r.out()).contains("${VARIABLE}").doesNotContain("null");
    }
}
