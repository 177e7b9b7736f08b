package io.logpush.http;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps a run inside Cloudflare's API budget: at most {@code limit} requests in any {@code window}
 * (1,200 per 300 s by default), and at most what the {@code Ratelimit-Policy} header announces; when the
 * {@code Ratelimit} header says none is left, or a 429 comes, every caller waits until the reset.
 * Shared by all the requests of a run, whatever thread sends them.
 */
public final class RateLimiter {

    private final int limit;
    private final long windowMillis;
    private int announcedLimit;
    private long announcedWindowMillis;
    private final ArrayDeque<Long> sent = new ArrayDeque<>();
    private long pausedUntil;
    private long total;
    private boolean stopped;

    private final LongSupplier clock;

    public RateLimiter(int limit, Duration window) {
        this(limit, window, System::currentTimeMillis);
    }

    /** With a given clock (milliseconds), for tests of the arithmetic. */
    RateLimiter(int limit, Duration window, LongSupplier clock) {
        this.limit = limit;
        this.windowMillis = window.toMillis();
        this.clock = clock;
    }

    public int limit() {
        return limit;
    }

    public int windowSeconds() {
        return (int) (windowMillis / 1000);
    }

    /** "N/Ws" such as 1200/300s (each at most 9 digits); null when it does not read. */
    public static RateLimiter parse(String text) {
        int[] p = pair(text);
        return p == null ? null : new RateLimiter(p[0], Duration.ofSeconds(p[1]));
    }

    /** "N/Ws" (each at least 1, at most 9 digits) as {N, W}; null when it does not read. The one parser of the form. */
    static int[] pair(String text) {
        Matcher m = Pattern.compile("([0-9]{1,9})/([0-9]{1,9})s?").matcher(text == null ? "" : text.trim());
        if (!m.matches() || Integer.parseInt(m.group(1)) < 1 || Integer.parseInt(m.group(2)) < 1) {
            return null;
        }
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
    }

    /** Waits until one more request fits every budget, then counts it. */
    public void acquire() throws InterruptedException {
        acquire(d -> { });
    }

    /**
     * Waits until one more request fits every budget, then counts it. Before it waits, {@code beforeWait} is told
     * how long (once per call): it may announce the wait, or throw to refuse it.
     */
    public synchronized void acquire(Consumer<Duration> beforeWait) throws InterruptedException {
        boolean told = false;
        while (true) {
            if (stopped) {
                throw new InterruptedException("stopped: no request is sent after the signal");
            }
            long now = clock.getAsLong();
            long wait = waitMillis(now);
            if (wait <= 0) {
                sent.addLast(now);
                total++;
                return;
            }
            if (!told) {
                beforeWait.accept(Duration.ofMillis(wait));
                told = true;
            }
            wait(wait);
        }
    }

    /** How long a request at {@code now} must wait to fit every budget (0: it may go now). */
    synchronized long waitMillis(long now) {
        long longest = Math.max(windowMillis, announcedWindowMillis);
        while (!sent.isEmpty() && sent.peekFirst() <= now - longest) {
            sent.pollFirst();
        }
        long wait = pausedUntil - now;
        wait = Math.max(wait, waitFor(limit, windowMillis, now));
        if (announcedLimit > 0) {
            wait = Math.max(wait, waitFor(announcedLimit, announcedWindowMillis, now));
        }
        return wait;
    }

    /** How long until fewer than {@code max} of the sent requests fall in the last {@code window}. */
    private long waitFor(int max, long window, long now) {
        int inWindow = 0;
        long oldestInWindow = 0;
        var it = sent.descendingIterator();
        while (it.hasNext()) {
            long t = it.next();
            if (t <= now - window) {
                break;
            }
            inWindow++;
            oldestInWindow = t;
            if (inWindow >= max) {
                return oldestInWindow + window - now + 1;
            }
        }
        return 0;
    }

    /**
     * A numeric parameter of Cloudflare's structured rate-limit headers: {@code t} of {@code "default";r=0;t=30}
     * is 30. Null when absent. The one parser of these headers.
     */
    static Long param(String header, String name) {
        if (header == null) {
            return null;
        }
        Matcher m = Pattern.compile("(?:^|;)\\s*" + name + "=([0-9]+)").matcher(header);
        return m.find() ? Long.valueOf(m.group(1)) : null;
    }

    /** Reads Cloudflare's rate-limit headers of a response. */
    public synchronized void observe(String ratelimit, String policy) {
        Long q = param(policy, "q");
        Long w = param(policy, "w");
        if (q != null && w != null) {
            announcedLimit = q.intValue();
            announcedWindowMillis = w * 1000;
        }
        Long r = param(ratelimit, "r");
        Long t = param(ratelimit, "t");
        if (r != null && t != null && r == 0) {
            pauseFor(Duration.ofSeconds(t));
        }
    }

    /**
     * The run was interrupted (SIGINT, SIGTERM): from now on every request is refused before it is sent
     * (InterruptedException), those waiting for the budget now included, and every {@link #sleep} ends at once.
     * Only the requests already on the wire finish.
     */
    public synchronized void stop() {
        stopped = true;
        notifyAll();
    }

    public synchronized boolean stopped() {
        return stopped;
    }

    /**
     * Waits {@code d} (a retry's delay), unless the run is stopped first: then it ends at once with an
     * InterruptedException, so that no retry waits out its delay after Ctrl-C.
     */
    public synchronized void sleep(Duration d) throws InterruptedException {
        long end = System.nanoTime() + d.toNanos();
        while (!stopped) {
            long left = (end - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return;
            }
            wait(left);
        }
        throw new InterruptedException("stopped during a wait");
    }

    /** Makes every caller wait {@code d} (after a 429). */
    public synchronized void pauseFor(Duration d) {
        pausedUntil = Math.max(pausedUntil, clock.getAsLong() + d.toMillis());
        notifyAll();
    }

    /** Requests counted so far. */
    public synchronized long total() {
        return total;
    }
}
