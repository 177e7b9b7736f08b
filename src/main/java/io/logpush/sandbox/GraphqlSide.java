package io.logpush.sandbox;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The sandbox's {@code POST /graphql}: the query shapes logpush sends for {@code logpushHealthAdaptiveGroups}, read
 * by a small parser (no GraphQL library), answered from the simulated deliveries ({@link Uploads}). A job sends
 * {@value #UPLOADS_PER_BUCKET} uploads per five minutes, carrying the events its intake receives (the records are
 * the Sekoia side's events, so the two sides reconcile); while its intake refuses them (an admin refusal, or a key
 * no sandbox intake has once there are intakes), each batch fails {@value #RETRIES} times, retried, then once more
 * for good ({@code final=1}): its records are lost. Errors come as Cloudflare sends them, with HTTP 200 in
 * {@code errors[]}: more than {@value #MAX_ZONES} zones, a zone or account the token cannot see, a field the dataset
 * does not have, a query that cannot be parsed, and Cloudflare's budget: {@link #budgetUnits} units (the scopes a
 * query names) per window, a quarter of the sandbox's REST rate limit over the same window as on Cloudflare (300 and
 * 1,200 per 5 minutes; {@code Sandbox.Config.graphqlBudget} sets another), so that {@code --rate-limit 1200/30s}
 * shortens both windows; past it, "rate limiter budget
 * depleted". One instance serves the sandbox's whole run (the budget's count is in memory only).
 */
final class GraphqlSide {
    static final String NODE = "logpushHealthAdaptiveGroups";
    static final int MAX_ZONES = 10;
    static final long BUCKET_MS = 5 * 60_000;
    static final int UPLOADS_PER_BUCKET = 5;
    /** Failed attempts of a batch that are retried before its last one. */
    static final int RETRIES = 4;
    /**
     * The history a zone keeps (Cloudflare's observed values for a Pro zone: a query up to 7 d long, from up to
     * 7 d + 1 h ago) and an account (30 d, 30 d + 1 h): asked for older data, "cannot request data older than …".
     */
    static final long ZONE_MAX_DURATION_S = 604_800;
    static final long ZONE_NOT_OLDER_THAN_S = 608_400;
    static final long ACCOUNT_MAX_DURATION_S = 2_592_000;
    static final long ACCOUNT_NOT_OLDER_THAN_S = 2_595_600;

    private static final Pattern ZONES = Pattern.compile("zones\\s*\\(\\s*filter\\s*:\\s*\\{\\s*zoneTag(_in)?\\s*:"
            + "\\s*(\\[[^\\]]*\\]|\"[^\"]*\")");
    private static final Pattern ACCOUNT = Pattern.compile("accounts\\s*\\(\\s*filter\\s*:\\s*\\{\\s*accountTag\\s*:"
            + "\\s*\"([^\"]*)\"");
    private static final Pattern STRING = Pattern.compile("\"([^\"]*)\"");
    private static final Pattern TIME = Pattern.compile("datetime_(geq|lt)\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern LIMIT = Pattern.compile("limit\\s*:\\s*([0-9]+)");
    private static final Pattern SETTINGS = Pattern.compile("settings\\s*\\{\\s*" + NODE + "\\s*\\{([^}]*)}");
    private static final Pattern SELECTION = Pattern.compile(NODE + "\\s*\\([^)]*\\)\\s*\\{(.*)}\\s*}\\s*}\\s*}\\s*$",
            Pattern.DOTALL);
    private static final Set<String> FIELDS = Set.of("count", "sum", "uploads", "records", "bytes", "bytesCompressed",
            "dimensions", "datetime", "datetimeFiveMinutes", "jobId", "status", "success", "final", "destinationType");

    private final SandboxState state;
    private final Uploads uploads;
    private final int budgetUnits;
    private final long budgetWindowMs;
    /** The units of the queries answered within the window: {time, units}, oldest first. */
    private final Deque<long[]> spent = new ArrayDeque<>();

    /** With GraphQL's budget, {@code units} per {@code windowSeconds} (the sandbox's rate window). */
    GraphqlSide(SandboxState state, int units, int windowSeconds) {
        this.state = state;
        this.uploads = new Uploads(state);
        this.budgetUnits = units;
        this.budgetWindowMs = windowSeconds * 1000L;
    }

    /** Takes {@code cost} units of the budget at {@code now}, or Cloudflare's budget error when they do not fit. */
    private synchronized CloudflareSide.Reply spend(int cost, long now) {
        while (!spent.isEmpty() && spent.peekFirst()[0] <= now - budgetWindowMs) {
            spent.pollFirst();
        }
        long used = spent.stream().mapToLong(e -> e[1]).sum();
        if (used + cost > budgetUnits) {
            long s = budgetWindowMs / 1000;
            return errors("rate limiter budget depleted, try again after " + (s % 60 == 0 ? s / 60 + " minutes"
                    : s + " seconds"));
        }
        spent.addLast(new long[] {now, cost});
        return null;
    }

    CloudflareSide.Reply answer(JsonNode body, long now) {
        String query = body == null ? "" : body.path("query").asText("");
        if (!query.contains(NODE)) {
            return errors("error parsing args: the sandbox answers " + NODE + " only");
        }
        Matcher settings = SETTINGS.matcher(query);
        if (settings.find()) {
            return settings(query, settings.group(1), now);
        }
        Matcher sel = SELECTION.matcher(query);
        if (!sel.find()) {
            return errors("error parsing args: cannot read the selection of " + NODE);
        }
        for (String f : sel.group(1).replaceAll("[{}]", " ").trim().split("\\s+")) {
            if (!f.isEmpty() && !FIELDS.contains(f)) {
                return errors("unknown field \"" + f + "\"");
            }
        }
        Map<String, Instant> times = new HashMap<>();
        Matcher t = TIME.matcher(query);
        while (t.find()) {
            try {
                times.put(t.group(1), Instant.parse(t.group(2)));
            } catch (DateTimeParseException e) {
                return errors("error parsing args: " + t.group(2) + " is not a time");
            }
        }
        if (!times.containsKey("geq") || !times.containsKey("lt")) {
            return errors("error parsing args: datetime_geq and datetime_lt are required");
        }
        Matcher l = LIMIT.matcher(query);
        int limit = l.find() ? Integer.parseInt(l.group(1)) : 100;
        long from = times.get("geq").toEpochMilli();
        long to = times.get("lt").toEpochMilli();
        return perScope(query, now, from, NODE, scope -> {
            ObjectNode element = SandboxState.MAPPER.createObjectNode();
            element.set(NODE, groups(scope, from, to, now, limit));
            return element;
        });
    }

    /**
     * The answer for each zone or the account a query names ({@code element} of the scope's path, "zones/ID" or
     * "accounts/ID"), after Cloudflare's rules: at most {@value #MAX_ZONES} zones, the budget, scopes the token can
     * see, and a start no older than the scope keeps ({@code from}, null when the query reads no history);
     * {@code node}: what the errors' paths end with.
     */
    private CloudflareSide.Reply perScope(String query, long now, Long from, String node,
                                         Function<String, ObjectNode> element) {
        ObjectNode root = SandboxState.MAPPER.createObjectNode();
        ObjectNode viewer = root.putObject("data").putObject("viewer");
        Matcher z = ZONES.matcher(query);
        Matcher a = ACCOUNT.matcher(query);
        if (z.find()) {
            List<String> zones = new ArrayList<>();
            Matcher s = STRING.matcher(z.group(2));
            while (s.find()) {
                zones.add(s.group(1));
            }
            if (zones.size() > MAX_ZONES) {
                return errors("zoneTag_in: number of zones cannot be more than " + MAX_ZONES);
            }
            CloudflareSide.Reply depleted = spend(zones.size(), now);
            if (depleted != null) {
                return depleted;
            }
            if (from != null && from < now - ZONE_NOT_OLDER_THAN_S * 1000) {
                return errors(tooOld(ZONE_NOT_OLDER_THAN_S), "viewer", "zones", "0", node);
            }
            ArrayNode out = viewer.putArray("zones");
            for (int i = 0; i < zones.size(); i++) {
                if (state.zone(zones.get(i)) == null) {
                    return errors("does not have access to the path", "viewer", "zones", String.valueOf(i), node);
                }
                out.add(element.apply("zones/" + zones.get(i)));
            }
        } else if (a.find()) {
            CloudflareSide.Reply depleted = spend(1, now);
            if (depleted != null) {
                return depleted;
            }
            if (!a.group(1).equals(state.accountId)) {
                return errors("does not have access to the path", "viewer", "accounts", "0", node);
            }
            if (from != null && from < now - ACCOUNT_NOT_OLDER_THAN_S * 1000) {
                return errors(tooOld(ACCOUNT_NOT_OLDER_THAN_S), "viewer", "accounts", "0", node);
            }
            viewer.putArray("accounts").add(element.apply("accounts/" + a.group(1)));
        } else {
            return errors("error parsing args: a zones or accounts filter is required");
        }
        root.putNull("errors");
        return new CloudflareSide.Reply(200, root, Map.of());
    }

    /**
     * The groups of a scope's jobs whose five minutes start in [from, to) (each with what was sent in its five minutes
     * up to {@code now}, so that windows split anywhere add up), newest first, at most {@code limit}.
     */
    private ArrayNode groups(String scope, long from, long to, long now, int limit) {
        List<ObjectNode> rows = new ArrayList<>();
        long first = bucket(from + BUCKET_MS - 1);
        for (ObjectNode job : state.jobsOf(scope).values()) {
            long id = job.path("id").asLong();
            Map<String, ObjectNode> mine = new LinkedHashMap<>();
            for (SekoiaState.Piece p : uploads.of(scope + "/" + id, now)) {
                for (long b = Math.max(bucket(p.from()), first); b < Math.min(p.to(), to); b += BUCKET_MS) {
                    long a = Math.max(p.from(), b);
                    long z = Math.min(p.to(), b + BUCKET_MS);
                    long records = SekoiaDelivery.ticks(a, z);
                    long batches = Math.max(1, (UPLOADS_PER_BUCKET * (z - a) + BUCKET_MS - 1) / BUCKET_MS);
                    if (p.accepted()) {
                        if (records > 0) {
                            add(mine, id, b, p.status(), 1, 1, batches, records);
                        }
                    } else {
                        add(mine, id, b, p.status(), 0, 0, batches * RETRIES, Math.max(1, records) * RETRIES);
                        add(mine, id, b, p.status(), 0, 1, batches, Math.max(1, records));
                    }
                }
            }
            rows.addAll(mine.values());
        }
        rows.sort(Comparator.comparing((ObjectNode r) -> r.path("dimensions").path("datetimeFiveMinutes").asText())
                .reversed());
        ArrayNode out = SandboxState.MAPPER.createArrayNode();
        rows.stream().limit(limit).forEach(out::add);
        return out;
    }

    /** Adds uploads and records to the group of (bucket, status, success, final), made when new. */
    private static void add(Map<String, ObjectNode> groups, long job, long bucket, int status, int success, int last,
                            long uploads, long records) {
        ObjectNode r = groups.computeIfAbsent(bucket + "/" + status + "/" + success + "/" + last,
                k -> row(job, bucket, status, success, last, 0, 0));
        ObjectNode sum = (ObjectNode) r.get("sum");
        sum.put("uploads", sum.path("uploads").asLong() + uploads);
        sum.put("records", sum.path("records").asLong() + records);
    }

    private static long bucket(long ms) {
        return ms - Math.floorMod(ms, BUCKET_MS);
    }

    private static ObjectNode row(long job, long bucket, int status, int success, int last, long uploads,
                                  long records) {
        ObjectNode r = SandboxState.MAPPER.createObjectNode();
        r.putObject("sum").put("uploads", uploads).put("records", records);
        r.putObject("dimensions").put("datetimeFiveMinutes", Instant.ofEpochMilli(bucket).toString())
                .put("jobId", job).put("status", status).put("success", success).put("final", last);
        return r;
    }

    /** An answer with HTTP 200 and Cloudflare's {@code errors[]}. */
    /** Cloudflare's words for a query reaching further back than the scope keeps (Go's duration format). */
    private static String tooOld(long seconds) {
        return "cannot request data older than " + seconds / 3600 + "h" + seconds % 3600 / 60 + "m" + seconds % 60
                + "s";
    }

    /**
     * {@code settings { logpushHealthAdaptiveGroups { … } }} of the zones or account named: what a scope keeps
     * ({@code maxDuration}, {@code notOlderThan}, in seconds), {@code enabled}, {@code maxPageSize}; the budget is
     * spent as for any query.
     */
    private CloudflareSide.Reply settings(String query, String fields, long now) {
        return perScope(query, now, null, "settings", scope -> {
            boolean zone = scope.startsWith("zones/");
            ObjectNode element = SandboxState.MAPPER.createObjectNode();
            element.putObject("settings").set(NODE, setting(fields, zone ? ZONE_MAX_DURATION_S : ACCOUNT_MAX_DURATION_S,
                    zone ? ZONE_NOT_OLDER_THAN_S : ACCOUNT_NOT_OLDER_THAN_S));
            return element;
        });
    }

    /** The fields asked of a settings node; an unknown one is Cloudflare's "unknown field" error in the answer. */
    private static ObjectNode setting(String fields, long maxDuration, long notOlderThan) {
        ObjectNode n = SandboxState.MAPPER.createObjectNode();
        for (String f : fields.trim().split("\\s+")) {
            switch (f) {
                case "enabled" -> n.put(f, true);
                case "maxDuration" -> n.put(f, maxDuration);
                case "notOlderThan" -> n.put(f, notOlderThan);
                case "maxPageSize" -> n.put(f, 10_000);
                case "maxNumberOfFields" -> n.put(f, 30);
                default -> {
                    if (!f.isEmpty()) {
                        n.putNull(f);
                    }
                }
            }
        }
        return n;
    }

    private static CloudflareSide.Reply errors(String message, String... path) {
        ObjectNode root = SandboxState.MAPPER.createObjectNode();
        root.putNull("data");
        ObjectNode e = root.putArray("errors").addObject().put("message", message);
        ArrayNode p = e.putArray("path");
        for (String s : path) {
            p.add(s);
        }
        e.putObject("extensions").put("timestamp", Instant.now().toString());
        return new CloudflareSide.Reply(200, root, Map.of());
    }
}
