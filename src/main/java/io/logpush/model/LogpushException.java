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
        CONFLICT
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

    public static LogpushException failure(String message, String hint) {
        return new LogpushException(Kind.FAILURE, message, hint);
    }
}
