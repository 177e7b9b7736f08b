package io.logpush.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.logpush.model.LogpushException;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;

/** Builds the command line: subcommands, exit codes, and the one place where errors become output. */
final class Cli {
    private Cli() {
    }

    /** The command line with every subcommand (help, completion, documentation). */
    static CommandLine build(Context context) {
        return build(context, null);
    }

    /**
     * The picocli model of the commands, built by code: CommandModels, which 'make completions' generates from the
     * annotations (ModelGenerator; CommandModelsTest compares the two models). Reading the annotations is most of a
     * run's start-up: the JDK makes a proxy class for each annotation type, and picocli walks every class by
     * reflection. Without CommandModels (deleted because it no longer compiles), the commands read their annotations.
     */
    interface Models {
        /** The model of the root command, for {@code c}. */
        CommandSpec root(LogpushCommand c);

        /** The model of subcommand {@code name} under {@code parent}, or null for one read from its annotations. */
        CommandSpec subcommand(String name, LogpushCommand parent);
    }

    private static final Models MODELS = generatedModels();

    /** CommandModels, or null when it is absent. */
    static Models generatedModels() {
        try {
            return (Models) Class.forName(Cli.class.getPackageName() + ".CommandModels").getDeclaredConstructor()
                    .newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    /** The command line with the subcommands {@code args} can reach: all of them, or just the one named. */
    static CommandLine build(Context context, String[] args) {
        return build(context, args, MODELS);
    }

    /** As {@link #build(Context, String[])}, with the given models (null: read from the annotations). */
    static CommandLine build(Context context, String[] args, Models models) {
        LogpushCommand root = new LogpushCommand(context);
        CommandLine cli = new CommandLine(models != null ? models.root(root) : root);
        for (Map.Entry<String, Class<?>> e : LogpushCommand.SUBCOMMANDS.entrySet()) {
            if (args == null || needs(args, e.getKey())) {
                CommandSpec sub = models != null ? models.subcommand(e.getKey(), root) : null;
                cli.addSubcommand(e.getKey(), sub != null ? new CommandLine(sub) : e.getValue());
            }
        }
        for (CommandLine sub : cli.getSubcommands().values()) {
            dropVersionOption(sub.getCommandSpec());
        }
        cli.setOut(context.out());
        cli.setErr(context.err());
        cli.setColorScheme(Help.defaultColorScheme(context.color(false) ? Help.Ansi.ON : Help.Ansi.OFF));
        cli.setAbbreviatedOptionsAllowed(false);
        cli.setUsageHelpWidth(100);
        cli.setExitCodeExceptionMapper(ExitCode::of);
        cli.setExecutionExceptionHandler((ex, cmd, parseResult) -> report(context, ex, cmd));
        cli.setParameterExceptionHandler((ex, unused) -> usageError(context, ex));
        applyExitCodeList(cli);
        return cli;
    }

    /**
     * Whether a command line needs subcommand {@code name}: yes when it names it (or an alias of it),
     * and for every subcommand when it names none but asks for help or nothing, names 'help' or
     * 'completion', or names something unknown (so that picocli can suggest the closest).
     */
    static boolean needs(String[] args, String name) {
        String first = null;
        for (String a : args) {
            if (!a.startsWith("-")) {
                first = a;
                break;
            }
        }
        if (first == null) {
            boolean help = args.length == 0;
            for (String a : args) {
                help |= a.equals("-h") || a.equals("--help");
            }
            return help;
        }
        String named = LogpushCommand.ALIASES.getOrDefault(first, first);
        if (!LogpushCommand.SUBCOMMANDS.containsKey(named) || named.equals("help") || named.equals("completion")) {
            return true;
        }
        return named.equals(name);
    }

    /**
     * A subcommand's -V/--version (from mixinStandardHelpOptions) would print nothing, since only the root has
     * the version provider: the version is 'logpush --version', and subcommands keep -h/--help only.
     */
    private static void dropVersionOption(CommandSpec spec) {
        CommandLine.Model.OptionSpec version = spec.findOption("--version");
        if (version != null && version.versionHelp()) {
            spec.remove(version);
        }
    }

    private static void applyExitCodeList(CommandLine cmd) {
        CommandSpec spec = cmd.getCommandSpec();
        spec.usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCode.table());
        for (CommandLine sub : cmd.getSubcommands().values()) {
            applyExitCodeList(sub);
        }
    }

    /**
     * A command line picocli cannot parse: the tool's own one-line error (never picocli's wording, such as
     * "Unmatched argument at index 0") and one hint (the closest command or option, and where the help is).
     */
    private static int usageError(Context context, CommandLine.ParameterException ex) {
        PrintWriter err = context.err();
        CommandLine cmd = ex.getCommandLine();
        String name = cmd.getCommandSpec().qualifiedName();
        String help = "see '" + name + " --help'";
        String message = wording(ex);
        String hint = help;
        if (ex instanceof CommandLine.UnmatchedArgumentException u) {
            if (u.getUnmatched().stream().anyMatch(a -> a.equals("--version") || a.equals("-V"))) {
                hint = "the version is 'logpush --version'";
            } else {
                List<String> near = u.getSuggestions();
                if (!near.isEmpty()) {
                    boolean commands = u.isUnknownOption() ? false : !near.get(0).startsWith("-");
                    String listed = near.stream().limit(3).map(s -> "'" + (commands ? name + " " + s : s) + "'")
                            .collect(Collectors.joining(" or "));
                    hint = "did you mean " + listed + "? (" + help + ")";
                }
            }
        }
        err.println("logpush: error: " + context.safe(message));
        err.println("hint: " + context.safe(hint));
        err.flush();
        return ExitCode.USAGE.code();
    }

    /** picocli's message of a parse error in the tool's words, on one line. */
    static String wording(CommandLine.ParameterException ex) {
        String m = ex.getMessage() == null ? "invalid command line" : ex.getMessage().strip()
                .replaceAll("\\s*\\R\\s*", " ");
        m = m.replaceFirst("^Error: ", "");
        if (ex instanceof CommandLine.UnmatchedArgumentException u) {
            List<String> unmatched = u.getUnmatched();
            String first = unmatched.isEmpty() ? "" : unmatched.get(0);
            if (u.isUnknownOption() || first.startsWith("-")) {
                List<String> options = unmatched.stream().filter(a -> a.startsWith("-")).toList();
                return "unknown option" + (options.size() > 1 ? "s " : " ")
                        + options.stream().map(a -> "'" + a + "'").collect(Collectors.joining(", "));
            }
            if (ex.getCommandLine().getParent() == null && !ex.getCommandLine().getSubcommands().isEmpty()) {
                return "unknown command '" + first + "'";
            }
            return "unexpected argument" + (unmatched.size() > 1 ? "s " : " ")
                    + unmatched.stream().map(a -> "'" + a + "'").collect(Collectors.joining(", "));
        }
        if (ex instanceof CommandLine.MutuallyExclusiveArgsException || m.startsWith("expected only one match")) {
            List<String> names = new ArrayList<>();
            Matcher o = Pattern.compile("--[A-Za-z0-9][A-Za-z0-9-]*").matcher(m);
            while (o.find()) {
                if (!names.contains(o.group())) {
                    names.add(o.group());
                }
            }
            return names.size() >= 2 ? "give " + String.join(" or ", names) + ", not both"
                    : names.size() == 1 ? "give " + names.get(0) + " once" : "conflicting options";
        }
        Matcher v = Pattern.compile("^Invalid value for option '([^']+)': (.*)$").matcher(m);
        if (v.matches()) {
            return "invalid value for " + v.group(1) + ": " + v.group(2).replaceAll("'([^']*)' is not an int",
                    "'$1' is not a whole number").replaceAll(" \\(case-sensitive\\)", "");
        }
        Matcher p = Pattern.compile("^Invalid value for positional parameter at index \\d+ \\(([^)]+)\\): (.*)$")
                .matcher(m);
        if (p.matches()) {
            return "invalid " + p.group(1) + ": " + p.group(2);
        }
        Matcher mp = Pattern.compile("^Missing required parameter for option '([^']+)' \\(([^)]+)\\)$").matcher(m);
        if (mp.matches()) {
            return mp.group(1) + " needs a value (" + mp.group(2) + ")";
        }
        Matcher mo = Pattern.compile("^Missing required (?:option|options|parameter|parameters|argument)s?"
                + "(?: \\(specify one of these\\))?: (.*)$").matcher(m);
        if (mo.matches()) {
            return "missing " + mo.group(1).replace("'", "").replace("=", " ");
        }
        return m.isEmpty() ? m : Character.toLowerCase(m.charAt(0)) + m.substring(1);
    }

    /**
     * The one place where an exception becomes output: a {@link LogpushException} is the tool's own, expected
     * error, printed as one line and its hint, never with a trace (-v is the HTTP log, not a debugger). Anything
     * else is a bug: one line, the hint to report it, and the stack trace only when LOGPUSH_DEBUG is set.
     */
    private static int report(Context context, Exception ex, CommandLine cmd) {
        PrintWriter err = context.err();
        if (ex instanceof LogpushException le) {
            err.println("logpush: error: " + context.safe(le.getMessage()));
            if (le.hint() != null) {
                err.println("hint: " + context.safe(le.hint()));
            }
        } else {
            err.println("logpush: error: " + context.safe(ex.getClass().getSimpleName()
                    + (ex.getMessage() != null ? ": " + ex.getMessage() : "")));
            boolean debug = context.env("LOGPUSH_DEBUG") != null;
            if (debug) {
                StringWriter trace = new StringWriter();
                ex.printStackTrace(new PrintWriter(trace));
                err.print(context.safe(trace.toString()));
            } else {
                err.println("hint: this is a bug in logpush; rerun with LOGPUSH_DEBUG=1 and report the output");
            }
        }
        err.flush();
        return ExitCode.of(ex);
    }
}
