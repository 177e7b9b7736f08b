package io.logpush.jobs;

/**
 * One line of {@code logpush check}: what was checked, how it went, what was found, and for a warning or
 * a failure the one-line fix (often a logpush command), or null.
 */
public record Check(String name, Status status, String message, String fix, Long jobId) {
    public enum Status {
        OK("✓", "ok"), WARNING("!", "warning"), FAILURE("✗", "failure");

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

    public static Check ok(String name, String message) {
        return new Check(name, Status.OK, message, null, null);
    }

    public static Check warning(String name, String message, String fix) {
        return new Check(name, Status.WARNING, message, fix, null);
    }

    public static Check failure(String name, String message, String fix) {
        return new Check(name, Status.FAILURE, message, fix, null);
    }

    public Check forJob(long id) {
        return new Check(name, status, message, fix, id);
    }
}
