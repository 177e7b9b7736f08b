package io.logpush.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Generates what the project derives from the picocli model: the completion scripts under
 * completions/, the command reference docs/commands.md, and man pages. Run by 'make completions' and
 * 'make docs'; the staleness tests compare the committed files with what this produces.
 */
public final class DocsTool {
    static final Map<String, String> COMPLETION_FILES = Map.of("bash", "logpush.bash", "zsh", "_logpush",
            "fish", "logpush.fish");

    private DocsTool() {
    }

    public static void main(String[] args) throws IOException {
        switch (args[0]) {
            case "completions" -> {
                Path dir = Path.of(args[1]);
                Files.createDirectories(dir);
                for (Map.Entry<String, String> e : COMPLETION_FILES.entrySet()) {
                    Files.writeString(dir.resolve(e.getValue()), completion(e.getKey()));
                }
            }
            case "reference" -> Files.writeString(Path.of(args[1]), reference());
            case "man" -> man(Path.of(args[1]));
            default -> throw new IllegalArgumentException("usage: DocsTool completions DIR | reference FILE | man DIR");
        }
    }

    static CommandLine commandLine() {
        StringWriter sink = new StringWriter();
        return Cli.build(new Context(new PrintWriter(sink), new PrintWriter(sink), Map.of(),
                Main.Terminal.none(InputStream.nullInputStream())));
    }

    /** What 'logpush completion SHELL' prints. */
    static String completion(String shell) {
        StringWriter out = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(new StringWriter()), Map.of(), "completion", shell);
        if (code != 0) {
            throw new IllegalStateException("logpush completion " + shell + " exited " + code);
        }
        return out.toString();
    }

    /** docs/commands.md: every command's synopsis, description, options and examples, without a version stamp. */
    static String reference() {
        CommandLine root = commandLine();
        StringBuilder sb = new StringBuilder();
        sb.append("# Command reference\n\n");
        sb.append("Generated from the code by `make docs`; a test fails when it is stale. Run `logpush COMMAND --help` "
                + "for the same text in a terminal.\n\n");
        List<CommandSpec> all = new ArrayList<>();
        all.add(root.getCommandSpec());
        root.getSubcommands().forEach((name, sub) -> {
            if (name.equals(sub.getCommandSpec().name()) && !name.equals("help")
                    && !sub.getCommandSpec().usageMessage().hidden()) {
                all.add(sub.getCommandSpec());
            }
        });
        for (CommandSpec spec : all) {
            sb.append("## `").append(spec.qualifiedName()).append("`\n\n");
            for (String h : spec.usageMessage().header()) {
                sb.append(text(h)).append("\n\n");
            }
            sb.append("```\n").append(spec.commandLine().getHelp().synopsis(0).trim()).append("\n```\n\n");
            for (String d : spec.usageMessage().description()) {
                sb.append(text(d)).append("\n\n");
            }
            if (!spec.positionalParameters().isEmpty() || !spec.options().isEmpty()) {
                sb.append("| option | description |\n|---|---|\n");
                for (PositionalParamSpec p : spec.positionalParameters()) {
                    sb.append("| `").append(p.paramLabel()).append("` | ").append(cell(p.description())).append(" |\n");
                }
                for (OptionSpec o : spec.options()) {
                    if (o.hidden()) {
                        continue;
                    }
                    String label = String.join(", ", o.names()) + (o.arity().max() > 0 ? " " + o.paramLabel() : "");
                    sb.append("| `").append(label).append("` | ").append(cell(o.description())).append(" |\n");
                }
                sb.append('\n');
            }
            if (spec.subcommands().isEmpty() && spec.usageMessage().footer().length > 0) {
                sb.append("Examples:\n\n```\n");
                for (String f : spec.usageMessage().footer()) {
                    if (f.startsWith("  ")) {
                        sb.append(f.substring(2)).append('\n');
                    }
                }
                sb.append("```\n\n");
            }
        }
        sb.append("## Exit codes\n\n| code | meaning |\n|---|---|\n");
        ExitCode.table().forEach((code, meaning) -> sb.append("| ").append(code).append(" | ").append(meaning).append(" |\n"));
        return sb.toString();
    }

    private static String text(String s) {
        return s.replace("%n", "\n").trim();
    }

    private static String cell(String[] description) {
        return String.join(" ", description).replace("%n", " ").replace("|", "\\|").trim();
    }

    /** Man pages: AsciiDoc from picocli-codegen, then roff through AsciidoctorJ's manpage backend. */
    static void man(Path dir) throws IOException {
        CommandLine root = commandLine();
        Path adoc = dir.resolve("adoc");
        Path man1 = dir.resolve("man1");
        Files.createDirectories(adoc);
        Files.createDirectories(man1);
        List<CommandSpec> all = new ArrayList<>();
        all.add(root.getCommandSpec());
        root.getSubcommands().forEach((name, sub) -> {
            if (name.equals(sub.getCommandSpec().name()) && !sub.getCommandSpec().usageMessage().hidden()) {
                all.add(sub.getCommandSpec());
            }
        });
        try (org.asciidoctor.Asciidoctor asciidoctor = org.asciidoctor.Asciidoctor.Factory.create()) {
            for (CommandSpec spec : all) {
                String name = spec.qualifiedName("-");
                Path file = adoc.resolve(name + ".adoc");
                try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                     PrintWriter pw = new PrintWriter(w)) {
                    picocli.codegen.docgen.manpage.ManPageGenerator.writeSingleManPage(pw, spec);
                }
                asciidoctor.convertFile(file.toFile(), org.asciidoctor.Options.builder()
                        .backend("manpage").toFile(man1.resolve(name + ".1").toFile())
                        .safe(org.asciidoctor.SafeMode.UNSAFE).build());
            }
        }
    }
}
