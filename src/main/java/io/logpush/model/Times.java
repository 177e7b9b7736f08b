package io.logpush.model;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Reading the instants the APIs return. */
public final class Times {
    private Times() {
    }

    /** An RFC 3339 instant, or null when absent or unreadable. */
    public static Instant instant(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
