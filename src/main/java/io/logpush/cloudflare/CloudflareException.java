package io.logpush.cloudflare;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import io.logpush.model.LogpushException;

/**
 * Cloudflare answered with an error: the HTTP status, every error of the envelope, and the cf-ray
 * that Cloudflare support asks for. The kind (and so the exit code) and the hint follow from the
 * status, the error codes and, for code 1004, the message, in {@link #classify}.
 */
public final class CloudflareException extends LogpushException {
    private static final long serialVersionUID = 1L;

    private final transient List<ApiError> errors;
    private final String cfRay;

    CloudflareException(Kind kind, String message, String hint, List<ApiError> errors, String cfRay) {
        super(kind, message, hint);
        this.errors = List.copyOf(errors);
        this.cfRay = cfRay;
    }

    public String cfRay() {
        return cfRay;
    }

    public boolean hasMessage(String fragment) {
        String f = fragment.toLowerCase(Locale.ROOT);
        return errors.stream().anyMatch(e -> e.message() != null && e.message().toLowerCase(Locale.ROOT).contains(f));
    }

    /** "what failed: HTTP 403 (10000: Authentication error) [cf-ray 8a1b]". */
    static CloudflareException of(String what, int status, String reason, List<ApiError> errors, String cfRay) {
        return of(what, status, reason, errors, cfRay, null);
    }

    /**
     * As {@link #of(String, int, String, List, String)}, with the command that verifies the credentials in use
     * ({@link Credentials#verifyCommand}) for the hint of a refused token; null: the default API and variable.
     */
    static CloudflareException of(String what, int status, String reason, List<ApiError> errors, String cfRay,
                                  String verifyCommand) {
        StringBuilder sb = new StringBuilder(what).append(" failed: HTTP ").append(status);
        if (reason != null && !reason.isBlank() && errors.isEmpty()) {
            sb.append(' ').append(reason);
        }
        if (!errors.isEmpty()) {
            sb.append(" (").append(errors.stream().map(ApiError::toString).collect(Collectors.joining("; "))).append(')');
        }
        if (cfRay != null && !cfRay.isBlank()) {
            sb.append(" [cf-ray ").append(cfRay).append(']');
        }
        Kind kind = classify(status, errors);
        return new CloudflareException(kind, sb.toString(), hint(status, errors, verifyCommand), errors, cfRay);
    }

    /** The Zero Trust datasets whose jobs need the token permission "Zero Trust: PII Read" (code 1004 without it). */
    public static final List<String> PII_READ_DATASETS = List.of("access_requests", "gateway_dns", "gateway_http",
            "gateway_network", "zero_trust_network_sessions");

    /** The permission {@link #PII_READ_DATASETS} need, and where to add it. */
    public static final String PII_READ_HINT = "the token lacks 'Zero Trust: PII Read', which the jobs of "
            + String.join(", ", PII_READ_DATASETS) + " need besides Logs Edit: add it under My Profile > API Tokens";

    private static final String MAX_JOBS = "exceeded max jobs allowed";
    private static final String PII_READ = "is not allowed";
    private static final String DESTINATION = "error validating destination";

    /** Whether Cloudflare refused a job because its destination failed the test upload. */
    public boolean destinationRefused() {
        return hasMessage(DESTINATION);
    }

    /**
     * The kind, by error code and, where one code means several things (1004), by message: Cloudflare's
     * 1004 is the max-jobs conflict, a missing Zero Trust permission, or something else we do not know.
     */
    static Kind classify(int status, List<ApiError> errors) {
        for (ApiError e : errors) {
            String m = lower(e.message());
            if (m.contains(MAX_JOBS)) {
                return Kind.CONFLICT;
            }
            switch (e.code()) {
                case 1004:
                    return m.contains("reading job for product") && m.contains(PII_READ) ? Kind.AUTH : Kind.FAILURE;
                case 10000, 9109, 9106, 6003, 6111, 1000:
                    return Kind.AUTH;
                case 7003, 7000:
                    return Kind.NOT_FOUND;
                default:
                    break;
            }
        }
        if (status == 401 || status == 403) {
            return Kind.AUTH;
        }
        if (status == 404) {
            return Kind.NOT_FOUND;
        }
        return Kind.FAILURE;
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }

    static String hint(int status, List<ApiError> errors) {
        return hint(status, errors, null);
    }

    static String hint(int status, List<ApiError> errors, String verifyCommand) {
        for (ApiError e : errors) {
            String m = e.message() == null ? "" : e.message().toLowerCase(Locale.ROOT);
            switch (e.code()) {
                case 10000:
                    return "the token is invalid or lacks a permission: Logpush needs Logs Edit on the zone or account "
                            + "(and Zone Read to look up zone names); check it with '" + (verifyCommand != null
                            ? verifyCommand : "curl -H \"Authorization: Bearer $CLOUDFLARE_API_TOKEN\" "
                            + "https://api.cloudflare.com/client/v4/user/tokens/verify") + "'";
                case 9109, 1000:
                    return "the API token is invalid, expired or revoked; create a new one under My Profile > API Tokens";
                case 6003, 6111:
                    return "the credentials are malformed; check CLOUDFLARE_API_TOKEN (or CLOUDFLARE_EMAIL and "
                            + "CLOUDFLARE_API_KEY) for stray quotes or characters";
                case 1004:
                    if (m.contains(MAX_JOBS)) {
                        break;
                    }
                    return m.contains(PII_READ) ? PII_READ_HINT : null;
                case 7003, 7000:
                    return "check the zone or account ID, and that the dataset matches the scope (--zone or --account)";
                default:
                    break;
            }
            if (m.contains(MAX_JOBS)) {
                return "Cloudflare allows at most 4 Logpush jobs per zone; remove one with 'logpush delete JOB_ID'";
            }
            if (m.contains(DESTINATION)) {
                return "Cloudflare test-uploads a small gzipped file to the intake whenever a job is created or "
                        + "changed, and the intake refused it: check the intake key and the region";
            }
        }
        if (status == 401 || status == 403) {
            return "the credentials were refused; check CLOUDFLARE_API_TOKEN and that the token has Logs Edit";
        }
        if (status >= 500) {
            return "Cloudflare had a problem; try again later, and quote the cf-ray to Cloudflare support if it lasts";
        }
        return null;
    }
}
