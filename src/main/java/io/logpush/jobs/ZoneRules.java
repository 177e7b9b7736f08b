package io.logpush.jobs;

import java.net.ConnectException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.logpush.cloudflare.CloudflareException;
import io.logpush.cloudflare.LogpushApi;
import io.logpush.model.Job;
import io.logpush.model.LogpushException;
import io.logpush.model.Scope;
import io.logpush.sekoia.Catalog;
import io.logpush.sekoia.Destination;

/**
 * The rules about the jobs of one zone or account that create, check and apply share: which existing job
 * a desired one is (same intake key, else same intake: a key rotation), Cloudflare's limit of jobs per zone,
 * and what to do when the answer to a create is lost.
 */
public final class ZoneRules {
    /** Cloudflare's maximum number of Logpush jobs in a zone. */
    public static final int MAX_JOBS_PER_ZONE = 4;

    private ZoneRules() {
    }

    /** An existing job that a desired one matches; {@code sameKey} false means same intake, another key. */
    public record Match(Job job, boolean sameKey) {
    }

    /** Whether {@code job} sends {@code dataset} to the intake key {@code key}. */
    public static boolean sendsTo(Job job, String dataset, String key) {
        return dataset.equals(job.dataset())
                && Destination.intakeKey(job.destinationConf()).map(key::equals).orElse(false);
    }

    /**
     * The job among {@code jobs} that a desired job of {@code dataset} to {@code key} at intake {@code base} is:
     * one that sends the dataset to the same key, else a Sekoia job of the dataset at the same intake (the same
     * base, or another base of the same Sekoia region; any when {@code base} is null), which a key rotation would
     * update, or which carries no key that could be compared.
     */
    public static Optional<Match> match(List<Job> jobs, String dataset, String key, String base) {
        Optional<Job> oldest = jobs.stream().filter(j -> sendsTo(j, dataset, key)).min(Comparator.comparingLong(Job::id));
        if (oldest.isPresent()) {
            return Optional.of(new Match(oldest.get(), true));
        }
        for (Job j : jobs) {
            if (dataset.equals(j.dataset()) && Destination.isSekoia(j.destinationConf())
                    && (base == null || Catalog.get().sameIntake(j.destinationConf(), base))) {
                return Optional.of(new Match(j, false));
            }
        }
        return Optional.empty();
    }

    /**
     * The destination a matched Sekoia job should have to send to {@code key} at intake {@code base} (null: any):
     * the job's own base when it is the same intake (so a job on app.REGION stays there), else {@code base}.
     */
    public static String destinationFor(Job job, String base, String key) {
        String have = job.destinationConf();
        if (base != null && !Catalog.get().sameIntake(have, base)) {
            return Destination.build(base, key);
        }
        return Destination.intakeKey(have).isPresent() ? Destination.withKey(have, key)
                : Destination.build(Destination.base(have), key);
    }

    /** Whether a zone with {@code jobs} jobs is full. Accounts have no such limit. */
    public static boolean full(Scope scope, int jobs) {
        return scope.kind() == Scope.Kind.ZONE && jobs >= MAX_JOBS_PER_ZONE;
    }

    /** Refuses (CONFLICT) a create in a zone that has Cloudflare's maximum of jobs, naming them. */
    public static void requireRoom(Scope scope, List<Job> jobs) {
        if (full(scope, jobs.size())) {
            throw LogpushException.conflict(scope.describe() + " already has " + jobs.size()
                            + " Logpush jobs, the most Cloudflare allows: " + jobs.stream()
                            .map(j -> j.id() + " (" + j.displayName() + ", " + j.dataset() + ")")
                            .collect(Collectors.joining(", ")),
                    "free a slot with 'logpush delete JOB_ID " + scope.args() + "', or reuse a job with "
                            + "'logpush update JOB_ID " + scope.args() + "'");
        }
    }

    /**
     * Sends a PUT of {@code body} to job {@code id}; when Cloudflare refuses it because the job's destination
     * fails its test upload, the error explains that and the two ways out.
     *
     * @param logpull whether the job is on logpull_options (then --output-options may help)
     */
    public static Job update(LogpushApi api, Scope scope, long id, ObjectNode body, boolean logpull) {
        try {
            return api.updateJob(scope, id, body);
        } catch (CloudflareException e) {
            throw DestinationErrors.onUpdate(e, scope, id, logpull);
        }
    }

    /**
     * Creates the job. When the POST went out but its answer was lost (timeout, reset), a blind retry could
     * create it twice, so the dataset's jobs are listed instead: a new job to the same key is the one created
     * ({@code note} says so); otherwise the outcome is unknown (FAILURE).
     *
     * @param before the IDs of the scope's jobs before the create
     */
    public static Job create(LogpushApi api, Scope scope, ObjectNode body, Set<Long> before, String key,
                             Consumer<String> note) {
        String dataset = body.path("dataset").asText();
        try {
            return api.createJob(scope, body);
        } catch (CloudflareException e) {
            throw DestinationErrors.onCreate(e, body);
        } catch (LogpushException e) {
            if (e.kind() != LogpushException.Kind.NETWORK || e.getCause() == null
                    || e.getCause() instanceof ConnectException) {
                throw e;
            }
            List<Job> now;
            try {
                now = api.listJobs(scope, dataset);
            } catch (LogpushException listFailed) {
                now = List.of();
            }
            for (Job j : now) {
                if (!before.contains(j.id()) && sendsTo(j, dataset, key)) {
                    note.accept("note: Cloudflare's answer to the create was lost, but job " + j.id() + " now exists");
                    return j;
                }
            }
            throw new OutcomeUnknown("the outcome of the create is unknown: " + e.getMessage(),
                    "check with 'logpush list " + scope.args() + " --dataset " + dataset
                            + "' before running create again");
        }
    }

    /** A write was sent and no answer, nor a listing after it, says whether Cloudflare made it. */
    public static final class OutcomeUnknown extends LogpushException {
        private static final long serialVersionUID = 1L;

        OutcomeUnknown(String message, String hint) {
            super(Kind.FAILURE, message, hint);
        }
    }

    /**
     * The other jobs among {@code jobs} that send {@code kept}'s dataset to {@code kept}'s intake key: duplicates,
     * which make Sekoia receive every event twice. {@code kept} should be the oldest ({@link #match} picks it).
     */
    public static List<Job> duplicates(List<Job> jobs, Job kept) {
        return duplicateGroups(jobs).stream().filter(g -> g.get(0).id() == kept.id()).findFirst()
                .map(g -> g.subList(1, g.size())).orElse(List.of());
    }

    /** One dataset sent to one intake key: what makes jobs duplicates. */
    private record Sent(String dataset, String intakeKey) {
    }

    /**
     * The groups of two or more jobs among {@code jobs} that send one dataset to one intake key, each oldest (lowest
     * ID) first: the one rule of duplicates, for apply (which deletes the newer ones) and check (which fails them).
     */
    public static List<List<Job>> duplicateGroups(List<Job> jobs) {
        Map<Sent, List<Job>> bySent = new LinkedHashMap<>();
        for (Job j : jobs) {
            Destination.intakeKey(j.destinationConf()).ifPresent(k ->
                    bySent.computeIfAbsent(new Sent(j.dataset(), k), x -> new ArrayList<>()).add(j));
        }
        return bySent.values().stream().filter(g -> g.size() > 1)
                .map(g -> g.stream().sorted(Comparator.comparingLong(Job::id)).toList()).toList();
    }
}
