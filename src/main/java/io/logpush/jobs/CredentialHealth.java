package io.logpush.jobs;

import static io.logpush.jobs.CheckId.CREDENTIALS;

import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

import io.logpush.cloudflare.LogpushApi;
import io.logpush.model.LogpushException;
import io.logpush.model.Times;

/**
 * The {@code credentials} check: a global key is accepted (a token would be safer); a token is active, a warning
 * when it expires within {@link #EXPIRY_WARNING}, a failure otherwise, and a failure stops the checks (the others
 * cannot run without credentials). {@link #judge} is the rule, pure; {@link #check} asks Cloudflare.
 */
public final class CredentialHealth {
    /** A token expiring sooner than this is a warning: time to roll it. */
    public static final Duration EXPIRY_WARNING = Duration.ofDays(14);

    private CredentialHealth() {
    }

    /** The check, and the kind of error that stops the other checks (null: they go on). */
    public record Verdict(Check check, LogpushException.Kind stop) {
    }

    /**
     * Verifies the credentials: a global key by a cheap read; a token on /user/tokens/verify, or, refused there and
     * {@code account} given (an account-owned token), on the account's.
     */
    public static Verdict check(LogpushApi lp, String account, Instant now) {
        try {
            if (!lp.credentials().isToken()) {
                lp.probeGlobalKey();
                return new Verdict(globalKey(), null);
            }
            Check token = judge(verify(lp, account), now);
            return new Verdict(token, token.status() == Check.Status.FAILURE ? LogpushException.Kind.AUTH : null);
        } catch (LogpushException e) {
            return new Verdict(Check.failure(CREDENTIALS, "credentials", e.getMessage(), e.hint()), e.kind());
        }
    }

    private static JsonNode verify(LogpushApi lp, String account) {
        try {
            return lp.verifyToken(null);
        } catch (LogpushException e) {
            if (account == null || e.kind() != LogpushException.Kind.AUTH) {
                throw e;
            }
            return lp.verifyToken(account);
        }
    }

    public static Check globalKey() {
        return Check.ok(CREDENTIALS, "credentials", "the global API key is accepted (an API token would be safer)");
    }

    /** A token as Cloudflare's verify answers it: {@code status} and {@code expires_on}. */
    public static Check judge(JsonNode token, Instant now) {
        JsonNode expires = token.path("expires_on");
        Instant expiresOn = Times.instant(expires.isTextual() ? expires.asText() : null);
        return judge(token.path("status").asText("unknown"), expiresOn, now);
    }

    /** The rule: active and not expiring within {@link #EXPIRY_WARNING} is ok; {@code expires} may be null (never). */
    public static Check judge(String status, Instant expires, Instant now) {
        if (!status.equals("active")) {
            return Check.failure(CREDENTIALS, "credentials", "the API token is " + status,
                    "create a new token under My Profile > API Tokens");
        }
        if (expires != null && expires.isBefore(now.plus(EXPIRY_WARNING))) {
            return Check.warning(CREDENTIALS, "credentials", "the API token is active but expires on " + expires,
                    "roll the token under My Profile > API Tokens before then");
        }
        return Check.ok(CREDENTIALS, "credentials", "the API token is active"
                + (expires != null ? " (expires " + expires + ")" : ""));
    }
}
