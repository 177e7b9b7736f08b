package io.logpush.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.logpush.testing.CliResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The completion scripts, driven in the real shells where they exist. */
class CompletionTest extends ApiTest {
    @TempDir
    Path dir;

    private static boolean onPath(String program) {
        for (String p : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(p, program))) {
                return true;
            }
        }
        return false;
    }

    /** Runs bash's completion function on {@code words} (the last one being completed) and returns COMPREPLY. */
    private List<String> bashComplete(String... words) throws IOException, InterruptedException {
        Path script = dir.resolve("logpush.bash");
        Files.writeString(script, run("completion", "bash").out());
        StringBuilder arr = new StringBuilder();
        for (String w : words) {
            arr.append(" '").append(w).append("'");
        }
        String cmd = "compopt() { :; }; source '" + script + "'; COMP_WORDS=(" + arr + "); COMP_CWORD="
                + (words.length - 1) + "; COMP_LINE=\"${COMP_WORDS[*]}\"; COMP_POINT=${#COMP_LINE}; "
                + "_complete_logpush; printf '%s\\n' \"${COMPREPLY[@]}\"";
        ProcessBuilder pb = new ProcessBuilder("bash", "--norc", "--noprofile", "-c", cmd).redirectErrorStream(true);
        pb.environment().put("PATH", dir + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return out.lines().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    @Test
    void bashCompletesSubcommandsRegionsAndDatasets() throws Exception {
        assumeTrue(onPath("bash"), "no bash on this machine: the bash completion test is skipped");
        assertThat(bashComplete("logpush", "cr")).containsExactly("create");
        assertThat(bashComplete("logpush", "create", "--region", ""))
                .containsExactly("fra1", "fra2", "mco1", "uae1", "usa1", "sgp1");
        assertThat(bashComplete("logpush", "fields", "--dataset", "fi")).containsExactly("firewall_events");
        assertThat(bashComplete("logpush", "create", "--timestamps", "rfc")).containsExactly("rfc3339", "rfc3339ms",
                "rfc3339ns");
        assertThat(bashComplete("logpush", "list", "-o", "")).containsExactly("table", "json");
        assertThat(bashComplete("logpush", "fields", "-o", "")).containsExactly("table", "json", "names");
        assertThat(bashComplete("logpush", "delete", "--y")).containsExactly("--yes");
    }

    @Test
    void bashCompletesFileNamesForTheFileOptions() throws Exception {
        assumeTrue(onPath("bash"), "no bash on this machine: the bash completion test is skipped");
        Files.writeString(dir.resolve("intake-key.txt"), "x");
        Path script = dir.resolve("logpush.bash");
        Files.writeString(script, run("completion", "bash").out());
        String cmd = "compopt() { :; }; cd '" + dir + "'; source '" + script + "'; "
                + "COMP_WORDS=(logpush create --intake-key-file intake); COMP_CWORD=3; _complete_logpush; "
                + "printf '%s\\n' \"${COMPREPLY[@]}\"";
        Process p = new ProcessBuilder("bash", "--norc", "--noprofile", "-c", cmd).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(20, TimeUnit.SECONDS);
        assertThat(out.trim()).isEqualTo("intake-key.txt");
    }

    @Test
    void zshScriptParses() throws Exception {
        assumeTrue(onPath("zsh"), "no zsh on this machine: the zsh syntax check is skipped");
        Path script = dir.resolve("_logpush");
        Files.writeString(script, run("completion", "zsh").out());
        Process p = new ProcessBuilder("zsh", "-n", script.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    @Test
    void zshAndFishScriptsCarryEveryCommandAndTheCatalogValues() {
        String zsh = run("completion", "zsh").out();
        assertThat(zsh).startsWith("#compdef logpush\n").contains("'create:Create a Logpush job")
                .contains("list|ls)").contains(":REGION:(fra1 fra2 mco1 uae1 usa1 sgp1)'")
                .contains("'--intake-key-file=[Read the intake key from FILE ('\\''-'\\'' for standard input); "
                        + "whitespace around it is trimmed]:FILE:_files'");
        String fish = run("completion", "fish").out();
        assertThat(fish).contains("-a create -d 'Create a Logpush job that sends a dataset to a Sekoia intake'")
                .contains("complete -c logpush -n '__fish_seen_subcommand_from create' -l region -r -f "
                        + "-a 'fra1 fra2 mco1 uae1 usa1 sgp1'")
                .contains("-l intake-key-file -r -F")
                .contains("complete -c logpush -n '__fish_seen_subcommand_from completion' -a 'bash zsh fish'");
    }

    @Test
    void unknownShellIsAUsageError() {
        CliResult r = run("completion", "powershell").assertExit(2);
        assertThat(r.err()).contains("expected one of [bash, zsh, fish]");
    }

    // Issue 18.18: each option completes its own values (two options once shared one bash variable).

    @Test
    void dashOCompletesOutputFormatsOnEveryCommand() throws Exception {
        assumeTrue(onPath("bash"), "no bash on this machine");
        PrintWriter sink = new PrintWriter(Writer.nullWriter());
        CommandLine cli = Cli.build(new Context(sink, sink, Map.of(), Main.Terminal.none(InputStream.nullInputStream())));
        int checked = 0;
        for (Map.Entry<String, CommandLine> e : cli.getSubcommands().entrySet()) {
            OptionSpec o = e.getValue().getCommandSpec().findOption("-o");
            if (o == null || o.completionCandidates() == null) {
                continue;
            }
            List<String> expected = new ArrayList<>();
            o.completionCandidates().forEach(v -> {
                if (OutputOptions.completes(o, v)) {
                    expected.add(v);
                }
            });
            assertThat(bashComplete("logpush", e.getKey(), "-o", "")).as(e.getKey() + " -o")
                    .containsExactlyElementsOf(expected);
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(8);
        assertThat(bashComplete("logpush", "create", "--timestamps", "")).contains("unixnano", "rfc3339")
                .doesNotContain("table");
        assertThat(bashComplete("logpush", "update", "-o", "")).containsExactly("table", "json");
        assertThat(bashComplete("logpush", "ls", "-o", "")).containsExactly("table", "json");
        assertThat(bashComplete("logpush", "check", "-o", "")).containsExactly("table", "json", "prometheus");
    }

    @Test
    void noCompletionFunctionDefinesAValueListTwice() {
        String script = run("completion", "bash").out();
        Pattern function = Pattern.compile("(?s)function (_picocli_[A-Za-z0-9_]+)\\(\\) \\{(.*?)\\n}");
        Pattern local = Pattern.compile("local ([A-Za-z0-9_]+_option_args)=");
        Matcher f = function.matcher(script);
        int functions = 0;
        while (f.find()) {
            functions++;
            Map<String, Integer> seen = new HashMap<>();
            Matcher l = local.matcher(f.group(2));
            while (l.find()) {
                seen.merge(l.group(1), 1, Integer::sum);
            }
            seen.forEach((name, n) -> assertThat(n).as(f.group(1) + " defines " + name).isEqualTo(1));
        }
        assertThat(functions).isGreaterThan(5);
    }

    // Issue 24: completion that knows the account, through the hidden 'logpush __complete'.

    /** A stub 'logpush' first on PATH: records its arguments, answers as __complete would, and writes to stderr. */
    private Path stubLogpush() throws IOException {
        Path stub = dir.resolve("logpush");
        Files.writeString(stub, """
                #!/bin/sh
                echo "$*" >> "$(dirname "$0")/calls"
                echo "noise that must not reach the terminal" >&2
                case "$2" in
                  zones) printf 'example.com\\nshop.example.org\\n' ;;
                  jobs) printf '12\\n147\\n' ;;
                  intakes) printf 'Cloudflare WAF\\nother\\n' ;;
                esac
                """);
        assertThat(stub.toFile().setExecutable(true)).isTrue();
        return dir.resolve("calls");
    }

    @Test
    void bashCompletesZonesJobIdsAndIntakeNamesFromTheAccount() throws Exception {
        assumeTrue(onPath("bash"), "no bash on this machine: the bash completion test is skipped");
        Path calls = stubLogpush();
        assertThat(bashComplete("logpush", "list", "--zone", "ex")).containsExactly("example.com");
        assertThat(bashComplete("logpush", "get", "--zone", ZONE_ID, "1")).containsExactly("12", "147");
        assertThat(bashComplete("logpush", "delete", "-a", ACCOUNT_ID, "")).containsExactly("12", "147");
        assertThat(bashComplete("logpush", "check", "")).containsExactly("12", "147");
        assertThat(bashComplete("logpush", "create", "--create-intake", "--intake-name", "Cl"))
                .containsExactly("Cloudflare\\ WAF");
        assertThat(Files.readAllLines(calls)).containsExactly("__complete zones", "__complete jobs --zone " + ZONE_ID,
                "__complete jobs -a " + ACCOUNT_ID, "__complete jobs", "__complete intakes");
        // static: no call
        assertThat(bashComplete("logpush", "create", "--output-option", "sa")).containsExactly("sample_rate=");
        assertThat(bashComplete("logpush", "update", "--output-option", "")).contains("CVE-2021-44228=",
                "output_type=", "merge_subrequests=");
        assertThat(Files.readAllLines(calls)).hasSize(5);
        // an option's value is not a job ID: no call while completing an option
        assertThat(bashComplete("logpush", "get", "--")).contains("--zone").doesNotContain("12");
        assertThat(Files.readAllLines(calls)).hasSize(5);
    }

    @Test
    void zshAndFishAskTheAccountForZonesJobsAndIntakes() {
        String zsh = run("completion", "zsh").out();
        assertThat(zsh).contains("_logpush_dynamic() {")
                .contains("$_logpush_prog __complete $1 $args 2>/dev/null </dev/null")
                .contains(":ZONE:_logpush_dynamic zones'").contains("'1:JOB_ID:_logpush_dynamic jobs'")
                .contains(":NAME:_logpush_dynamic intakes'")
                .contains(":KEY=VALUE:{compadd -S ").contains(" -- CVE-2021-44228= sample_rate=");
        String fish = run("completion", "fish").out();
        assertThat(fish).contains("function __logpush_dynamic\n")
                .contains("    $tokens[1] __complete $argv[1] $args 2>/dev/null </dev/null\n")
                .contains("complete -c logpush -n '__fish_seen_subcommand_from get' -a '(__logpush_dynamic jobs)'")
                .contains("-l zone -r -f -a '(__logpush_dynamic zones)'")
                .contains("-l intake-name -r -f -a '(__logpush_dynamic intakes)'")
                .contains("-l output-option -r -f -a 'CVE-2021-44228= sample_rate=");
        assertThat(run("completion", "bash").out() + zsh + fish).doesNotContain("'__complete'");
    }
}
