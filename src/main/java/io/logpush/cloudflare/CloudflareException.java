package io.logpush.cloudflare;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import io.logpush.model.LogpushException;

/**
 * Cloudflare answered with an error: the HTTP status, every error of the envelope, and the cf-ray
 * that Cloudflare support asks for. The kind (and so the exit code) and the hint follow from the
 * status and the error codes, in {@link #classify}.
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
        return new CloudflareException(kind, sb.toString(), hint(status, errors), errors, cfRay);
    }

    static Kind classify(int status, List<ApiError> errors) {
        for (ApiError e : errors) {
            switch (e.code()) {
                case 10000, 9109, 9106, 6003, 6111, 1004, 1000:
                    return Kind.AUTH;
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

    static String hint(int status, List<ApiError> errors) {
        for (ApiError e : errors) {
            String m = e.message() == null ? "" : e.message().toLowerCase(Locale.ROOT);
            switch (e.code()) {
                case 10000:
                    return "the token is invalid or lacks a permission: Logpush needs Logs Edit on the zone or account "
                            + "(and Zone Read to look up zone names); check it with 'curl -H \"Authorization: Bearer "
                            + "$CLOUDFLARE_API_TOKEN\" https://api.cloudflare.com/client/v4/user/tokens/verify'";
                case 9109, 1000:
                    return "the API token is invalid, expired or revoked; create a new one under My Profile > API Tokens";
                case 6003, 6111:
                    return "the credentials are malformed; check CLOUDFLARE_API_TOKEN (or CLOUDFLARE_EMAIL and "
                            + "CLOUDFLARE_API_KEY) for stray quotes or characters";
                case 1004:
                    return "the token lacks the 'Zero Trust: PII Read' permission, which Zero Trust datasets "
                            + "(access, gateway) need";
                case 7003, 7000:
                    return "check the zone or account ID, and that the dataset matches the scope (--zone or --account)";
                default:
                    break;
            }
            if (m.contains("exceeded max jobs allowed")) {
                return "Cloudflare allows at most 4 Logpush jobs per zone; remove one with 'logpush delete JOB_ID'";
            }
            if (m.contains("error validating destination")) {
                return "Cloudflare uploads a small gzipped test file to the intake when the job is saved, and the "
                        + "intake refused it: check the intake key and the region (--region or --intake-url)";
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
