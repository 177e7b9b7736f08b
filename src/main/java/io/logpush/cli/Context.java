package io.logpush.cli;

import java.io.PrintWriter;
import java.util.Map;

import io.logpush.model.Redactor;

/** What one run of the tool shares: its streams, environment, terminal, and the secrets to keep out of output. */
public final class Context {
    private final PrintWriter out;
    private final PrintWriter err;
    private final Map<String, String> env;
    private final Main.Terminal terminal;
    private final Redactor redactor = new Redactor();

    Context(PrintWriter out, PrintWriter err, Map<String, String> env, Main.Terminal terminal) {
        this.out = out;
        this.err = err;
        this.env = Map.copyOf(env);
        this.terminal = terminal;
    }

    public PrintWriter out() {
        return out;
    }

    public PrintWriter err() {
        return err;
    }

    /** An environment variable, or null when unset or empty. */
    public String env(String name) {
        String v = env.get(name);
        return v == null || v.isEmpty() ? null : v;
    }

    public Main.Terminal terminal() {
        return terminal;
    }

    public Redactor redactor() {
        return redactor;
    }

    /**
     * The width of the terminal stdout is, for lines that should fit it: COLUMNS, else the terminal's own width;
     * 0 on a pipe (nothing is cut there) or when unknown.
     */
    public int columns() {
        if (!terminal.stdoutTty()) {
            return 0;
        }
        String c = env("COLUMNS");
        if (c != null) {
            try {
                int n = Integer.parseInt(c.trim());
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // not a width: ask the terminal
            }
        }
        return Main.stdoutColumns();
    }

    /** Colour only on a terminal, without --no-color and without NO_COLOR. */
    public boolean color(boolean noColorFlag) {
        return terminal.stdoutTty() && !noColorFlag && env.get("NO_COLOR") == null;
    }

    /** A warning on stderr, written at once (a stuck or killed run keeps it). */
    public void warn(String message) {
        out.flush();
        synchronized (err) {
            err.println("logpush: warning: " + redactor.redact(message));
            err.flush();
        }
    }

    /** A line on stderr, written at once (after what stdout holds, so that a terminal shows them in order). */
    public void note(String message) {
        out.flush();
        synchronized (err) {
            err.println(redactor.redact(message));
            err.flush();
        }
    }

    /** The same run with stderr discarded (shell completion: never a word on the terminal). */
    Context silent() {
        return new Context(out, new PrintWriter(java.io.Writer.nullWriter()), env, terminal);
    }
}
