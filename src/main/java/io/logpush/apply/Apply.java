package io.logpush.apply;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.logpush.cloudflare.LogpushApi;
import io.logpush.jobs.DeliveryWait;
import io.logpush.jobs.FieldSelection;
import io.logpush.jobs.JobSpec;
import io.logpush.jobs.JobUpdate;
import io.logpush.jobs.ZoneRules;
import io.logpush.model.Job;
import io.logpush.model.LogpushException;
import io.logpush.model.Redactor;
import io.logpush.model.Scope;
import io.logpush.sekoia.Catalog;
import io.logpush.sekoia.Destination;

/**
 * Converges Cloudflare to an apply file. For each (scope, dataset) target: one job list per scope (shared),
 * the Sekoia job for the dataset (same intake key, else same intake host: a key rotation), and a create, a
 * PUT of only the properties the file sets that differ, or nothing. Field lists are fetched only when
 * needed, once per (scope kind, dataset, zone plan): the zone listing gives each zone's plan. With prune, Sekoia jobs of the listed scopes that the file does not
 * declare are deleted. One failing target does not stop the others.
 */
public final class Apply {
    public enum Action {
        CREATE("+", "create", "created"), UPDATE("~", "update", "updated"), UNCHANGED("=", "unchanged", "unchanged"),
        DELETE("-", "delete", "deleted"), FAILED("!", "failed", "failed"),
        /** Not sent: the run was interrupted (SIGINT, SIGTERM) before it; a rerun does it. */
        NOT_DONE("·", "not done", "not done"),
        /**
         * Sent, but no answer says what happened (its answer was lost and could not be reconciled, or the run was
         * interrupted while it waited to resend it): a rerun finds out, and a duplicate it made is removed then.
         */
        UNKNOWN("?", "unknown", "unknown");

        public final String symbol;
        public final String planWord;
        public final String doneWord;

        Action(String symbol, String planWord, String doneWord) {
            this.symbol = symbol;
            this.planWord = planWord;
            this.doneWord = doneWord;
        }
    }

    /** What happens (or would) to one target, or to one pruned job. */
    public record Outcome(Action action, Scope scope, String dataset, Long jobId, String jobName, List<String> changes,
                          String error, ObjectNode body) {
        Outcome with(Action a, Long id, String error) {
            return new Outcome(a, scope, dataset, id, jobName, changes, error, body);
        }

        /** Whether this is a write (create, update, delete), planned or done. */
        public boolean write() {
            return action == Action.CREATE || action == Action.UPDATE || action == Action.DELETE;
        }

        /**
         * Whether Cloudflare answered this write (true), the write was not made (false), or nobody knows (null): a
         * plan applies nothing; after a run, a create, update or delete outcome is one whose request was answered.
         */
        public Boolean applied(boolean planOnly) {
            if (action == Action.UNKNOWN) {
                return planOnly ? Boolean.FALSE : null;
            }
            return !planOnly && write();
        }
    }

    private final LogpushApi api;
    private final ScopeResolver resolver;
    private final FieldLists fields;
    private final ExecutorService pool;
    private final Consumer<String> progress;
    private final Map<String, FutureTask<List<Job>>> jobsByScope = new ConcurrentHashMap<>();
    private final AtomicInteger done = new AtomicInteger();
    private volatile int totalTargets;
    private volatile boolean stopping;
    private volatile boolean force;

    public Apply(LogpushApi api, ExecutorService pool, Consumer<String> progress) {
        this.api = api;
        this.resolver = new ScopeResolver(api);
        this.fields = new FieldLists(resolver);
        this.pool = pool;
        this.progress = progress;
    }

    /** With --force: writes that send what create would refuse (see {@link ApplyFile.Guard}) go ahead. */
    public Apply force(boolean on) {
        this.force = on;
        return this;
    }

    /**
     * Asks the run to stop (from a shutdown hook, on SIGINT or SIGTERM): no new write starts, and no new target is
     * planned; the writes in flight finish (or their lost answer is reconciled), and what was not started comes
     * back as {@link Action#NOT_DONE}.
     */
    public void stop() {
        stopping = true;
    }

    public boolean stopped() {
        return stopping;
    }

    /** Plans, and unless {@code planOnly}, applies; returns one outcome per target and per pruned job. */
    public List<Outcome> run(ApplyFile file, boolean planOnly, boolean prune) {
        List<Outcome> outcomes = plan(file, prune);
        return planOnly ? outcomes : apply(outcomes);
    }

    /**
     * The plan: one outcome per target and, with {@code prune}, per job to delete; only reads are sent. A target
     * declared twice (a zone by name and by ID, or by 'all' and by name) is a usage error, before any write.
     */
    public List<Outcome> plan(ApplyFile file, boolean prune) {
        List<Outcome> outcomes = new ArrayList<>();
        List<ScopeResolver.Target> targets = targets(file, outcomes);
        totalTargets = targets.size();
        List<Outcome> planned = new ArrayList<>();
        parallel(targets.stream().<Callable<List<Outcome>>>map(t -> () -> planSafely(t)).toList())
                .forEach(planned::addAll);
        outcomes.addAll(planned);
        if (prune) {
            outcomes.addAll(prunes(targets, planned));
        }
        limitCreates(outcomes);
        return outcomes;
    }

    /**
     * A plan the run will not carry out (it was interrupted while planning): every write becomes not done, so
     * that nothing is reported as made that was never sent.
     */
    public static List<Outcome> abandon(List<Outcome> outcomes) {
        return outcomes.stream().map(o -> o.write() ? o.with(Action.NOT_DONE, o.jobId(), null) : o).toList();
    }

    /** Carries out a plan: deletes first (they free slots in a zone), then the rest; results keep the plan's order. */
    public List<Outcome> apply(List<Outcome> outcomes) {
        return apply(outcomes, o -> { });
    }

    /**
     * Carries out a plan as {@link #apply(List)} does, telling {@code finished} of each write's outcome as soon as
     * it is known (from the worker's thread), so that a run cut short by a timeout or SIGKILL leaves a record.
     */
    public List<Outcome> apply(List<Outcome> outcomes, Consumer<Outcome> finished) {
        List<Outcome> result = new ArrayList<>(outcomes);
        for (boolean deletes : new boolean[] {true, false}) {
            List<Integer> indices = new ArrayList<>();
            for (int i = 0; i < outcomes.size(); i++) {
                if ((outcomes.get(i).action() == Action.DELETE) == deletes) {
                    indices.add(i);
                }
            }
            List<Outcome> done = parallel(indices.stream().<Callable<Outcome>>map(i -> () -> {
                Outcome o = execute(outcomes.get(i));
                if (outcomes.get(i).write()) {
                    finished.accept(o);
                }
                return o;
            }).toList());
            for (int k = 0; k < indices.size(); k++) {
                result.set(indices.get(k), done.get(k));
            }
        }
        return result;
    }

    private <T> List<T> parallel(List<Callable<T>> tasks) {
        return parallel(pool, tasks);
    }

    /** Runs the tasks on the pool; results in the tasks' order; a task's failure is rethrown. */
    public static <T> List<T> parallel(ExecutorService pool, List<Callable<T>> tasks) {
        List<Future<T>> futures = new ArrayList<>();
        tasks.forEach(t -> futures.add(pool.submit(t)));
        List<T> out = new ArrayList<>();
        for (Future<T> f : futures) {
            try {
                out.add(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw LogpushException.interrupted(false);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
            }
        }
        return out;
    }

    /**
     * The jobs a run wrote or found as desired (created, updated, unchanged), for --wait: each scope listed afresh
     * (once, after the writes), so that each target has the job as it is now and the other jobs of the run's scopes
     * that send to its intake key. A scope whose listing fails is named to {@code unlisted}, and its jobs left out.
     */
    public List<DeliveryWait.Target> waitTargets(List<Outcome> outcomes, Consumer<String> unlisted) {
        List<Outcome> written = outcomes.stream().filter(o -> o.jobId() != null && (o.action() == Action.CREATE
                || o.action() == Action.UPDATE || o.action() == Action.UNCHANGED)).toList();
        Map<String, Scope> scopes = new LinkedHashMap<>();
        written.forEach(o -> scopes.put(o.scope().path(), o.scope()));
        List<Scope> order = new ArrayList<>(scopes.values());
        List<Object> listings = parallel(order.stream().<Callable<Object>>map(scope -> () -> {
            try {
                return api.listJobs(scope);
            } catch (LogpushException e) {
                if (e.interrupted()) {
                    throw e;
                }
                return e;
            }
        }).toList());
        Map<String, List<Job>> byScope = new HashMap<>();
        List<Job> all = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            if (listings.get(i) instanceof LogpushException e) {
                unlisted.accept("cannot wait for the jobs of " + order.get(i).describe() + ": " + e.getMessage());
                continue;
            }
            @SuppressWarnings("unchecked")
            List<Job> jobs = (List<Job>) listings.get(i);
            byScope.put(order.get(i).path(), jobs);
            all.addAll(jobs);
        }
        List<DeliveryWait.Target> targets = new ArrayList<>();
        for (Outcome o : written) {
            List<Job> jobs = byScope.get(o.scope().path());
            if (jobs == null) {
                continue;
            }
            jobs.stream().filter(j -> j.id() == o.jobId()).findFirst()
                    .ifPresentOrElse(j -> targets.add(DeliveryWait.Target.of(o.scope(), j, null, all)),
                            () -> unlisted.accept("cannot wait for job " + o.jobId() + " of " + o.scope().describe()
                                    + ": Cloudflare no longer lists it"));
        }
        return targets;
    }

    // ---------------------------------------------------------------------------------------------
    // targets

    /**
     * The file's targets ({@link ScopeResolver}); a zone that does not resolve is a failed target. A target declared
     * twice (a zone by name and by ID, or by 'all' and by name) is a usage error, before any write.
     */
    private List<ScopeResolver.Target> targets(ApplyFile file, List<Outcome> failures) {
        ScopeResolver.Resolved resolved = resolver.resolve(file);
        resolved.unresolved().forEach(u -> failures.add(new Outcome(Action.FAILED, u.scope(), u.dataset(), null, null,
                List.of(), u.message(), null)));
        List<ScopeResolver.Target> targets = new ArrayList<>();
        Map<TargetKey, ApplyFile.Declared> seen = new HashMap<>();
        List<String> twice = new ArrayList<>();
        for (ScopeResolver.Target t : resolved.targets()) {
            ApplyFile.Declared first = seen.putIfAbsent(new TargetKey(t.scope().path(), t.declared().dataset()),
                    t.declared());
            if (first == null) {
                targets.add(t);
            } else {
                twice.add(t.declared().where() + ": declares " + t.declared().dataset() + " for " + t.scope().describe()
                        + " (" + t.scope().id() + ") again, already declared at " + first.where()
                        + " (by name and by ID, or by 'all')");
            }
        }
        if (!twice.isEmpty()) {
            throw LogpushException.usage(String.join("; ", twice),
                    "declare each (zone, dataset) once; no change was sent");
        }
        Set<String> zones = new HashSet<>();
        targets.stream().filter(t -> t.scope().kind() == Scope.Kind.ZONE).forEach(t -> zones.add(t.scope().id()));
        fields.expect(zones);
        return targets;
    }

    /** One (zone or account, dataset): what a file may declare once. */
    private record TargetKey(String scopePath, String dataset) {
    }

    // ---------------------------------------------------------------------------------------------
    // planning

    private List<Job> jobs(Scope scope) {
        return FieldLists.memo(jobsByScope, scope.path(), () -> api.listJobs(scope));
    }

    private Map<String, String> offered(Scope scope, String dataset) {
        return fields.of(scope, dataset);
    }

    private List<Outcome> planSafely(ScopeResolver.Target t) {
        try {
            if (stopping) {
                return List.of(new Outcome(Action.NOT_DONE, t.scope(), t.declared().dataset(), null, null, List.of(),
                        null, null));
            }
            return plan(t);
        } catch (LogpushException e) {
            boolean cut = stopping || e.interrupted();
            return List.of(new Outcome(cut ? Action.NOT_DONE : Action.FAILED, t.scope(), t.declared().dataset(), null,
                    null, List.of(), cut ? null : e.getMessage(), null));
        } finally {
            progress.accept(done.incrementAndGet() + "/" + totalTargets + " targets planned");
        }
    }

    /**
     * The target's outcome, and a delete for each duplicate: another job of the dataset in the scope that sends to
     * the same intake key (two runs racing, or a create whose answer was lost), which would have Sekoia receive
     * every event twice. The oldest job (lowest ID) is the one kept and compared.
     */
    private List<Outcome> plan(ScopeResolver.Target t) {
        ApplyFile.Declared d = t.declared();
        ApplyFile.Settings s = d.settings();
        String base = Catalog.get().intakeBase(s.region(), s.intakeUrl());
        List<Job> jobs = jobs(t.scope());
        Optional<ZoneRules.Match> match = ZoneRules.match(jobs, d.dataset(), s.intakeKey(), base);
        if (match.isEmpty()) {
            return List.of(guarded(t, planCreate(t, base), null));
        }
        List<Outcome> out = new ArrayList<>();
        Job job = match.get().job();
        out.add(planExisting(t, job, base));
        for (Job twin : ZoneRules.duplicates(jobs, job)) {
            out.add(new Outcome(Action.DELETE, t.scope(), d.dataset(), twin.id(), twin.name(),
                    List.of("duplicate of job " + job.id() + ": both send " + d.dataset() + " to one intake key, so "
                            + "Sekoia would receive every event twice; the oldest job is kept"), null, null));
        }
        return out;
    }

    /**
     * The outcome, or a failure before any write when it would send what create refuses without --force: a create
     * ({@code changes} null) sends every property, an update only those that change (a job adopted as it is stays
     * as it is).
     */
    private Outcome guarded(ScopeResolver.Target t, Outcome o, List<JobUpdate.Change> changes) {
        if (force || !o.write()) {
            return o;
        }
        List<String> refused = t.declared().guards().stream()
                .filter(g -> changes == null || changes.stream().anyMatch(c -> c.property().equals(g.property())))
                .map(ApplyFile.Guard::message).toList();
        return refused.isEmpty() ? o : o.with(Action.FAILED, o.jobId(), "refused: " + String.join("; ", refused)
                + " (or pass --force)");
    }

    private Outcome planExisting(ScopeResolver.Target t, Job job, String base) {
        ApplyFile.Declared d = t.declared();
        ApplyFile.Settings s = d.settings();
        String destination = ZoneRules.destinationFor(job, base, s.intakeKey());
        List<String> fields = s.fields() == null ? null : s.fields().withoutRequest(d.dataset());
        JobUpdate.Plan plan = JobUpdate.plan(job, spec(s, fields, destination));
        boolean fieldsChange = plan.changes().stream().anyMatch(c -> c.property().equals("fields"));
        if (s.fields() != null && (fieldsChange || fields == null)) {
            fields = s.fields().resolve(d.dataset(), offered(t.scope(), d.dataset()), w -> { });
            plan = JobUpdate.plan(job, spec(s, fields, destination));
        }
        if (plan.isEmpty()) {
            return new Outcome(Action.UNCHANGED, t.scope(), d.dataset(), job.id(), job.name(), List.of(), null, null);
        }
        return guarded(t, new Outcome(Action.UPDATE, t.scope(), d.dataset(), job.id(), job.name(),
                plan.changes().stream().map(JobUpdate.Change::description).toList(), null, plan.body()), plan.changes());
    }

    /**
     * What an existing job is held to: what the file sets, and enabled unless the file says {@code enabled: false}
     * (create's default): a job Cloudflare disabled after failing uploads is drift, the most important there is.
     */
    private static JobSpec spec(ApplyFile.Settings s, List<String> fields, String destination) {
        return draft(s).enabled(!Boolean.FALSE.equals(s.enabled())).fields(s.fields() == null ? null : fields)
                .destination(destination).build();
    }

    /** The job properties the file sets (null where it sets none), for a create or a comparison. */
    private static JobSpec.Builder draft(ApplyFile.Settings s) {
        return JobSpec.builder().name(s.name()).timestamps(s.timestamps()).filter(s.filter())
                .maxUploadBytes(s.maxUploadBytes()).maxUploadRecords(s.maxUploadRecords())
                .maxUploadIntervalSeconds(s.maxUploadIntervalSeconds()).outputOptions(Boolean.TRUE.equals(s.outputOptions()))
                .outputExtras(s.outputExtras()).filterAttackTraffic(s.filterAttackTraffic());
    }

    private Outcome planCreate(ScopeResolver.Target t, String base) {
        ApplyFile.Declared d = t.declared();
        ApplyFile.Settings s = d.settings();
        FieldSelection selection = s.fields() != null ? s.fields() : FieldSelection.ALL;
        List<String> fields = selection.resolve(d.dataset(), offered(t.scope(), d.dataset()), w -> { });
        JobSpec spec = draft(s).dataset(d.dataset()).enabled(s.enabled()).fields(fields)
                .destination(Destination.build(base, s.intakeKey())).kind(s.kind()).build().withCreateDefaults();
        List<String> what = List.of(fields.size() + " fields, timestamps " + spec.timestamps() + ", → "
                + Destination.host(spec.destination()) + " (key " + s.intakeKeySource() + ": "
                + Redactor.mask(s.intakeKey()) + ")");
        return new Outcome(Action.CREATE, t.scope(), d.dataset(), null, spec.name(), what, null, spec.createBody());
    }

    private List<Outcome> prunes(List<ScopeResolver.Target> targets, List<Outcome> planned) {
        Set<Long> kept = new HashSet<>();
        planned.forEach(o -> {
            if (o.jobId() != null) {
                kept.add(o.jobId());
            }
        });
        Map<String, Scope> scopes = new LinkedHashMap<>();
        targets.forEach(t -> scopes.put(t.scope().path(), t.scope()));
        List<Outcome> out = new ArrayList<>();
        for (Scope scope : scopes.values()) {
            List<Job> jobs;
            try {
                jobs = jobs(scope);
            } catch (LogpushException e) {
                continue;
            }
            for (Job j : jobs) {
                if (Destination.isSekoia(j.destinationConf()) && !kept.contains(j.id())) {
                    out.add(new Outcome(Action.DELETE, scope, j.dataset(), j.id(), j.name(),
                            List.of("not in the file"), null, null));
                }
            }
        }
        return out;
    }

    /** A zone takes 4 jobs: creates beyond that fail before any request. */
    private void limitCreates(List<Outcome> outcomes) {
        Map<String, Integer> count = new HashMap<>();
        for (int i = 0; i < outcomes.size(); i++) {
            Outcome o = outcomes.get(i);
            if (o.action() != Action.CREATE || o.scope().kind() != Scope.Kind.ZONE) {
                continue;
            }
            String path = o.scope().path();
            int jobs = count.computeIfAbsent(path, p -> {
                long deletes = outcomes.stream().filter(x -> x.action() == Action.DELETE && x.scope().path().equals(p))
                        .count();
                return (int) (jobs(o.scope()).size() - deletes);
            });
            if (ZoneRules.full(o.scope(), jobs)) {
                outcomes.set(i, o.with(Action.FAILED, null, o.scope().describe() + " already has " + jobs
                        + " Logpush jobs, the most Cloudflare allows; delete one or use prune"));
            } else {
                count.put(path, jobs + 1);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // applying

    private Outcome execute(Outcome o) {
        boolean write = o.write();
        if (write && stopping) {
            return o.with(Action.NOT_DONE, o.jobId(), null);
        }
        try {
            switch (o.action()) {
                case CREATE: {
                    Set<Long> before = new HashSet<>();
                    jobs(o.scope()).forEach(j -> before.add(j.id()));
                    String key = Destination.intakeKey(o.body().path("destination_conf").asText()).orElseThrow();
                    Job created = ZoneRules.create(api, o.scope(), o.body(), before, key, w -> { });
                    return o.with(Action.CREATE, created.id(), null);
                }
                case UPDATE:
                    ZoneRules.update(api, o.scope(), o.jobId(), o.body(), o.body().has("logpull_options"));
                    return o;
                case DELETE:
                    api.deleteJob(o.scope(), o.jobId());
                    return o;
                default:
                    return o;
            }
        } catch (LogpushException.Interrupted e) {
            if (!e.mayHaveActed()) {
                return o.with(Action.NOT_DONE, o.jobId(), null); // cut short before it was sent (again): not made
            }
            return o.with(Action.UNKNOWN, o.jobId(), "interrupted after the " + o.action().planWord + " was sent "
                    + "without a clear answer; see 'logpush list " + o.scope().args() + " --dataset " + o.dataset()
                    + "'");
        } catch (ZoneRules.OutcomeUnknown e) {
            return o.with(Action.UNKNOWN, o.jobId(), e.getMessage());
        } catch (LogpushException e) {
            return o.with(Action.FAILED, o.jobId(), o.action().planWord + " failed: " + e.getMessage());
        }
    }
}
