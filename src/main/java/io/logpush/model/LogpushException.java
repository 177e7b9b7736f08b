package io.logpush.model;

/**
 * Every failure the tool reports: a one-line message, an optional hint, and a kind that decides the
 * exit code. Messages must never carry a secret; callers pass masked values only.
 */
public class LogpushException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong; the command line maps each kind to its exit code (cli.ExitCode). */
    public enum Kind {
        /** Cloudflare refused or failed, or any other runtime error. */
        FAILURE,
        /** Usage or input error, caught before any request wherever possible. */
        USAGE,
        /** A zone, account or job that does not exist. */
        NOT_FOUND,
        /** No credentials, or Cloudflare refused them. */
        AUTH,
        /** Connection refused, DNS, TLS, timeout, or still rate-limited after retries. */
        NETWORK,
        /** The change would duplicate or exceed what already exists. */
        CONFLICT,
        /**
         * The run was interrupted (SIGINT, SIGTERM) before this request was sent, or during a wait: nothing was
         * sent for it after the signal.
         */
        INTERRUPTED
    }

    private final Kind kind;
    private final String hint;

    public LogpushException(Kind kind, String message, String hint) {
        this(kind, message, hint, null);
    }

    public LogpushException(Kind kind, String message, String hint, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.hint = hint;
    }

    public Kind kind() {
        return kind;
    }

    /** A fix the user can apply, or null. */
    public String hint() {
        return hint;
    }

    public static LogpushException usage(String message, String hint) {
        return new LogpushException(Kind.USAGE, message, hint);
    }

    public static LogpushException notFound(String message, String hint) {
        return new LogpushException(Kind.NOT_FOUND, message, hint);
    }

    public static LogpushException auth(String message, String hint) {
        return new LogpushException(Kind.AUTH, message, hint);
    }

    public static LogpushException conflict(String message, String hint) {
        return new LogpushException(Kind.CONFLICT, message, hint);
    }

    /** Nothing more is sent: the run was interrupted (SIGINT, SIGTERM). */
    public static Interrupted interrupted(boolean mayHaveActed) {
        return new Interrupted(mayHaveActed);
    }

    public boolean interrupted() {
        return kind == Kind.INTERRUPTED;
    }

    /**
     * A request given up because the run was interrupted: it was not sent (again) after the signal.
     * {@code mayHaveActed}: an earlier attempt of it was sent and got no answer, or an answer that does not rule
     * out that the server acted (a 5xx before a retry); false when nothing was sent, or only 429s came back.
     */
    public static final class Interrupted extends LogpushException {
        private static final long serialVersionUID = 1L;
        private final boolean mayHaveActed;

        Interrupted(boolean mayHaveActed) {
            super(Kind.INTERRUPTED, "interrupted", null);
            this.mayHaveActed = mayHaveActed;
        }

        public boolean mayHaveActed() {
            return mayHaveActed;
        }
    }

    public static LogpushException failure(String message, String hint) {
        return new LogpushException(Kind.FAILURE, message, hint);
    }
}
