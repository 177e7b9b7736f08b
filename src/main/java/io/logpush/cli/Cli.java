package io.logpush.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

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

    /** The command line with the subcommands {@code args} can reach: all of them, or just the one named. */
    static CommandLine build(Context context, String[] args) {
        CommandLine cli = new CommandLine(new LogpushCommand(context));
        for (Map.Entry<String, Class<?>> e : LogpushCommand.SUBCOMMANDS.entrySet()) {
            if (args == null || needs(args, e.getKey())) {
                cli.addSubcommand(e.getKey(), e.getValue());
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

    private static int usageError(Context context, CommandLine.ParameterException ex) {
        PrintWriter err = context.err();
        CommandLine cmd = ex.getCommandLine();
        String message = ex.getMessage() == null ? "invalid command line" : ex.getMessage().strip();
        err.println("logpush: error: " + context.redactor().redact(message.replaceAll("\\s*\\R\\s*", " ")));
        StringWriter suggestions = new StringWriter();
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, new PrintWriter(suggestions));
        String s = suggestions.toString().trim();
        boolean version = ex instanceof CommandLine.UnmatchedArgumentException u
                && u.getUnmatched().stream().anyMatch(a -> a.equals("--version") || a.equals("-V"));
        if (version) {
            err.println("hint: the version is 'logpush --version'");
        } else if (!s.isEmpty()) {
            err.println("hint: " + s.replaceAll("\\s+", " "));
        }
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        return ExitCode.USAGE.code();
    }

    /**
     * The one place where an exception becomes output: a {@link LogpushException} is the tool's own, expected
     * error, printed as one line and its hint, never with a trace (-v is the HTTP log, not a debugger). Anything
     * else is a bug: one line, the hint to report it, and the stack trace only when LOGPUSH_DEBUG is set.
     */
    private static int report(Context context, Exception ex, CommandLine cmd) {
        PrintWriter err = context.err();
        if (ex instanceof LogpushException le) {
            err.println("logpush: error: " + context.redactor().redact(le.getMessage()));
            if (le.hint() != null) {
                err.println("hint: " + context.redactor().redact(le.hint()));
            }
        } else {
            err.println("logpush: error: " + context.redactor().redact(ex.getClass().getSimpleName()
                    + (ex.getMessage() != null ? ": " + ex.getMessage() : "")));
            boolean debug = context.env("LOGPUSH_DEBUG") != null;
            if (debug) {
                StringWriter trace = new StringWriter();
                ex.printStackTrace(new PrintWriter(trace));
                err.print(context.redactor().redact(trace.toString()));
            } else {
                err.println("hint: this is a bug in logpush; rerun with LOGPUSH_DEBUG=1 and report the output");
            }
        }
        err.flush();
        return ExitCode.of(ex);
    }
}
