package io.logpush.model;

import java.time.Duration;
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

    /** A wait for people: "45s", "4m10s", "1h2m". */
    public static String human(Duration d) {
        long s = Math.max(0, (d.toMillis() + 999) / 1000);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m" + (s % 60 == 0 ? "" : s % 60 + "s");
        }
        return s / 3600 + "h" + (s % 3600 / 60 == 0 ? "" : s % 3600 / 60 + "m");
    }
}
