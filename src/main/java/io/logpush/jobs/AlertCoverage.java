package io.logpush.jobs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import io.logpush.cloudflare.AlertingApi;
import io.logpush.cloudflare.AlertingApi.Policy;
import io.logpush.model.LogpushException;

/**
 * The judgement behind {@code logpush alerts ensure} and check's {@code alert} line: which notification mechanisms
 * the account's policies of Cloudflare's Logpush alert already cover, and what to send when some are missing.
 * Pure: the requests are {@link AlertingApi}'s.
 */
public final class AlertCoverage {
    /** The policy logpush owns: updated (PUT) when it exists, else created. */
    public static final String POLICY_NAME = "logpush: failing Logpush job disabled";
    public static final String DESCRIPTION = "Made by logpush: Cloudflare disabled a Logpush job after about 24 hours "
            + "of failed uploads.";
    public static final String EMAIL = "email";
    public static final String WEBHOOKS = "webhooks";

    private AlertCoverage() {
    }

    /**
     * What ensure does: nothing ({@code covered}), a PUT of {@code policy} with {@code mechanisms} (the union of its
     * own and the asked ones), or a POST ({@code policy} null) with the asked mechanisms.
     */
    public record Plan(boolean covered, Policy policy, Map<String, List<String>> mechanisms) {
    }

    /** The plan for {@code asked} (mechanism kind to ids: emails, webhook ids) against the type's policies. */
    public static Plan plan(List<Policy> policies, Map<String, List<String>> asked) {
        boolean covered = asked.entrySet().stream().allMatch(e -> e.getValue().stream()
                .allMatch(id -> policies.stream().anyMatch(p -> p.enabled() && notifies(p, e.getKey(), id))));
        if (covered) {
            return new Plan(true, null, Map.of());
        }
        Policy own = policies.stream().filter(p -> POLICY_NAME.equals(p.name())).findFirst().orElse(null);
        Map<String, List<String>> union = new LinkedHashMap<>();
        if (own != null) {
            own.mechanisms().forEach((k, ids) -> union.put(k, new ArrayList<>(ids)));
        }
        asked.forEach((k, ids) -> {
            List<String> list = union.computeIfAbsent(k, x -> new ArrayList<>());
            for (String id : ids) {
                if (list.stream().noneMatch(have -> same(k, have, id))) {
                    list.add(id);
                }
            }
        });
        union.replaceAll((k, v) -> List.copyOf(v));
        return new Plan(false, own, union);
    }

    private static boolean notifies(Policy p, String kind, String id) {
        return p.mechanisms().getOrDefault(kind, List.of()).stream().anyMatch(have -> same(kind, have, id));
    }

    /** Emails compare without case; other ids exactly. */
    private static boolean same(String kind, String a, String b) {
        return EMAIL.equals(kind) ? a.toLowerCase(Locale.ROOT).equals(b.toLowerCase(Locale.ROOT)) : a.equals(b);
    }

    /** Who a policy notifies, for people: "email ops@example.com, webhooks 3f2c…" (ids, never a webhook's URL). */
    public static String describe(Map<String, List<String>> mechanisms) {
        return describe(mechanisms, Map.of());
    }

    /** As {@link #describe(Map)}, with the targets {@code names} knows (webhook ids) by their name. */
    public static String describe(Map<String, List<String>> mechanisms, Map<String, String> names) {
        String s = mechanisms.entrySet().stream().filter(e -> !e.getValue().isEmpty())
                .map(e -> e.getKey() + " " + e.getValue().stream().map(id -> names.getOrDefault(id, id))
                        .collect(Collectors.joining(", "))).collect(Collectors.joining("; "));
        return s.isEmpty() ? "nobody" : s;
    }

    /** check's line, from the type's policies (when one is enabled, availability need not be read). */
    public static Check judge(String accountId, List<Policy> policies, boolean available) {
        String name = "alert (account " + accountId + ")";
        List<Policy> enabled = policies.stream().filter(Policy::enabled).toList();
        Check check;
        if (!enabled.isEmpty()) {
            check = Check.ok(CheckId.ALERT, name, "Cloudflare notifies " + describe(enabled.get(0).mechanisms())
                    + " when it disables a failing Logpush job (policy '" + enabled.get(0).name() + "'"
                    + (enabled.size() > 1 ? " and " + (enabled.size() - 1) + " more" : "") + ")");
        } else if (!available) {
            check = Check.info(CheckId.ALERT, name, "the alert " + AlertingApi.ALERT_TYPE + " is not available to "
                    + "this account (Cloudflare lists it for Enterprise plans)", null);
        } else {
            check = Check.warning(CheckId.ALERT, name, "no enabled notification policy for "
                    + AlertingApi.ALERT_TYPE + ": nobody hears when Cloudflare disables a failing job",
                    "logpush alerts ensure --account " + accountId + " --email …");
        }
        return check.forAccount(accountId);
    }

    /** check's line when the policies cannot be read: a warning (an optional check), naming the permission. */
    public static Check unreadable(String accountId, LogpushException e) {
        String why = e.kind() == LogpushException.Kind.AUTH
                ? "the token cannot read notification policies (needs " + AlertingApi.READ_PERMISSION + ")"
                : "cannot read notification policies: " + e.getMessage();
        return Check.warning(CheckId.ALERT, "alert (account " + accountId + ")", why,
                e.kind() == LogpushException.Kind.AUTH ? "add '" + AlertingApi.READ_PERMISSION
                        + "' to the token to check the alert" : e.hint()).forAccount(accountId);
    }

    /**
     * check's line when the account of a zone ({@code zone}: "zone example.com"), or of {@code count} zones, cannot
     * be learned (the zone cannot be read): a warning, naming Zone Read when that is why.
     */
    public static Check accountUnknown(String zone, int count, LogpushException e) {
        String which = count == 1 ? zone + " belongs" : count + " zones (" + zone + " and " + (count - 1)
                + " more) belong";
        String why = e.kind() == LogpushException.Kind.AUTH ? "the token cannot read the zone: needs Zone Read"
                : e.getMessage();
        return Check.warning(CheckId.ALERT, "alert", "cannot tell which account " + which + " to (" + why
                        + "), so the disable alert is not checked",
                e.kind() == LogpushException.Kind.AUTH ? "add Zone > Zone > Read to the token, or check the "
                        + "account's alert with 'logpush check --account ID'" : e.hint());
    }
}
