package io.logpush.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
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

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** Issue 18.18: each option completes its own values (two options once shared one bash variable). */
class CompletionOptionValuesTest extends ApiTest {
    @TempDir
    Path dir;

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
        Process p = new ProcessBuilder("bash", "--norc", "--noprofile", "-c", cmd).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return out.lines().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static boolean bashOnPath() {
        for (String p : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(p, "bash"))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void dashOCompletesOutputFormatsOnEveryCommand() throws Exception {
        assumeTrue(bashOnPath(), "no bash on this machine");
        CommandLine cli = Cli.build(new Context(new java.io.PrintWriter(java.io.Writer.nullWriter()),
                new java.io.PrintWriter(java.io.Writer.nullWriter()), Map.of(), Main.Terminal.none(
                java.io.InputStream.nullInputStream())));
        int checked = 0;
        for (Map.Entry<String, CommandLine> e : cli.getSubcommands().entrySet()) {
            OptionSpec o = e.getValue().getCommandSpec().findOption("-o");
            if (o == null || o.completionCandidates() == null) {
                continue;
            }
            List<String> expected = new ArrayList<>();
            o.completionCandidates().forEach(expected::add);
            assertThat(bashComplete("logpush", e.getKey(), "-o", "")).as(e.getKey() + " -o")
                    .containsExactlyElementsOf(expected);
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(8);
        assertThat(bashComplete("logpush", "create", "--timestamps", "")).contains("unixnano", "rfc3339")
                .doesNotContain("table");
        assertThat(bashComplete("logpush", "update", "-o", "")).containsExactly("table", "json");
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
}
