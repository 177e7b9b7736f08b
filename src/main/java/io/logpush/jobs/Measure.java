package io.logpush.jobs;

/**
 * A number behind a check, typed (never parsed back from a message): what -o prometheus exports next to each
 * check's status. The key is the metric's name after {@code logpush_check_}; the unit is in the name.
 */
public enum Measure {
    LAST_COMPLETE_AGE("last_complete_age_seconds",
            "Seconds since Cloudflare last delivered a batch of the job (its last_complete)."),
    UPLOADS("uploads", "Upload attempts of the job within --window (Cloudflare's GraphQL upload history)."),
    UPLOADS_FAILED("uploads_failed", "Failed upload attempts of the job within --window (retried or dropped)."),
    RECORDS_DELIVERED("records_delivered", "Records Cloudflare delivered for the job within --window."),
    RECORDS_LOST("records_lost", "Records of batches Cloudflare dropped for good within --window."),
    SEKOIA_EVENTS_RECEIVED("sekoia_events_received",
            "Events Sekoia received on the job's intake within --max-age (valid, warning and invalid)."),
    SEKOIA_EVENTS_INVALID("sekoia_events_invalid",
            "Events Sekoia received on the job's intake within --max-age that failed to parse."),
    SEKOIA_LAG_AVERAGE("sekoia_lag_average_seconds",
            "Average reception lag of the job's events in Sekoia within --max-age, in seconds."),
    RECONCILE_DELIVERED("reconcile_records_delivered",
            "Records Cloudflare delivered to the intake (its checked jobs) over the reconciled whole hours."),
    RECONCILE_RECEIVED("reconcile_events_received",
            "Valid and warning events Sekoia received on the intake over the reconciled whole hours."),
    RECONCILE_RATIO("reconcile_ratio",
            "Events Sekoia received per record Cloudflare delivered to the intake over the reconciled whole hours "
                    + "(1: none missing; absent when nothing was delivered).");

    private final String key;
    private final String help;

    Measure(String key, String help) {
        this.key = key;
        this.help = help;
    }

    /** The metric's name after {@code logpush_check_}: "last_complete_age_seconds". */
    public String key() {
        return key;
    }

    /** One line saying what the number is (the metric's HELP). */
    public String help() {
        return help;
    }
}
