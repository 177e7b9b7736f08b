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
 */
public final class UploadHistory {
    private final GraphqlApi api;
    private final Duration window;
    private final Instant now;
    private final Map<String, Object> read = new ConcurrentHashMap<>();

    public UploadHistory(GraphqlApi api, Duration window, Instant now) {
        this.api = api;
        this.window = window;
        this.now = now;
    }

    /** Reads the zones among {@code scopes}, up to {@value GraphqlApi#ZONES_PER_REQUEST} per request. */
    public void prefetch(List<Scope> scopes) {
        List<String> zones = scopes.stream().filter(s -> s.kind() == Scope.Kind.ZONE).map(Scope::id).distinct()
                .filter(id -> !read.containsKey(key(Scope.Kind.ZONE, id))).toList();
        for (int i = 0; i < zones.size(); i += GraphqlApi.ZONES_PER_REQUEST) {
            List<String> batch = zones.subList(i, Math.min(zones.size(), i + GraphqlApi.ZONES_PER_REQUEST));
            Object result = fetch(() -> api.zones(batch, now.minus(window), now));
            if (result instanceof LogpushException e && e.kind() == LogpushException.Kind.AUTH && batch.size() > 1) {
                // A refusal may be one zone's (a permission per zone): each is read alone on first use, so that
                // the others still get their history and the refusal stays the refused zone's.
                continue;
            }
            batch.forEach(id -> read.put(key(Scope.Kind.ZONE, id), result));
        }
    }

    /** The {@code uploads} line of {@code job} of {@code scope}. */
    public Check judge(Scope scope, Job job) {
        Object result = read.computeIfAbsent(key(scope.kind(), scope.id()), k -> fetch(() ->
                scope.kind() == Scope.Kind.ZONE ? api.zones(List.of(scope.id()), now.minus(window), now)
                        : api.account(scope.id(), now.minus(window), now)));
        if (result instanceof LogpushException e) {
            return UploadHealth.unreadable(job, e);
        }
        GraphqlApi.History history = (GraphqlApi.History) result;
        return UploadHealth.judge(scope, job, history.rows(), history.full(),
                history.shortenedTo() == null ? window : history.shortenedTo(), history.shortenedTo() != null, now);
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
