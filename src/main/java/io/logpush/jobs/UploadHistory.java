package io.logpush.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.logpush.cloudflare.GraphqlApi;
import io.logpush.model.Job;
import io.logpush.model.LogpushException;
import io.logpush.model.Scope;

/**
 * The upload history of one check run over its window: read once per scope ({@link #prefetch} reads zones
 * {@value GraphqlApi#ZONES_PER_REQUEST} per request for a fleet; a scope not prefetched is read on first use, one
 * request), then judged per job by {@link UploadHealth}. A scope whose history cannot be read gives each of its jobs
 * a "cannot check" line, never a lost run. Safe to share between threads once prefetched.
 *
 * <p>With {@code hours} (the whole hours {@code reconcile} compares, {@link Reconciliation.Window}), the same read
 * begins at the earlier of the window's start and the first of those hours, so that one request per scope serves
 * both checks: {@code uploads} judges only the groups of its window, {@link Reconciliation} sums whole hours of
 * five-minute groups ({@link #rows}).
 */
public final class UploadHistory {
    /** The margin {@link GraphqlApi} adds to a window shortened to what a plan keeps (a minute, rounded up). */
    static final Duration CLAMP_MARGIN = Duration.ofMinutes(2);
    /** A group's length ({@code datetimeFiveMinutes}). */
    static final Duration GROUP = Duration.ofMinutes(5);

    private final GraphqlApi api;
    private final Duration window;
    private final Instant now;
    /** Where every read begins: the window's start, or the first reconciled hour when that is earlier. */
    private final Instant from;
    private final Map<String, Object> read = new ConcurrentHashMap<>();

    public UploadHistory(GraphqlApi api, Duration window, Instant now) {
        this(api, window, now, null);
    }

    /** {@code hours}: the whole hours reconciled with Sekoia's counts, read by the same requests (null: none). */
    public UploadHistory(GraphqlApi api, Duration window, Instant now, Reconciliation.Window hours) {
        this.api = api;
        this.window = window;
        this.now = now;
        Instant start = now.minus(window);
        this.from = hours != null && hours.start().isBefore(start) ? hours.start() : start;
    }

    /** The groups read for a job, from when they were read (later than asked when the plan keeps less), whole or not. */
    public record Rows(List<GraphqlApi.Row> rows, Instant from, boolean full) {
    }

    /** Reads the zones among {@code scopes}, up to {@value GraphqlApi#ZONES_PER_REQUEST} per request. */
    public void prefetch(List<Scope> scopes) {
        List<String> zones = scopes.stream().filter(s -> s.kind() == Scope.Kind.ZONE).map(Scope::id).distinct()
                .filter(id -> !read.containsKey(key(Scope.Kind.ZONE, id))).toList();
        for (int i = 0; i < zones.size(); i += GraphqlApi.ZONES_PER_REQUEST) {
            List<String> batch = zones.subList(i, Math.min(zones.size(), i + GraphqlApi.ZONES_PER_REQUEST));
            Object result = fetch(() -> api.zones(batch, from, now));
            if (result instanceof LogpushException e && e.kind() == LogpushException.Kind.AUTH && batch.size() > 1) {
                // A refusal may be one zone's (a permission per zone): each is read alone on first use, so that
                // the others still get their history and the refusal stays the refused zone's.
                continue;
            }
            batch.forEach(id -> read.put(key(Scope.Kind.ZONE, id), result));
        }
    }

    /**
     * The {@code uploads} line of {@code job} of {@code scope}, from the groups of its window (a read begun earlier
     * for {@code reconcile} adds none): shortened only when the plan keeps less than the window.
     */
    public Check judge(Scope scope, Job job) {
        Object result = history(scope);
        if (result instanceof LogpushException e) {
            return UploadHealth.unreadable(job, e);
        }
        GraphqlApi.History history = (GraphqlApi.History) result;
        Instant start = now.minus(window);
        Instant readFrom = readFrom(history);
        boolean shortened = readFrom.isAfter(start.plus(CLAMP_MARGIN));
        List<GraphqlApi.Row> rows = history.rows().stream()
                .filter(r -> r.at() == null || r.at().plus(GROUP).isAfter(start)).toList();
        return UploadHealth.judge(scope, job, rows, history.full(),
                shortened ? Duration.between(readFrom, now) : window, shortened, now);
    }

    /** The groups read for {@code job} of {@code scope} (for {@code reconcile}), or why they could not be read. */
    public Rows rows(Scope scope, Job job) {
        Object result = history(scope);
        if (result instanceof LogpushException e) {
            throw e;
        }
        GraphqlApi.History history = (GraphqlApi.History) result;
        return new Rows(history.rows().stream().filter(r -> r.jobId() == job.id()).toList(), readFrom(history),
                history.full());
    }

    private Object history(Scope scope) {
        return read.computeIfAbsent(key(scope.kind(), scope.id()), k -> fetch(() ->
                scope.kind() == Scope.Kind.ZONE ? api.zones(List.of(scope.id()), from, now)
                        : api.account(scope.id(), from, now)));
    }

    /** Where a read began: where asked, or where the plan's history begins when Cloudflare kept less. */
    private Instant readFrom(GraphqlApi.History history) {
        return history.shortenedTo() == null ? from : now.minus(history.shortenedTo());
    }

    private interface Read {
        GraphqlApi.History get();
    }

    private static Object fetch(Read r) {
        try {
            return r.get();
        } catch (LogpushException e) {
            if (e.interrupted()) {
                throw e;
            }
            return e;
        }
    }

    private static String key(Scope.Kind kind, String id) {
        return kind + ":" + id;
    }

    /** For tests and reports: how many scopes were read. */
    List<String> scopes() {
        return new ArrayList<>(read.keySet());
    }
}
