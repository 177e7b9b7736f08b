package io.logpush.model;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Start-up phase marks, for profiling only: with LOGPUSH_TRACE_STARTUP set, the launcher's main prints on stderr,
 * at exit, the time of each mark. Set to the launch time in nanoseconds since the epoch
 * ({@code LOGPUSH_TRACE_STARTUP=$(date +%s%N) logpush ...}), the times count from the launch (the JVM's own
 * start-up included); set to anything else, from the first mark. Off (the default), a mark costs one field read.
 */
public final class StartupTrace {
    private static final String ENV = "LOGPUSH_TRACE_STARTUP";
    private static final boolean ON = System.getenv(ENV) != null;
    private static final List<String> NAMES = ON ? new ArrayList<>() : null;
    private static final List<Long> TIMES = ON ? new ArrayList<>() : null;

    private StartupTrace() {
    }

    public static void mark(String name) {
        if (ON) {
            long t = System.nanoTime();
            synchronized (NAMES) {
                NAMES.add(name);
                TIMES.add(t);
            }
        }
    }

    /** Prints the marks (nothing when tracing is off). */
    public static void print(PrintStream err) {
        if (!ON || TIMES.isEmpty()) {
            return;
        }
        long origin;
        String from;
        try {
            long launch = Long.parseLong(System.getenv(ENV).trim());
            origin = launch - (System.currentTimeMillis() * 1_000_000L - System.nanoTime());
            from = "launch";
        } catch (NumberFormatException e) {
            origin = TIMES.get(0);
            from = NAMES.get(0);
        }
        StringBuilder b = new StringBuilder("startup (ms since " + from + "):");
        for (int i = 0; i < NAMES.size(); i++) {
            b.append(String.format(" %s %.1f", NAMES.get(i), (TIMES.get(i) - origin) / 1e6));
        }
        err.println(b);
    }
}
