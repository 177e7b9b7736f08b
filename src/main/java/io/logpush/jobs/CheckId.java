package io.logpush.jobs;

/**
 * The checks of {@code logpush check}: each id is a contract with scripts (the {@code check} key of -o json), listed
 * with its source and meaning in docs/ci.md ("Check ids"), which a test holds to this enum.
 */
public enum CheckId {
    CREDENTIALS("credentials", Check.CLOUDFLARE,
            "the API token is active and not about to expire, or the global key is accepted"),
    SCOPE("scope", Check.CLOUDFLARE, "the zone or account resolves and its Logpush jobs can be read"),
    JOB("job", Check.CLOUDFLARE, "a job given by JOB_ID exists in the scope"),
    JOBS("jobs", Check.CLOUDFLARE, "a job sends to Sekoia (with --file: one for each declared dataset)"),
    DUPLICATES("duplicates", Check.CLOUDFLARE, "no two jobs send one dataset to one intake key"),
    ENABLED("enabled", Check.CLOUDFLARE, "the job is enabled"),
    DELIVERY("delivery", Check.CLOUDFLARE, "Cloudflare reports no failing delivery and a batch within --max-age"),
    DESTINATION("destination", Check.CLOUDFLARE,
            "the destination is a Sekoia intake host of a known region, with a key"),
    DATASET("dataset", Check.CLOUDFLARE, "Sekoia has an intake for the job's dataset"),
    TIMESTAMPS("timestamps", Check.CLOUDFLARE, "the timestamp format is the one Sekoia's parser reads"),
    FIELDS("fields", Check.CLOUDFLARE, "the job sends the fields Sekoia's parser maps (among those offered)"),
    FORMAT("format", Check.CLOUDFLARE, "the output options keep the NDJSON Sekoia's parsers read"),
    OPTIONS("options", Check.CLOUDFLARE, "the job uses output_options, not the deprecated logpull_options (info)"),
    DESTINATION_VALIDATION("destination_validation", Check.CLOUDFLARE,
            "with --validate-destination: Cloudflare delivered a test batch to the intake"),
    ALERT("alert", Check.CLOUDFLARE, "an enabled notification policy of failing_logpush_job_disabled_alert exists "
            + "in the account (i when the account cannot subscribe to it)"),
    UPLOADS("uploads", Check.CLOUDFLARE, "Cloudflare's upload history over --window: no batch dropped, not failing "
            + "now, failed attempts under 1 % (needs Account Analytics Read)"),
    SEKOIA("sekoia", Check.SEKOIA, "the Sekoia API key (SEKOIA_API_KEY) is accepted"),
    SEKOIA_INTAKE("sekoia_intake", Check.SEKOIA, "a Sekoia intake has the job's intake key"),
    SEKOIA_FORMAT("sekoia_format", Check.SEKOIA, "that intake's format is the parser of the job's dataset"),
    SEKOIA_ARRIVAL("sekoia_arrival", Check.SEKOIA, "events arrived within --max-age"),
    SEKOIA_PARSING("sekoia_parsing", Check.SEKOIA, "the share of events that fail to parse is at most --max-invalid"),
    SEKOIA_DATES("sekoia_dates", Check.SEKOIA, "events are dated right (the reception lag is under a day)"),
    RECONCILE("reconcile", Check.SEKOIA, "per Sekoia intake: the records Cloudflare delivered to it (its checked jobs, "
            + "success=1) against the valid and warning events Sekoia received, over the same whole hours of --window "
            + "ending at least 15 minutes ago, apart by at most --max-loss percent or 10 events (needs Account "
            + "Analytics Read)"),
    SILENCE("silence", Check.SEKOIA, "with --max-silence (or max_silence in the apply file): the enabled job's "
            + "intake received a valid event within that window"),
    COVERAGE("coverage", Check.CLOUDFLARE, "with --all-zones or --all-accounts: a zone or account that sends no "
            + "dataset to Sekoia (info)");

    private final String key;
    private final String source;
    private final String meaning;

    CheckId(String key, String source, String meaning) {
        this.key = key;
        this.source = source;
        this.meaning = meaning;
    }

    /** The id in -o json: "delivery", "sekoia_format". */
    public String key() {
        return key;
    }

    /** Where the check's facts come from: {@link Check#CLOUDFLARE} or {@link Check#SEKOIA}. */
    public String source() {
        return source;
    }

    /** What the check asserts, one line (the docs/ci.md table). */
    public String meaning() {
        return meaning;
    }
}
