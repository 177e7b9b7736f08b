package io.logpush.http;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one place that decides what is retried and how long to wait.
 * <ul>
 * <li>GET, PUT and DELETE: retried on 429, 500, 502, 503, 504 and on any connection failure.</li>
 * <li>POST: retried only on 429 and on a refused connection, where Cloudflare cannot have seen it.</li>
 * <li>{@code maxAttempts} attempts in all; {@code Retry-After} (or the {@code Ratelimit} reset) honoured as
 * given, otherwise exponential backoff with jitter from {@code baseDelay}, each backoff at most
 * {@link #MAX_BACKOFF}. Whether a wait is too long for the command is the transport's call (--max-wait).</li>
 * </ul>
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofSeconds(1));

    /** The longest backoff between two attempts when the server names no time. */
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    /** The most {@code LOGPUSH_RETRY_BASE_MS} may be: larger bases would only reach {@link #MAX_BACKOFF}. */
    public static final long MAX_BASE_MILLIS = 30_000;

    static boolean idempotent(String method) {
        return !method.equals("POST");
    }

    public boolean retriesStatus(String method, int status) {
        if (status == 429) {
            return true;
        }
        return idempotent(method) && (status == 500 || status == 502 || status == 503 || status == 504);
    }

    public boolean retriesFailure(String method, IOException failure) {
        return idempotent(method) || failure instanceof ConnectException;
    }

    /** How long to wait before attempt {@code attempt + 1}; {@code retryAfter} may be null. */
    public Duration delay(int attempt, Duration retryAfter) {
        if (retryAfter != null) {
            return retryAfter;
        }
        long base = Math.min(baseDelay.toMillis() << Math.min(attempt - 1, 10), MAX_BACKOFF.toMillis());
        long jittered = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
        return Duration.ofMillis(jittered);
    }

    /**
     * The reset time of Cloudflare's {@code Ratelimit} header ({@code "default";r=0;t=30}: 30 s), used for a
     * 429 without {@code Retry-After}; null when absent or unreadable.
     */
    public static Duration parseRatelimitReset(String header) {
        Long t = RateLimiter.param(header, "t");
        return t == null ? null : Duration.ofSeconds(t);
    }

    /** A {@code Retry-After} header in seconds or as an HTTP date; null when absent or unreadable. */
    public static Duration parseRetryAfter(String header, ZonedDateTime now) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String h = header.trim();
        try {
            long seconds = Long.parseLong(h);
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(now, at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }
}
