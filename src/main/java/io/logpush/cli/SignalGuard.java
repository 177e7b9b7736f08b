package io.logpush.cli;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What a command says when a signal (SIGINT, Ctrl-C; SIGTERM) stops it while it is in a state worth telling: a
 * shutdown hook, installed for the span of that state, prints the state's message on stderr before the JVM exits
 * (130 or 143). {@link #writeWhole} lets an output be written whole or not at all: a signal before it starts means
 * it never starts, one during it waits (a bounded time) for its end.
 */
final class SignalGuard implements AutoCloseable {
    /** How long a signal waits for an output being written before the JVM exits anyway. */
    static final int WRITE_WAIT_SECONDS = 10;

    private final Context ctx;
    private final Thread hook;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile String message;
    private boolean signalled;
    private boolean written;

    private SignalGuard(Context ctx, String message) {
        this.ctx = ctx;
        this.message = message;
        this.hook = new Thread(this::onSignal, "logpush-signal");
    }

    /** Says {@code message} (one line, or null for nothing) on stderr if a signal comes before {@link #close}. */
    static SignalGuard install(Context ctx, String message) {
        SignalGuard guard = new SignalGuard(ctx, message);
        Runtime.getRuntime().addShutdownHook(guard.hook);
        return guard;
    }

    /** What to say from now on. */
    void say(String message) {
        this.message = message;
    }

    /**
     * Runs {@code write} unless a signal came first (then returns false, and the signal's message was said); a
     * signal during it waits for its end, so that the output is whole.
     */
    boolean writeWhole(Runnable write) {
        lock.lock();
        try {
            if (signalled) {
                return false;
            }
            write.run();
            written = true;
            message = null;
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void onSignal() {
        boolean locked = false;
        try {
            locked = lock.tryLock(WRITE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            signalled = true;
            String say = !locked && !written ? "logpush: interrupted while writing the output: it may be incomplete"
                    : message;
            if (say != null) {
                ctx.err().println(ctx.redactor().redact(say));
                ctx.err().flush();
            }
        } finally {
            if (locked) {
                lock.unlock();
            }
        }
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is stopping (a signal): the hook says what it must
        }
    }
}
