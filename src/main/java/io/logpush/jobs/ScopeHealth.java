package io.logpush.jobs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

import io.logpush.model.Job;
import io.logpush.model.LogpushException;
import io.logpush.model.Redactor;
import io.logpush.model.Scope;
import io.logpush.sekoia.Destination;

/**
 * The judgement of one scope that {@code check} and {@code check -f} share: its job list read, which of its jobs to
 * judge (each then by {@link JobHealth} and {@link SekoiaHealth}), duplicates, and the datasets that no job sends to
 * Sekoia. Pure: the job list comes in, the checks and the jobs to judge go out.
 */
public final class ScopeHealth {
    private ScopeHealth() {
    }

    /** Which jobs of a scope are judged. */
    public sealed interface Wanted permits Datasets, Picked {
    }

    /**
     * The scope's jobs to Sekoia of each of these datasets (a null dataset: of any dataset). A dataset that has none
     * fails {@code jobs}, fixed by applying {@code file} (check -f) or, without a file, by a create.
     */
    public record Datasets(List<String> datasets, String file) implements Wanted {
        public static Datasets any(String dataset) {
            return new Datasets(Collections.singletonList(dataset), null);
        }
    }

    /**
     * Jobs given by ID (check JOB_ID…), found by the caller, and the checks of the IDs it could not find;
     * {@code dataset} (or null) narrows the duplicates.
     */
    public record Picked(List<Job> jobs, List<Check> notFound, String dataset) implements Wanted {
    }

    /** The jobs to judge of one wanted dataset, or the failure of its having none (then {@code jobs} is empty). */
    public record Part(List<Job> jobs, Check missing) {
    }

    /** The checks of the scope itself, then what to judge, in the order of the report. */
    public record Verdict(List<Check> checks, List<Part> parts) {
        public List<Job> selected() {
            return parts.stream().flatMap(p -> p.jobs().stream()).toList();
        }
    }

    /** The scope could be read: how many jobs, how many to Sekoia. */
    public static Check listed(Scope scope, List<Job> jobs) {
        long toSekoia = jobs.stream().filter(ScopeHealth::toSekoia).count();
        return Check.ok(CheckId.SCOPE, "scope", scope.describe() + ": " + jobs.size() + " Logpush job"
                + (jobs.size() == 1 ? "" : "s") + ", " + toSekoia + " to Sekoia");
    }

    /** The scope could not be resolved or its jobs read. */
    public static Check unreadable(String message, String fix) {
        return Check.failure(CheckId.SCOPE, "scope", message, fix);
    }

    /** A job given by ID that could not be read. */
    public static Check notFound(long id, LogpushException e) {
        return Check.failure(CheckId.JOB, "job " + id, e.getMessage(), e.hint()).forJob(id);
    }

    public static Verdict judge(Scope scope, List<Job> jobs, Wanted wanted) {
        List<Check> checks = new ArrayList<>();
        checks.add(listed(scope, jobs));
        List<Job> toSekoia = jobs.stream().filter(ScopeHealth::toSekoia).toList();
        if (wanted instanceof Picked picked) {
            checks.addAll(picked.notFound());
            checks.addAll(duplicates(scope, toSekoia.stream().filter(j -> matches(picked.dataset(), j)).toList()));
            return new Verdict(checks, List.of(new Part(picked.jobs(), null)));
        }
        Datasets datasets = (Datasets) wanted;
        checks.addAll(duplicates(scope, toSekoia.stream()
                .filter(j -> datasets.datasets().stream().anyMatch(ds -> matches(ds, j))).toList()));
        List<Part> parts = new ArrayList<>();
        for (String ds : datasets.datasets()) {
            List<Job> selected = toSekoia.stream().filter(j -> matches(ds, j)).toList();
            parts.add(new Part(selected, selected.isEmpty() ? missing(scope, ds, datasets.file()) : null));
        }
        return new Verdict(checks, parts);
    }

    private static Check missing(Scope scope, String dataset, String file) {
        String fix = file != null ? "logpush apply -f " + file : "logpush create " + scope.args() + " --dataset "
                + (dataset != null ? dataset : "firewall_events") + " --intake-key-file FILE";
        return Check.failure(CheckId.JOBS, "jobs", "no " + (dataset != null ? dataset + " " : "")
                + "job sends to Sekoia in " + scope.describe(), fix).forDataset(dataset);
    }

    /**
     * Jobs of one dataset that send to one intake key, among {@code jobs} ({@link ZoneRules#duplicateGroups}, the
     * rule apply uses too): Sekoia receives every event twice (two apply runs raced, or a create's lost answer was
     * retried by hand). One failure per group, naming the oldest (kept) and the newer ones to delete.
     */
    static List<Check> duplicates(Scope scope, List<Job> jobs) {
        List<Check> out = new ArrayList<>();
        for (List<Job> sorted : ZoneRules.duplicateGroups(jobs)) {
            Job kept = sorted.get(0);
            List<Job> newer = sorted.subList(1, sorted.size());
            String ids = String.join(", ", newer.stream().map(j -> Long.toString(j.id())).toList());
            out.add(Check.failure(CheckId.DUPLICATES, JobHealth.label(kept) + " duplicates", "job"
                            + (newer.size() == 1 ? " " : "s ") + ids + " also send" + (newer.size() == 1 ? "s " : " ")
                            + kept.dataset() + " to intake key "
                            + Redactor.mask(Destination.intakeKey(kept.destinationConf()).orElse(""))
                            + ": Sekoia receives every event twice",
                    "logpush delete " + newer.get(0).id() + " " + scope.args() + " (keep the oldest, job " + kept.id()
                            + "; 'logpush apply' removes the newer ones itself)").forJob(kept));
        }
        return out;
    }

    private static boolean toSekoia(Job job) {
        return Destination.isSekoia(job.destinationConf());
    }

    /** Whether {@code job} is of {@code dataset}, any dataset matching null. */
    private static boolean matches(String dataset, Job job) {
        return dataset == null || Objects.equals(dataset, job.dataset());
    }
}
