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
        err.println("logpush: error: " + context.redactor().redact(ex.getMessage()));
        StringWriter suggestions = new StringWriter();
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, new PrintWriter(suggestions));
        String s = suggestions.toString().trim();
        if (!s.isEmpty()) {
            err.println("hint: " + s.replaceAll("\\s+", " "));
        }
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        return ExitCode.USAGE.code();
    }

    private static int report(Context context, Exception ex, CommandLine cmd) {
        PrintWriter err = context.err();
        boolean verbose = cmd.getParseResult() != null && cmd.getParseResult().hasMatchedOption("--verbose");
        if (ex instanceof LogpushException le) {
            err.println("logpush: error: " + context.redactor().redact(le.getMessage()));
            if (le.hint() != null) {
                err.println("hint: " + context.redactor().redact(le.hint()));
            }
        } else {
            err.println("logpush: error: " + context.redactor().redact(ex.getClass().getSimpleName()
                    + (ex.getMessage() != null ? ": " + ex.getMessage() : "")));
            if (!verbose) {
                err.println("hint: this is a bug in logpush; rerun with --verbose and report the output");
            }
        }
        if (verbose) {
            StringWriter trace = new StringWriter();
            ex.printStackTrace(new PrintWriter(trace));
            err.print(context.redactor().redact(trace.toString()));
        }
        err.flush();
        return ExitCode.of(ex);
    }
}
