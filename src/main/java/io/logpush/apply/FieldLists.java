package io.logpush.apply;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

import io.logpush.model.LogpushException;
import io.logpush.model.Scope;

/**
 * The fields a dataset offers, fetched once per (scope kind, dataset, zone plan) for a run over many scopes (apply,
 * check -f): zones of one plan offer the same fields, so one answer serves them all. A zone whose plan is unknown
 * gets its own request, and so does an account. When the zone that asked for its plan's list is refused (a field
 * it lacks, a permission), the failure stays that zone's: the others of the plan ask for their own.
 */
public final class FieldLists {
    /** Up to this many zones of unknown plan cost one field list each; more, and the zones are listed first. */
    static final int PLAN_LOOKUPS = 3;

    /** Whose field list: a scope's own, or a plan's (zones only). */
    record Key(Scope.Kind kind, String dataset, String plan, String scopePath) {
        static Key own(Scope scope, String dataset) {
            return new Key(scope.kind(), dataset, null, scope.path());
        }

        static Key plan(String dataset, String plan) {
            return new Key(Scope.Kind.ZONE, dataset, plan, null);
        }
    }

    private final ScopeResolver resolver;
    private final Map<Key, FutureTask<Map<String, String>>> lists = new ConcurrentHashMap<>();
    /** Which scope asked each shared field list, so that its failure stays that scope's. */
    private final Map<Key, String> askedBy = new ConcurrentHashMap<>();
    private final FutureTask<Boolean> plansListed;
    private volatile Set<String> unknownPlans = Set.of();

    public FieldLists(ScopeResolver resolver) {
        this.resolver = resolver;
        this.plansListed = new FutureTask<>(() -> {
            resolver.learnPlans(unknownPlans);
            return true;
        });
    }

    /** The zones (by ID) the run will ask fields for whose plan no answer gave yet: more than a few are listed once. */
    public void expect(Set<String> zoneIds) {
        unknownPlans = Set.copyOf(zoneIds.stream().filter(id -> resolver.planOf(id) == null).toList());
    }

    /** The dataset's fields in {@code scope}: the plan's list for a zone whose plan is known, else its own. */
    public Map<String, String> of(Scope scope, String dataset) {
        Key key = key(scope, dataset);
        Key own = Key.own(scope, dataset);
        try {
            return memo(lists, key, () -> {
                askedBy.put(key, scope.path());
                return resolver.api().fields(scope, dataset);
            });
        } catch (LogpushException e) {
            if (key.equals(own) || scope.path().equals(askedBy.get(key))) {
                throw e;
            }
            return memo(lists, own, () -> resolver.api().fields(scope, dataset));
        }
    }

    private Key key(Scope scope, String dataset) {
        if (scope.kind() != Scope.Kind.ZONE) {
            return Key.own(scope, dataset);
        }
        String plan = resolver.planOf(scope.id());
        if (plan == null && unknownPlans.size() > PLAN_LOOKUPS) {
            plansListed.run();
            await(plansListed);
            plan = resolver.planOf(scope.id());
        }
        return plan == null ? Key.own(scope, dataset) : Key.plan(dataset, plan);
    }

    /** Runs {@code work} once per key, whichever thread asks first; the others wait for its result. */
    static <K, T> T memo(Map<K, FutureTask<T>> memo, K key, Callable<T> work) {
        FutureTask<T> task = memo.computeIfAbsent(key, k -> new FutureTask<>(work));
        task.run();
        return await(task);
    }

    static <T> T await(FutureTask<T> task) {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LogpushException.interrupted(false);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        }
    }
}
