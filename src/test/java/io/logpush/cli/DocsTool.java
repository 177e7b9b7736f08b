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

import io.logpush.apply.ApplySchema;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Generates what the project derives from the picocli model: the completion scripts under
 * completions/, the command reference docs/commands.md, man pages, and (from apply's key table) the apply-file
 * schema docs/apply.schema.json. Run by 'make completions' and
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
            case "schema" -> Files.writeString(Path.of(args[1]), ApplySchema.json());
            case "models" -> Files.writeString(Path.of(args[1]), ModelGenerator.source());
            default -> throw new IllegalArgumentException("usage: DocsTool completions DIR | reference FILE | man DIR "
                    + "| schema FILE | models FILE");
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

    /**
     * picocli wraps a synopsis inside a negatable option ("[*--[no-]*" then "*   filter-attack-traffic*]" on the
     * next line), which the man page showed as "--[no-] * filter-attack-traffic*": put the option back together.
     */
    static String joinNegatable(String adoc) {
        return adoc.replaceAll("\\[\\*--\\[no-]\\*\\s*\\n(\\s*)\\*\\s+([A-Za-z0-9-]+)\\*]",
                "\n$1[*--[no-]$2*]");
    }

    /** The environment every command reads, for the ENVIRONMENT section of each page. */
    static final String[][] ENVIRONMENT = {
        {"CLOUDFLARE_API_TOKEN, CF_API_TOKEN", "the Cloudflare API token (or --api-token-file FILE)"},
        {"CLOUDFLARE_EMAIL, CLOUDFLARE_API_KEY", "the legacy global key, when no token is set"},
        {"CLOUDFLARE_ZONE_ID, CLOUDFLARE_ACCOUNT_ID", "the zone (ID or name) or account, for --zone and --account"},
        {"CLOUDFLARE_BASE_URL", "the Cloudflare API base, for --api-url"},
        {"SEKOIA_INTAKE_KEY, SEKOIA_REGION", "the intake key and Sekoia region of create"},
        {"SEKOIA_API_KEY, SEKOIA_API_URL", "Sekoia's API, for check's Sekoia side, intakes, --create-intake"},
        {"HTTPS_PROXY, ALL_PROXY, NO_PROXY", "the proxy, as curl reads them (lower case wins), for --proxy"},
        {"SSL_CERT_FILE, SSL_CERT_DIR", "CA certificates added to the runtime's, for --ca-cert"},
        {"NO_COLOR, TERM", "no colour when NO_COLOR is set and not empty, or TERM is dumb"},
        {"LOGPUSH_FORCE_TTY, LOGPUSH_RETRY_BASE_MS, LOGPUSH_DEBUG", "terminal behaviour on a pipe, the first "
            + "retry delay, stack traces of unexpected errors"},
    };

    /** ENVIRONMENT and SEE ALSO, appended to a command's page ({@code name}: "logpush-create"). */
    static String manSections(String name) {
        StringBuilder sb = new StringBuilder("\n== Environment\n\n");
        for (String[] e : ENVIRONMENT) {
            sb.append("*").append(e[0]).append("*::\n  ").append(e[1]).append(".\n\n");
        }
        sb.append("== See also\n\n");
        List<String> refs = new ArrayList<>();
        if (!name.equals("logpush")) {
            refs.add("*logpush*(1)");
        }
        if (name.equals("logpush") || name.equals("logpush-apply") || name.equals("logpush-export")
                || name.equals("logpush-check") || name.equals("logpush-list")) {
            refs.add("*logpush-apply*(5), the apply file");
        }
        sb.append(String.join(", ", refs)).append("\n");
        return sb.toString();
    }

    /**
     * logpush-apply(5), the apply file's reference, made from docs/apply.md (the one text of it) so that an install
     * without the repository has it: Markdown's headings, fences, tables, links and bold turned into AsciiDoc.
     */
    static String applyFilePage(String markdown, String version) {
        StringBuilder sb = new StringBuilder("= logpush-apply(5)\n:doctype: manpage\n:manmanual: Logpush Manual\n"
                + ":mansource: " + version.replace("\n", " ") + "\n\n== Name\n\nlogpush-apply - the file of desired "
                + "Logpush jobs that 'logpush apply', 'check -f', 'list -f' and 'export' read\n\n== Description\n\n");
        List<String> lines = markdown.lines().toList();
        boolean fence = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("```")) {
                sb.append(fence ? "----\n" : "[source]\n----\n");
                fence = !fence;
                continue;
            }
            if (fence) {
                sb.append(line).append('\n');
                continue;
            }
            if (i == 0 && line.startsWith("# ")) {
                continue; // the title: the page's name says it
            }
            if (line.startsWith("#")) {
                int level = line.indexOf(' ');
                sb.append("=".repeat(Math.min(level, 3))).append(' ').append(inline(line.substring(level + 1)))
                        .append("\n");
                continue;
            }
            if (line.startsWith("|")) {
                List<String> rows = new ArrayList<>();
                while (i < lines.size() && lines.get(i).startsWith("|")) {
                    rows.add(lines.get(i++));
                }
                i--;
                sb.append("[options=\"header\"]\n|===\n");
                for (String row : rows) {
                    if (row.matches("\\|[\\s|:-]+")) {
                        continue;
                    }
                    String[] cells = row.substring(1, row.endsWith("|") ? row.length() - 1 : row.length())
                            .split("(?<!\\\\)\\|", -1);
                    for (String c : cells) {
                        sb.append("| ").append(inline(c.trim().replace("\\|", "\\|"))).append(' ');
                    }
                    sb.append('\n');
                }
                sb.append("|===\n");
                continue;
            }
            sb.append(inline(line)).append('\n');
        }
        return sb.append("\n== See also\n\n*logpush-apply*(1), *logpush-export*(1), *logpush-check*(1), *logpush*(1)\n")
                .toString();
    }

    /** Markdown's inline marks as AsciiDoc: links as "text (URL)", **bold** as *bold*; `code` is the same. */
    private static String inline(String text) {
        return text.replaceAll("\\[([^\\]]+)]\\(([^)]+)\\)", "$1 ($2)").replaceAll("\\*\\*([^*]+)\\*\\*", "*$1*");
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
            Path man5 = dir.resolve("man5");
            Files.createDirectories(man5);
            Path applyPage = adoc.resolve("logpush-apply.5.adoc");
            Files.writeString(applyPage, applyFilePage(Files.readString(Path.of("docs", "apply.md")),
                    root.getCommandSpec().version()[0]), StandardCharsets.UTF_8);
            asciidoctor.convertFile(applyPage.toFile(), org.asciidoctor.Options.builder().backend("manpage")
                    .toFile(man5.resolve("logpush-apply.5").toFile()).safe(org.asciidoctor.SafeMode.UNSAFE).build());
            for (CommandSpec spec : all) {
                String name = spec.qualifiedName("-");
                Path file = adoc.resolve(name + ".adoc");
                java.io.StringWriter page = new java.io.StringWriter();
                try (PrintWriter pw = new PrintWriter(page)) {
                    picocli.codegen.docgen.manpage.ManPageGenerator.writeSingleManPage(pw, spec);
                }
                Files.writeString(file, joinNegatable(page.toString()) + manSections(name), StandardCharsets.UTF_8);
                asciidoctor.convertFile(file.toFile(), org.asciidoctor.Options.builder()
                        .backend("manpage").toFile(man1.resolve(name + ".1").toFile())
                        .safe(org.asciidoctor.SafeMode.UNSAFE).build());
            }
        }
    }
}
