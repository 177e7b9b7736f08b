package io.logpush.cli;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.logpush.jobs.JobSurface;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Shell completion scripts generated from the picocli model, so that a new option cannot ship without
 * its completion: bash from picocli's {@link AutoComplete}; zsh ({@code #compdef} function for
 * site-functions) and fish from this class, which picocli has no generator for.
 */
final class Completions {
    private Completions() {
    }

    /**
     * What the account completes, through the hidden {@code logpush __complete KIND}: --zone the zone names,
     * --intake-name Sekoia's intake names, JOB_ID the job IDs of the zone or account on the line; else null.
     */
    static CompleteCommand.Kind dynamic(CommandLine.Model.ArgSpec a) {
        if (a instanceof OptionSpec o) {
            List<String> names = List.of(o.names());
            return names.contains("--zone") ? CompleteCommand.Kind.zones
                    : names.contains("--intake-name") ? CompleteCommand.Kind.intakes : null;
        }
        return a instanceof PositionalParamSpec p && p.paramLabel().equals("JOB_ID") ? CompleteCommand.Kind.jobs : null;
    }

    /** --output-option completes its keys, each with "=" and no space after (JobSurface's table). */
    static final String OUTPUT_OPTION = "--output-option";

    static List<String> outputOptionKeys() {
        return JobSurface.keys().stream().map(k -> k + "=").toList();
    }

    /**
     * Runs {@code logpush __complete KIND} with the --zone, --account and --api-url of the line: stderr and stdin
     * closed, so that nothing but candidates reaches the terminal (credentials stay in the environment).
     */
    private static final String BASH_DYNAMIC = """

            # Candidates from the account: 'logpush __complete zones|jobs|intakes', bounded (2 s) and silent.
            function _logpush_dynamic() {
              local kind=$1 i w args=()
              for (( i=2; i < COMP_CWORD; i++ )); do
                w=${COMP_WORDS[i]}
                case $w in
                  -z|--zone|-a|--account|--api-url)
                    if [[ ${COMP_WORDS[i+1]} == "=" ]]; then (( i++ )); fi
                    (( i + 1 < COMP_CWORD )) && args+=("$w" "${COMP_WORDS[i+1]}") ;;
                esac
              done
              "${COMP_WORDS[0]}" __complete "$kind" "${args[@]}" 2>/dev/null </dev/null
            }
            """;

    static String bash(CommandLine root) {
        String script = AutoComplete.bash("logpush", root);
        for (CommandSpec sub : subcommands(root.getCommandSpec())) {
            String head = "function _picocli_logpush_" + sub.name() + "() {\n";
            int start = script.indexOf(head);
            int end = start < 0 ? -1 : script.indexOf("\n}\n", start);
            if (end < 0) {
                throw new IllegalStateException("no bash completion function for " + sub.name());
            }
            String f = script.substring(start, end);
            for (OptionSpec o : sub.options()) {
                CompleteCommand.Kind kind = dynamic(o);
                boolean keys = o.longestName().equals(OUTPUT_OPTION);
                if (o.hidden() || kind == null && !keys) {
                    continue;
                }
                String branch = "    '" + String.join("'|'", o.names()) + "')\n      return\n      ;;";
                if (!f.contains(branch)) {
                    throw new IllegalStateException("picocli's bash script changed: no '" + branch + "' in "
                            + sub.name());
                }
                String words = keys ? "\"" + String.join(" ", outputOptionKeys()) + "\""
                        : "\"$(_logpush_dynamic " + kind + ")\"";
                f = f.replace(branch, "    '" + String.join("'|'", o.names()) + "')\n"
                        + "      local IFS=$'\\n'\n"
                        + (keys ? "      type compopt &>/dev/null && compopt -o nospace\n      IFS=' '\n" : "")
                        + "      COMPREPLY=( $(compgen -W " + words + " -- \"${curr_word}\") )\n"
                        + (kind == CompleteCommand.Kind.intakes
                            ? "      COMPREPLY=( \"${COMPREPLY[@]// /\\\\ }\" ) # names with spaces\n" : "")
                        + "      return 0\n      ;;");
            }
            for (PositionalParamSpec p : sub.positionalParameters()) {
                if (!p.hidden() && dynamic(p) != null) {
                    String none = "    local positionals=\"\"\n";
                    if (!f.contains(none)) {
                        throw new IllegalStateException("picocli's bash script changed: no positionals in " + sub.name());
                    }
                    f = f.replace(none, "    local positionals=$(_logpush_dynamic " + dynamic(p) + ")\n");
                }
            }
            script = script.substring(0, start) + f + script.substring(end);
        }
        script = onlyCheckCompletesPrometheus(script);
        return "# bash completion for logpush. Load it with: source <(logpush completion bash)\n"
                + "# or save it as ~/.local/share/bash-completion/completions/logpush\n"
                + script + BASH_DYNAMIC;
    }

    /**
     * picocli's bash script lists -o's values per command (aliases included) from the option's type: -o prometheus
     * is check's alone ({@link OutputOptions#completes}).
     */
    private static String onlyCheckCompletesPrometheus(String script) {
        String all = Arrays.stream(OutputOptions.Format.values()).map(v -> "\"" + v + "\"")
                .collect(Collectors.joining(" ", "(", ") # --output values"));
        String others = Arrays.stream(OutputOptions.Format.values())
                .filter(v -> v != OutputOptions.Format.prometheus).map(v -> "\"" + v + "\"")
                .collect(Collectors.joining(" ", "(", ") # --output values"));
        String[] functions = script.split("(?=function _picocli_logpush_)", -1);
        StringBuilder sb = new StringBuilder();
        for (String f : functions) {
            sb.append(f.startsWith("function _picocli_logpush_" + OutputOptions.PROMETHEUS_COMMAND + "() {")
                    ? f : f.replace(all, others));
        }
        return sb.toString();
    }

    static String zsh(CommandSpec root) {
        StringBuilder sb = new StringBuilder();
        sb.append("#compdef logpush\n");
        sb.append("# zsh completion for logpush, generated by 'logpush completion zsh'; do not edit.\n");
        sb.append("# Save it as _logpush in a directory of $fpath (e.g. ~/.zfunc, with fpath+=~/.zfunc before compinit).\n\n");
        sb.append("# Candidates from the account: 'logpush __complete zones|jobs|intakes', bounded (2 s) and silent.\n");
        sb.append("_logpush_dynamic() {\n");
        sb.append("  local -a args candidates\n  local o\n");
        sb.append("  for o in -z --zone -a --account --api-url; do\n");
        sb.append("    [[ -n ${opt_args[$o]} ]] && args+=($o ${(Q)opt_args[$o]})\n  done\n");
        sb.append("  candidates=(${(f)\"$($_logpush_prog __complete $1 $args 2>/dev/null </dev/null)\"})\n");
        sb.append("  compadd -a candidates\n}\n\n");
        sb.append("_logpush() {\n");
        sb.append("  local _logpush_prog=$words[1]\n");
        sb.append("  local -a commands\n  commands=(\n");
        for (CommandSpec sub : subcommands(root)) {
            sb.append("    ").append(zshQuote(sub.name() + ":" + summary(sub).replace(":", "\\:"))).append('\n');
        }
        sb.append("  )\n");
        sb.append("  if (( CURRENT == 2 )); then\n");
        sb.append("    _describe -t commands 'logpush command' commands\n");
        sb.append("    return\n  fi\n");
        sb.append("  local cmd=$words[2]\n  shift words\n  (( CURRENT-- ))\n");
        sb.append("  case $cmd in\n");
        for (CommandSpec sub : subcommands(root)) {
            List<String> names = new ArrayList<>();
            names.add(sub.name());
            names.addAll(List.of(sub.aliases()));
            sb.append("    ").append(String.join("|", names)).append(")\n");
            sb.append("      _arguments -s");
            for (OptionSpec o : sub.options()) {
                if (!o.hidden()) {
                    sb.append(" \\\n        ").append(zshOption(o));
                }
            }
            for (PositionalParamSpec p : sub.positionalParameters()) {
                if (!p.hidden()) {
                    int index = p.index().min() + 1;
                    sb.append(" \\\n        ").append(zshQuote(index + ":" + p.paramLabel() + ":" + zshAction(p)));
                }
            }
            sb.append("\n      ;;\n");
        }
        sb.append("  esac\n}\n\n_logpush \"$@\"\n");
        return sb.toString();
    }

    private static String zshOption(OptionSpec o) {
        String desc = "[" + summary(o).replace("[", "\\[").replace("]", "\\]") + "]";
        boolean takesArg = o.arity().max() > 0;
        String arg = takesArg ? ":" + o.paramLabel().replace(":", "") + ":" + zshAction(o) : "";
        String[] names = o.names();
        if (names.length == 1) {
            return zshQuote(names[0] + (takesArg && names[0].startsWith("--") ? "=" : "") + desc + arg);
        }
        String exclusion = "(" + String.join(" ", names) + ")";
        List<String> forms = new ArrayList<>();
        for (String n : names) {
            forms.add(n + (takesArg && n.startsWith("--") ? "=" : ""));
        }
        return zshQuote(exclusion) + "{" + String.join(",", forms) + "}" + zshQuote(desc + arg);
    }

    private static String zshAction(CommandLine.Model.ArgSpec a) {
        if (isFile(a)) {
            return "_files";
        }
        if (dynamic(a) != null) {
            return "_logpush_dynamic " + dynamic(a);
        }
        if (a instanceof OptionSpec o && o.longestName().equals(OUTPUT_OPTION)) {
            return "{compadd -S '' -- " + String.join(" ", outputOptionKeys()) + "}";
        }
        List<String> candidates = candidates(a);
        return candidates.isEmpty() ? "" : "(" + String.join(" ", candidates) + ")";
    }

    private static String zshQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** The fish script: one long template, kept in one piece so that it reads as the script it writes. */
    static String fish(CommandSpec root) {
        StringBuilder sb = new StringBuilder();
        sb.append("# fish completion for logpush, generated by 'logpush completion fish'; do not edit.\n");
        sb.append("# Save it as ~/.config/fish/completions/logpush.fish\n\n");
        sb.append("complete -c logpush -f\n\n");
        sb.append("# Candidates from the account: 'logpush __complete zones|jobs|intakes', bounded (2 s) and silent.\n");
        sb.append("function __logpush_dynamic\n");
        sb.append("    set -l tokens (commandline -opc)\n");
        sb.append("    set -l args\n");
        sb.append("    for i in (seq 2 (math (count $tokens) - 1))\n");
        sb.append("        if contains -- $tokens[$i] -z --zone -a --account --api-url\n");
        sb.append("            set -a args $tokens[$i] $tokens[(math $i + 1)]\n");
        sb.append("        end\n");
        sb.append("    end\n");
        sb.append("    $tokens[1] __complete $argv[1] $args 2>/dev/null </dev/null\n");
        sb.append("end\n\n");
        List<String> allNames = new ArrayList<>();
        for (CommandSpec sub : subcommands(root)) {
            allNames.add(sub.name());
            allNames.addAll(List.of(sub.aliases()));
        }
        String noSub = "not __fish_seen_subcommand_from " + String.join(" ", allNames);
        for (CommandSpec sub : subcommands(root)) {
            sb.append("complete -c logpush -n ").append(fishQuote(noSub)).append(" -a ").append(sub.name())
                    .append(" -d ").append(fishQuote(summary(sub))).append('\n');
        }
        for (CommandSpec sub : subcommands(root)) {
            List<String> names = new ArrayList<>();
            names.add(sub.name());
            names.addAll(List.of(sub.aliases()));
            String cond = fishQuote("__fish_seen_subcommand_from " + String.join(" ", names));
            for (OptionSpec o : sub.options()) {
                if (o.hidden()) {
                    continue;
                }
                sb.append("complete -c logpush -n ").append(cond);
                for (String n : o.names()) {
                    sb.append(n.startsWith("--") ? " -l " + n.substring(2) : " -s " + n.substring(1));
                }
                if (o.arity().max() > 0) {
                    sb.append(" -r");
                    if (isFile(o)) {
                        sb.append(" -F");
                    } else if (dynamic(o) != null) {
                        sb.append(" -f -a ").append(fishQuote("(__logpush_dynamic " + dynamic(o) + ")"));
                    } else if (o.longestName().equals(OUTPUT_OPTION)) {
                        sb.append(" -f -a ").append(fishQuote(String.join(" ", outputOptionKeys())));
                    } else {
                        List<String> c = candidates(o);
                        sb.append(" -f");
                        if (!c.isEmpty()) {
                            sb.append(" -a ").append(fishQuote(String.join(" ", c)));
                        }
                    }
                }
                sb.append(" -d ").append(fishQuote(summary(o))).append('\n');
            }
            for (PositionalParamSpec p : sub.positionalParameters()) {
                List<String> c = candidates(p);
                if (!p.hidden() && dynamic(p) != null) {
                    sb.append("complete -c logpush -n ").append(cond).append(" -a ")
                            .append(fishQuote("(__logpush_dynamic " + dynamic(p) + ")")).append('\n');
                } else if (!p.hidden() && !c.isEmpty()) {
                    sb.append("complete -c logpush -n ").append(cond).append(" -a ")
                            .append(fishQuote(String.join(" ", c))).append('\n');
                }
            }
        }
        return sb.toString();
    }

    private static String fishQuote(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static List<CommandSpec> subcommands(CommandSpec root) {
        List<CommandSpec> out = new ArrayList<>();
        for (Map.Entry<String, CommandLine> e : root.subcommands().entrySet()) {
            CommandSpec s = e.getValue().getCommandSpec();
            if (e.getKey().equals(s.name()) && !s.usageMessage().hidden()) {
                out.add(s);
            }
        }
        return out;
    }

    private static boolean isFile(CommandLine.Model.ArgSpec a) {
        Class<?> t = a.type();
        return t == Path.class || t == File.class;
    }

    private static List<String> candidates(CommandLine.Model.ArgSpec a) {
        List<String> out = new ArrayList<>();
        Iterable<String> c = a.completionCandidates();
        if (c != null) {
            c.forEach(v -> {
                if (OutputOptions.completes(a, v)) {
                    out.add(v);
                }
            });
        }
        return out;
    }

    /** The first sentence of a command's header or an option's description, without picocli markup. */
    private static String summary(CommandSpec s) {
        String[] header = s.usageMessage().header();
        return firstSentence(header.length > 0 ? header[0] : s.usageMessage().description().length > 0
                ? s.usageMessage().description()[0] : s.name());
    }

    private static String summary(OptionSpec o) {
        return firstSentence(o.description().length > 0 ? o.description()[0] : o.longestName());
    }

    static String firstSentence(String text) {
        String t = text.replace("%n", " ").replaceAll("\\s+", " ").trim();
        int dot = t.indexOf(". ");
        if (dot > 0) {
            t = t.substring(0, dot);
        }
        if (t.endsWith(".")) {
            t = t.substring(0, t.length() - 1);
        }
        return t.length() > 90 ? t.substring(0, 89).trim() + "…" : t;
    }
}
