package io.logpush.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The unit budget's arithmetic (Cloudflare's GraphQL: 300 units per 5 minutes), on a fake clock: no sleeping. */
class UnitBudgetTest {
    static final long T = 1_000_000;
    static final Duration WINDOW = Duration.ofMinutes(5);

    final AtomicLong now = new AtomicLong(T);
    final List<Duration> slept = new ArrayList<>();
    final List<Duration> told = new ArrayList<>();

    /** A budget on the fake clock whose sleeper moves the clock. */
    UnitBudget budget(int units) {
        return new UnitBudget("GraphQL budget", "hint", units, WINDOW, now::get, d -> {
            slept.add(d);
            now.addAndGet(d.toMillis());
        });
    }

    UnitBudget.Spend take(UnitBudget b, int units) throws InterruptedException {
        UnitBudget.Spend s = b.acquire(units, told::add);
        b.settle(s);
        return s;
    }

    @Test
    void theWindowAdmitsItsUnitsThenWaitsForTheOldestToAge() throws InterruptedException {
        UnitBudget b = budget(300);
        for (int i = 0; i < 30; i++) {
            now.set(T + i * 100L);
            take(b, 10);
        }
        assertThat(b.left()).isZero();
        // the first 10 units leave the window 5 minutes after they were counted
        assertThat(b.waitMillis(10, T + 2_900)).isEqualTo(300_000 - 2_900);
        assertThat(b.waitMillis(10, T + 300_000)).isLessThanOrEqualTo(0);
        // 20 units need the two oldest requests gone
        assertThat(b.waitMillis(20, T + 300_000)).isEqualTo(100);
    }

    @Test
    void aFleetOf500ZonesTakes50RequestsAndOneWaitOfAWindow() throws InterruptedException {
        UnitBudget b = budget(300);
        for (int request = 0; request < 50; request++) {
            take(b, 10);
        }
        // 300 units at once, then one wait of a whole window for the other 200: two windows of the budget
        assertThat(told).containsExactly(WINDOW);
        assertThat(slept).containsExactly(WINDOW);
        assertThat(now.get() - T).isEqualTo(WINDOW.toMillis());
        assertThat(b.units()).isEqualTo(500);
        assertThat(b.requests()).isEqualTo(50);
    }

    @Test
    void aFleetOf25ZonesTakes25UnitsAndNoWait() throws InterruptedException {
        UnitBudget b = budget(300);
        for (int units : new int[] {10, 10, 5}) {
            take(b, units);
        }
        assertThat(told).isEmpty();
        assertThat(b.units()).isEqualTo(25);
        assertThat(b.left()).isEqualTo(275);
    }

    @Test
    void unitsCountFromTheAnswerNotFromTheAcquire() throws InterruptedException {
        UnitBudget b = budget(10);
        UnitBudget.Spend s = b.acquire(10, told::add);
        now.set(T + 40_000); // the answer came 40 s later (the request waited for the REST budget, or was slow)
        b.settle(s);
        assertThat(b.waitMillis(1, T + 300_000)).isEqualTo(40_000);
    }

    @Test
    void aCostOverTheWholeBudgetGoesAloneOnceTheWindowIsEmpty() throws InterruptedException {
        UnitBudget b = budget(5);
        take(b, 2);
        assertThat(b.waitMillis(10, T)).isEqualTo(WINDOW.toMillis());
        assertThat(b.waitMillis(10, T + WINDOW.toMillis())).isLessThanOrEqualTo(0);
    }

    @Test
    void aPauseHoldsEveryRequestUntilItEnds() throws InterruptedException {
        UnitBudget b = budget(300);
        b.pauseFor(Duration.ofMinutes(1));
        assertThat(b.waitMillis(1, T)).isEqualTo(60_000);
        take(b, 1);
        assertThat(told).containsExactly(Duration.ofMinutes(1));
    }

    @Test
    void aRefusedWaitTakesNothing() {
        UnitBudget b = budget(10);
        b.pauseFor(Duration.ofMinutes(1));
        assertThatThrownBy(() -> b.acquire(1, d -> {
            throw new IllegalStateException("too long: " + d);
        })).hasMessage("too long: PT1M");
        assertThat(b.units()).isZero();
        assertThat(slept).isEmpty();
    }

    @Test
    void aWaitEndingWithinASecondOfOneAnnouncedIsNotAnnouncedAgain() {
        UnitBudget b = budget(300);
        assertThat(b.firstToAnnounce(Duration.ofSeconds(100))).isTrue();
        now.addAndGet(500);
        assertThat(b.firstToAnnounce(Duration.ofSeconds(100))).isFalse();
        assertThat(b.firstToAnnounce(Duration.ofSeconds(200))).isTrue();
    }

    @Test
    void theVirtualClockMovesOnlyWhenItWaitsAndEndsAfterTheStop() throws InterruptedException {
        RateLimiter stop = new RateLimiter(1200, Duration.ofSeconds(300));
        UnitBudget b = UnitBudget.virtual("GraphQL budget", "hint", 10, WINDOW, stop);
        b.settle(b.acquire(10, told::add));
        long started = System.nanoTime();
        b.settle(b.acquire(10, told::add));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(told).containsExactly(WINDOW);
        stop.stop();
        assertThatThrownBy(() -> b.acquire(10, told::add)).isInstanceOf(InterruptedException.class);
    }

    @Test
    void parsesTheFormOfRateLimit() {
        assertThat(UnitBudget.parse("300/300s")).containsExactly(300, 300);
        assertThat(UnitBudget.parse("300/30")).containsExactly(300, 30);
        assertThat(UnitBudget.parse("0/30s")).isNull();
        assertThat(UnitBudget.parse("lots")).isNull();
        assertThat(budget(300).describe()).isEqualTo("300 units per 5m");
    }
}
