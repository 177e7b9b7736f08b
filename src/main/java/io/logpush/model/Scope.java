package io.logpush.model;

/**
 * Where Logpush jobs live: a zone or an account. {@code label} is what people recognise (the zone name
 * they typed, or the ID).
 */
public record Scope(Kind kind, String id, String label) {
    public enum Kind {
        ZONE("zone", "zones", "--zone"),
        ACCOUNT("account", "accounts", "--account");

        private final String word;
        private final String pathSegment;
        private final String option;

        Kind(String word, String pathSegment, String option) {
            this.word = word;
            this.pathSegment = pathSegment;
            this.option = option;
        }

        public String word() {
            return word;
        }

        public String option() {
            return option;
        }

        public Kind other() {
            return this == ZONE ? ACCOUNT : ZONE;
        }

    }

    /** {@code /zones/ID} or {@code /accounts/ID}. */
    public String path() {
        return "/" + kind.pathSegment + "/" + id;
    }

    /** The scope as command-line options, for suggested commands: "--zone example.com". */
    public String args() {
        return kind.option + " " + label;
    }

    /** "zone example.com" or "account 01a7…". */
    public String describe() {
        return kind.word + " " + label;
    }
}
