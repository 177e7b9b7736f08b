package io.logpush.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import io.logpush.cli.render.Escape;
import io.logpush.model.Redactor;

/** What one run of the tool shares: its streams, environment, terminal, and the secrets to keep out of output. */
public final class Context {
    private final PrintWriter out;
    private final PrintWriter err;
    private final Map<String, String> env;
    private final Main.Terminal terminal;
    private final Redactor redactor = new Redactor();
    /** Secret files named on the command line, read for the redactor only when something is printed. */
    private final List<Path> secretFiles = new ArrayList<>();
    private boolean secretFilesRead;

    /** Environment variables that hold a secret: a token, a key, a secret or a password. */
    private static final Pattern SECRET_VARIABLE = Pattern.compile("(?i)(^|_)(TOKEN|KEY|SECRET|PASSWORD)(_|$)");
    /** The options whose value is a secret, and those whose value is a file holding one. */
    private static final List<String> SECRET_OPTIONS = List.of("--intake-key");
    private static final List<String> SECRET_FILE_OPTIONS =
            List.of("--api-token-file", "--sekoia-api-key-file", "--intake-key-file");

    Context(PrintWriter out, PrintWriter err, Map<String, String> env, Main.Terminal terminal) {
        this(out, err, env, terminal, new String[0]);
    }

    /**
     * The redactor knows the run's secrets before anything is parsed or validated, so that no message (a usage
     * error included) can echo one: the secret variables of the environment, the value of --intake-key, and
     * (when a line is printed) the secret files the command line names.
     */
    Context(PrintWriter out, PrintWriter err, Map<String, String> env, Main.Terminal terminal, String[] args) {
        this.out = out;
        this.err = err;
        this.env = Map.copyOf(env);
        this.terminal = terminal;
        this.env.forEach((name, value) -> {
            if (SECRET_VARIABLE.matcher(name).find()) {
                redactor.add(value);
                redactor.add(value.strip());
            }
        });
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            for (String o : SECRET_OPTIONS) {
                if (a.equals(o) && i + 1 < args.length) {
                    redactor.add(args[i + 1]);
                    redactor.add(args[i + 1].strip());
                } else if (a.startsWith(o + "=")) {
                    redactor.add(a.substring(o.length() + 1));
                    redactor.add(a.substring(o.length() + 1).strip());
                }
            }
            for (String o : SECRET_FILE_OPTIONS) {
                String file = a.equals(o) && i + 1 < args.length ? args[i + 1]
                        : a.startsWith(o + "=") ? a.substring(o.length() + 1) : null;
                if (file != null && !file.equals("-")) {
                    secretFiles.add(Path.of(file));
                }
            }
        }
    }

    /**
     * A line of text made fit for the terminal: every secret the run knows masked, control and bidi characters
     * escaped. Every message of the tool (errors, hints, warnings, notes, the verbose log) goes through here.
     */
    public String safe(String text) {
        readSecretFiles();
        return Escape.controls(redactor.redact(text));
    }

    /** The secret files named on the command line, if regular and small, registered (once). */
    private synchronized void readSecretFiles() {
        if (secretFilesRead) {
            return;
        }
        secretFilesRead = true;
        for (Path f : secretFiles) {
            try {
                if (Files.isRegularFile(f) && Files.size(f) <= Inputs.SECRET_MAX_BYTES) {
                    String s = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
                    redactor.add(s.startsWith("\uFEFF") ? s.substring(1).strip() : s.strip());
                }
            } catch (IOException | RuntimeException unreadable) {
                // the command says so when it reads it
            }
        }
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

    /**
     * Colour only on a terminal that can show it (not TERM=dumb), without --no-color and without a non-empty
     * NO_COLOR (no-color.org: an empty NO_COLOR does not count).
     */
    public boolean color(boolean noColorFlag) {
        return terminal.stdoutTty() && !noColorFlag && env("NO_COLOR") == null && !"dumb".equals(env("TERM"));
    }

    /**
     * Whether the locale cannot show UTF-8 (LC_ALL, else LC_CTYPE, else LANG names one without UTF-8, such as C
     * or POSIX): the tool's symbols (✓ ✗ → …) are then written in ASCII. Unset everywhere: UTF-8.
     */
    boolean asciiOnly() {
        for (String name : List.of("LC_ALL", "LC_CTYPE", "LANG")) {
            String v = env(name);
            if (v != null) {
                String l = v.toLowerCase(Locale.ROOT);
                return !(l.contains("utf-8") || l.contains("utf8"));
            }
        }
        return false;
    }

    /**
     * Asks {@code question} on stderr ("… [y/N] ") and reads one line from the terminal: true only for y or yes;
     * anything else, end of input or a read error keeps the default, no.
     */
    public boolean confirm(String question) {
        err.print(safe(question) + " [y/N] ");
        err.flush();
        try {
            String line = new BufferedReader(new InputStreamReader(terminal.in(), StandardCharsets.UTF_8)).readLine();
            String answer = line == null ? "" : line.trim().toLowerCase(Locale.ROOT);
            return answer.equals("y") || answer.equals("yes");
        } catch (IOException e) {
            return false;
        }
    }

    /** A warning on stderr, written at once (a stuck or killed run keeps it). */
    public void warn(String message) {
        out.flush();
        synchronized (err) {
            err.println("logpush: warning: " + safe(message));
            err.flush();
        }
    }

    /** A line on stderr, written at once (after what stdout holds, so that a terminal shows them in order). */
    public void note(String message) {
        out.flush();
        synchronized (err) {
            err.println(safe(message));
            err.flush();
        }
    }

    /** The same run with stderr discarded (shell completion: never a word on the terminal). */
    Context silent() {
        return new Context(out, new PrintWriter(Writer.nullWriter()), env, terminal);
    }
}
