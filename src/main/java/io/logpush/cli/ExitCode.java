package io.logpush.cli;

import java.util.LinkedHashMap;
import java.util.Map;

import io.logpush.model.LogpushException;

/** The one table of the tool's exit codes: what each means, and which failure kind gives which. */
public enum ExitCode {
    SUCCESS(0, "Success."),
    FAILURE(1, "Cloudflare refused or failed (error envelope, 5xx after retries), or another error."),
    USAGE(2, "Usage or input error, caught before any request where possible."),
    NOT_FOUND(3, "Not found: a zone name that resolves to nothing, a job ID that does not exist."),
    AUTH(4, "Authentication or permission: no credentials, HTTP 401 or 403."),
    NETWORK(5, "Network: connection refused, DNS, TLS, timeout, or still rate-limited after retries."),
    CONFLICT(6, "Conflict: a job already sends this dataset to this intake, or the zone has 4 jobs."),
    CHANGES_PENDING(7, "Changes pending: apply --plan --detailed-exitcode found differences."),
    NOT_CONFIRMED(8, "Written, but delivery not confirmed: --wait ran out before valid events of the job reached its "
            + "Sekoia intake (the write stands; 'logpush check' says why)."),
    INTERRUPTED(130, "Interrupted (Ctrl-C, SIGINT): apply starts no new write, and prints what was done; --wait "
            + "stops waiting, the write stands."),
    TERMINATED(143, "Terminated (SIGTERM): as for 130.");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    /** The exit code of a failure of this kind. */
    public static ExitCode of(LogpushException.Kind kind) {
        return switch (kind) {
            case FAILURE -> FAILURE;
            case USAGE -> USAGE;
            case NOT_FOUND -> NOT_FOUND;
            case AUTH -> AUTH;
            case NETWORK -> NETWORK;
            case CONFLICT -> CONFLICT;
            case INTERRUPTED -> INTERRUPTED;
        };
    }

    /** The exit code of any throwable: its kind's for a LogpushException, else FAILURE. */
    public static int of(Throwable t) {
        return t instanceof LogpushException le ? of(le.kind()).code : FAILURE.code;
    }

    /** The table every --help prints: code to meaning. */
    static Map<String, String> table() {
        Map<String, String> m = new LinkedHashMap<>();
        for (ExitCode e : values()) {
            m.put(Integer.toString(e.code), e.meaning);
        }
        return m;
    }
}
