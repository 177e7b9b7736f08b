package io.logpush.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * For the span of a command's work that a signal should stop, not kill (apply's writes, --wait): on SIGINT or SIGTERM
 * a shutdown hook runs {@code stop} (every wait ends, no new request is sent), then holds the JVM until the work
 * has printed what happened ({@link #close}), at most {@link #PRINT_WAIT_SECONDS}, and the JVM exits 130 or 143.
 */
final class StopOnSignal implements AutoCloseable {
    /**
     * How long the JVM waits for the work in flight and its report before it exits anyway: longer than one
     * request's default timeout.
     */
    static final int PRINT_WAIT_SECONDS = 40;

    private final Context ctx;
    private final Thread hook;
    private final CountDownLatch printed = new CountDownLatch(1);

    private StopOnSignal(Context ctx, String name, Runnable stop) {
        this.ctx = ctx;
        this.hook = new Thread(() -> {
            stop.run();
            try {
                printed.await(PRINT_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
    }

    /** Runs {@code stop} on a signal until {@link #close}. */
    static StopOnSignal install(Context ctx, String name, Runnable stop) {
        StopOnSignal s = new StopOnSignal(ctx, name, stop);
        Runtime.getRuntime().addShutdownHook(s.hook);
        return s;
    }

    /** The work has printed: the output is flushed, and a signal from now on ends the JVM at once. */
    @Override
    public void close() {
        ctx.out().flush();
        ctx.err().flush();
        printed.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is stopping (SIGINT, SIGTERM): the hook lets it exit 130 or 143 once this returns
        }
    }
}
