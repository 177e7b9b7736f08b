package io.logpush.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import io.logpush.model.Times;

/**
 * A budget of units per sliding window where each request costs some units: Cloudflare's GraphQL API counts the
 * scopes × nodes a query names against 300 per 5 minutes per token. {@link #acquire} waits before a request until
 * its units fit; a unit counts from when its request was answered ({@link #settle}), never earlier, since the
 * server counts it when the request arrives. Shared by the requests of a run, whatever thread sends them. It is a
 * second budget: each request still counts one in the run's {@link RateLimiter}, through {@link HttpTransport}.
 */
public final class UnitBudget {

    /** Waits a duration, unless the run is stopped (then InterruptedException). */
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    /** Units taken by one request, counted from {@code at} (milliseconds of the budget's clock). */
    public static final class Spend {
        private final int units;
        private long at;

        private Spend(int units, long at) {
            this.units = units;
            this.at = at;
        }

        public int units() {
            return units;
        }
    }

    private final String name;
    private final String hint;
    private final int limit;
    private final long windowMillis;
    private final LongSupplier clock;
    private final Sleeper sleeper;
    private final List<Spend> spent = new ArrayList<>();
    private long pausedUntil;
    private long units;
    private long requests;
    private long announcedUntil = Long.MIN_VALUE;

    /**
     * @param name  what the budget is called after its API's name in announcements ("GraphQL budget")
     * @param hint  what a person is told when a wait is refused ("Cloudflare allows 300 …")
     * @param clock the budget's clock, in milliseconds
     */
    public UnitBudget(String name, String hint, int limit, Duration window, LongSupplier clock, Sleeper sleeper) {
        if (limit < 1 || window.toMillis() < 1) {
            throw new IllegalArgumentException("a budget needs at least one unit per window: " + limit + "/" + window);
        }
        this.name = name;
        this.hint = hint;
        this.limit = limit;
        this.windowMillis = window.toMillis();
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** On the wall clock, waiting with {@code stop}'s sleep (which ends at once after SIGINT/SIGTERM). */
    public static UnitBudget real(String name, String hint, int limit, Duration window, RateLimiter stop) {
        return new UnitBudget(name, hint, limit, window, System::currentTimeMillis, stop::sleep);
    }

    /**
     * On a clock that moves only when the budget waits (a test's hidden knob): every wait is announced and counted
     * as on the wall clock, and takes no time. Still ends after {@code stop}.
     */
    public static UnitBudget virtual(String name, String hint, int limit, Duration window, RateLimiter stop) {
        AtomicLong now = new AtomicLong(System.currentTimeMillis());
        return new UnitBudget(name, hint, limit, window, now::get, d -> {
            if (stop.stopped()) {
                throw new InterruptedException("stopped during a wait");
            }
            now.addAndGet(d.toMillis());
        });
    }

    /** "N/Ws" such as 300/300s: {units, seconds}, or null when it does not read (the form of --rate-limit). */
    public static int[] parse(String text) {
        return RateLimiter.pair(text);
    }

    public String name() {
        return name;
    }

    public String hint() {
        return hint;
    }

    public int limit() {
        return limit;
    }

    public Duration window() {
        return Duration.ofMillis(windowMillis);
    }

    /** "300 units per 5m". */
    public String describe() {
        return limit + " units per " + Times.human(window());
    }

    /**
     * Waits until {@code cost} more units fit in the window, then takes them. Before it waits, {@code beforeWait}
     * is told how long (once per call): it may announce the wait, or throw to refuse it. A cost over the whole
     * budget goes alone, once the window is empty.
     */
    public Spend acquire(int cost, Consumer<Duration> beforeWait) throws InterruptedException {
        boolean told = false;
        while (true) {
            long wait;
            synchronized (this) {
                long now = clock.getAsLong();
                wait = waitMillis(cost, now);
                if (wait <= 0) {
                    Spend s = new Spend(cost, now);
                    spent.add(s);
                    units += cost;
                    requests++;
                    return s;
                }
            }
            if (!told) {
                beforeWait.accept(Duration.ofMillis(wait));
                told = true;
            }
            sleeper.sleep(Duration.ofMillis(wait));
        }
    }

    /** The request of {@code s} was answered (or failed): its units count from now, as the server counted them. */
    public synchronized void settle(Spend s) {
        s.at = Math.max(s.at, clock.getAsLong());
    }

    /** How long a request of {@code cost} units at {@code now} must wait (0: it may go now). */
    synchronized long waitMillis(int cost, long now) {
        spent.removeIf(s -> s.at <= now - windowMillis);
        long wait = pausedUntil - now;
        int need = Math.min(cost, limit);
        int inWindow = spent.stream().mapToInt(Spend::units).sum();
        if (inWindow + need > limit) {
            // the oldest units leave the window first: wait until enough of them have
            List<Spend> byAge = new ArrayList<>(spent);
            byAge.sort((a, b) -> Long.compare(a.at, b.at));
            int left = inWindow;
            for (Spend s : byAge) {
                left -= s.units;
                if (left + need <= limit) {
                    wait = Math.max(wait, s.at + windowMillis - now);
                    break;
                }
            }
        }
        return wait;
    }

    /** Units taken within the window ending {@code now}. */
    synchronized int inWindow(long now) {
        return spent.stream().filter(s -> s.at > now - windowMillis).mapToInt(Spend::units).sum();
    }

    /** Units left for a request now. */
    public synchronized int left() {
        return Math.max(0, limit - inWindow(clock.getAsLong()));
    }

    /** Makes every request wait {@code d} (the server said the budget is spent). */
    public synchronized void pauseFor(Duration d) {
        pausedUntil = Math.max(pausedUntil, clock.getAsLong() + d.toMillis());
    }

    /** Waits {@code d} on the budget's clock (before a retry the server asked for), unless the run is stopped. */
    public void sleep(Duration d) throws InterruptedException {
        sleeper.sleep(d);
    }

    /**
     * Whether a wait of {@code d} starting now should be announced: not when it ends within a second of one already
     * announced (the other requests of the run held by the same budget).
     */
    public synchronized boolean firstToAnnounce(Duration d) {
        long end = clock.getAsLong() + d.toMillis();
        if (announcedUntil != Long.MIN_VALUE && Math.abs(end - announcedUntil) <= 1000) {
            return false;
        }
        announcedUntil = end;
        return true;
    }

    /** Units taken so far. */
    public synchronized long units() {
        return units;
    }

    /** Requests that took units so far. */
    public synchronized long requests() {
        return requests;
    }
}
