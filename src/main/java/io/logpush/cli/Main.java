package io.logpush.cli;

import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.BooleanSupplier;

import io.logpush.cli.render.AsciiSymbols;
import io.logpush.model.StartupTrace;
import picocli.CommandLine;

/**
 * The process entry point. {@link #run} is the one way in, for the launcher and for tests alike: it
 * takes the output streams and the environment, so nothing reads the real environment or swaps
 * {@code System.out}.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        StartupTrace.mark("main");
        Terminal terminal = Terminal.system();
        boolean tty = terminal.stdoutTty();
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        if (tty && System.getProperty("os.name", "").startsWith("Windows")) {
            // Only the Windows console needs Jansi to turn ANSI escapes into colours.
            org.fusesource.jansi.AnsiConsole.systemInstall();
            stdout = System.out;
            stderr = System.err;
        }
        PrintWriter out = new PrintWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8));
        PrintWriter err = new PrintWriter(new OutputStreamWriter(stderr, StandardCharsets.UTF_8), true);
        int code = run(terminal, out, err, System.getenv(), args);
        StartupTrace.mark("exit");
        StartupTrace.print(stderr);
        System.exit(code);
    }

    /** Runs one command line with no terminal attached (unless LOGPUSH_FORCE_TTY is set) and returns its exit code. */
    public static int run(PrintWriter out, PrintWriter err, Map<String, String> env, String... args) {
        return run(Terminal.none(System.in), out, err, env, args);
    }

    /** Runs one command line and returns its exit code. */
    public static int run(Terminal terminal, PrintWriter out, PrintWriter err, Map<String, String> env,
                          String... args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            // What picocli's version help prints, without building the command line (most of a run's start-up).
            for (String line : new Version().getVersion()) {
                out.println(line);
            }
            out.flush();
            return 0;
        }
        Terminal t = env.containsKey("LOGPUSH_FORCE_TTY") ? terminal.forced() : terminal;
        StartupTrace.mark("run");
        Warmup.start(Warmup.plan(args, env));
        Context probe = new Context(out, err, env, t, args);
        Context context = probe.asciiOnly()
                ? new Context(new PrintWriter(new AsciiSymbols(out)), new PrintWriter(new AsciiSymbols(err), true),
                        env, t, args)
                : probe;
        CommandLine cli = Cli.build(context, args);
        StartupTrace.mark("cli");
        int code = cli.execute(args);
        context.out().flush();
        context.err().flush();
        out.flush();
        err.flush();
        return code;
    }

    /**
     * Jansi's native isatty(2): the JDK cannot tell whether stderr alone is a terminal before Java 22. Asked
     * only by commands that draw progress on stderr, so other commands never load the native library.
     */
    private static boolean stderrIsTerminal() {
        try {
            return org.fusesource.jansi.internal.CLibrary.LOADED
                    && org.fusesource.jansi.internal.CLibrary.isatty(org.fusesource.jansi.internal.CLibrary.STDERR_FILENO) != 0;
        } catch (Throwable e) {
            return false;
        }
    }

    /** The width of the terminal stdout is (Jansi's native ioctl), or 0 when it is not one or cannot tell. */
    static int stdoutColumns() {
        try {
            if (!org.fusesource.jansi.internal.CLibrary.LOADED) {
                return 0;
            }
            org.fusesource.jansi.internal.CLibrary.WinSize size = new org.fusesource.jansi.internal.CLibrary.WinSize();
            int rc = org.fusesource.jansi.internal.CLibrary.ioctl(org.fusesource.jansi.internal.CLibrary.STDOUT_FILENO,
                    org.fusesource.jansi.internal.CLibrary.TIOCGWINSZ, size);
            return rc == 0 ? Math.max(0, size.ws_col) : 0;
        } catch (Throwable e) {
            return 0;
        }
    }

    /** Standard input, whether stdin and stdout are terminals, and (asked lazily) whether stderr is one. */
    public record Terminal(InputStream in, boolean stdinTty, boolean stdoutTty, BooleanSupplier stderrTty) {
        public Terminal(InputStream in, boolean stdinTty, boolean stdoutTty) {
            this(in, stdinTty, stdoutTty, () -> stdoutTty);
        }

        /**
         * The process's own: standard input, and whether it has a console (stdin and stdout terminals). The start-up
         * cache's training calls it too, so that the console look-up and the lambda come from the cache.
         */
        static Terminal system() {
            boolean tty = System.console() != null;
            return new Terminal(System.in, tty, tty, Main::stderrIsTerminal);
        }

        public static Terminal none(InputStream in) {
            return new Terminal(in, false, false);
        }

        Terminal forced() {
            return new Terminal(in, true, true, () -> true);
        }
    }
}
