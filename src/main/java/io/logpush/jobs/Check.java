package io.logpush.jobs;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.logpush.model.Job;

/**
 * One line of {@code logpush check}: a stable id for scripts ({@link CheckId}: {@code delivery}, {@code timestamps},
 * …), what was checked, how it went, what was found, and for a warning or a failure the one-line fix (often a
 * logpush command), or null. A check of a job names it ({@code jobId}, {@code dataset}); a check of an account
 * ({@code alert}) names the account, and one of a Sekoia intake ({@code reconcile}) the intake and the jobs it sums;
 * {@code measures} are the numbers behind the judgement (for -o prometheus), empty when there are none.
 */
public record Check(CheckId id, String name, Status status, String message, String fix, Long jobId, String dataset,
                    Map<Measure, Double> measures, String account, IntakeRef intake) {
    public Check {
        measures = measures.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(measures));
    }

    /** A check of no job, without numbers. */
    public Check(CheckId id, String name, Status status, String message, String fix, Long jobId) {
        this(id, name, status, message, fix, jobId, null, Map.of(), null, null);
    }

    /** A Sekoia intake a check is about (never its key), and the jobs whose numbers it sums. */
    public record IntakeRef(String uuid, String name, List<Long> jobIds) {
        public IntakeRef {
            jobIds = List.copyOf(jobIds);
        }
    }

    /** Where a check's facts come from, for -o json. */
    public static final String CLOUDFLARE = "cloudflare";
    public static final String SEKOIA = "sekoia";

    public enum Status {
        OK("✓", "ok"), INFO("i", "info"), WARNING("!", "warning"), FAILURE("✗", "failure");

        private final String symbol;
        private final String word;

        Status(String symbol, String word) {
            this.symbol = symbol;
            this.word = word;
        }

        public String symbol() {
            return symbol;
        }

        public String word() {
            return word;
        }
    }

    public static Check ok(CheckId id, String name, String message) {
        return new Check(id, name, Status.OK, message, null, null);
    }

    /** Worth knowing, not wrong: counts neither as a warning nor as a failure. */
    public static Check info(CheckId id, String name, String message, String fix) {
        return new Check(id, name, Status.INFO, message, fix, null);
    }

    public static Check warning(CheckId id, String name, String message, String fix) {
        return new Check(id, name, Status.WARNING, message, fix, null);
    }

    public static Check failure(CheckId id, String name, String message, String fix) {
        return new Check(id, name, Status.FAILURE, message, fix, null);
    }

    /**
     * The job a check is about, as its name begins ({@code JobHealth.label}: "job 147 (name, dataset)"), or null
     * for a check of no job or whose name does not begin with its label.
     */
    public String subject() {
        if (jobId == null || !name.startsWith("job " + jobId + " (")) {
            return null;
        }
        int end = name.lastIndexOf(") ");
        return end < 0 ? null : name.substring(0, end + 1);
    }

    /** The name without its {@link #subject}: "timestamps", "Sekoia format". */
    public String shortName() {
        String subject = subject();
        return subject == null ? name : name.substring(subject.length() + 1);
    }

    public Check forJob(long jobId) {
        return new Check(id, name, status, message, fix, jobId, dataset, measures, account, intake);
    }

    /** This check as one of {@code job}'s: its id and dataset. */
    public Check forJob(Job job) {
        return new Check(id, name, status, message, fix, job.id(), job.dataset(), measures, account, intake);
    }

    /** This check as one about {@code dataset} without a job (a dataset that no job sends). */
    public Check forDataset(String dataset) {
        return new Check(id, name, status, message, fix, jobId, dataset, measures, account, intake);
    }

    /** This check as one about an account (by ID). */
    public Check forAccount(String accountId) {
        return new Check(id, name, status, message, fix, jobId, dataset, measures, accountId, intake);
    }

    /** This check as one about a Sekoia intake and the jobs it sums. */
    public Check forIntake(IntakeRef about) {
        return new Check(id, name, status, message, fix, jobId, dataset, measures, account, about);
    }

    /** This check with a number behind it. */
    public Check with(Measure measure, double value) {
        Map<Measure, Double> more = new EnumMap<>(Measure.class);
        more.putAll(measures);
        more.put(measure, value);
        return new Check(id, name, status, message, fix, jobId, dataset, more, account, intake);
    }

    /** Where the check's facts come from, for -o json: {@link #CLOUDFLARE} or {@link #SEKOIA}, by its id. */
    public String source() {
        return id.source();
    }
}
