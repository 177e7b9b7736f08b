package io.logpush.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Real signals to a child process in the tests. A JVM started as a background job of a non-interactive shell (a CI
 * step's {@code cmd &}) has SIGINT ignored, and its children inherit that: the JVM then installs no handler and
 * Ctrl-C does nothing, as Unix means it to. A test of Ctrl-C starts its child with SIGINT back at its default action.
 */
public final class Signals {
    private Signals() {
    }

    /** Whether this JVM ignores SIGINT (bit 2 of SigIgn in /proc/self/status). */
    public static boolean sigintIgnored() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("SigIgn:")) {
                    return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & 2L) != 0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return false;
        }
        return false;
    }

    /**
     * {@code command}, started so that SIGINT has its default action: as it is when this JVM does not ignore SIGINT,
     * else through python3, which sets SIGINT back to its default and then execs the command (an exec keeps a
     * default action, and would keep an ignored one).
     */
    public static List<String> withDefaultSigint(List<String> command) {
        if (!sigintIgnored()) {
            return command;
        }
        List<String> out = new ArrayList<>(List.of("python3", "-c", "import os, signal, sys; "
                + "signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])"));
        out.addAll(command);
        return out;
    }

    /** Sends SIGINT (Ctrl-C) to {@code p}; true when kill succeeded. */
    public static boolean interrupt(Process p) throws IOException, InterruptedException {
        return new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor() == 0;
    }
}
