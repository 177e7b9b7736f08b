package io.logpush.cloudflare;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.logpush.http.JsonTree;
import io.logpush.http.RateLimiter;
import io.logpush.http.UnitBudget;
import io.logpush.model.LogpushException;
import io.logpush.model.LogpushException.Kind;
import io.logpush.model.Times;

/**
 * Cloudflare's GraphQL Analytics API as far as check needs it: the upload history of Logpush jobs
 * ({@value #DATASET}), read at the scope where the jobs live (up to {@value #ZONES_PER_REQUEST} zones, or one account,
 * per request). Errors come with HTTP 200 in {@code errors[]}: each becomes a {@link LogpushException} saying what
 * went wrong (a permission, the budget, a field Cloudflare does not know, a malformed answer), never a stack trace.
 * Field names follow health-alerts-coverage-notes.md §1.2 (live-verified ones only: no {@code jobId_in} filter,
 * no byte counts). Every query is sent inside the run's GraphQL budget ({@link UnitBudget}: it costs the scopes it
 * names, and waits when they do not fit), and an answer saying the budget is spent is asked again after the wait it
 * names, a bounded number of times, before it becomes the error above.
 */
public final class GraphqlApi {
    public static final String DATASET = "logpushHealthAdaptiveGroups";
    /** Cloudflare takes at most this many zones in one {@code zoneTag_in}. */
    public static final int ZONES_PER_REQUEST = 10;
    /** Rows per page; a full page means the oldest part of the window was not read. */
    public static final int LIMIT = 10_000;
    public static final String PERMISSION = "Account Analytics Read";
    /** Cloudflare's GraphQL budget per token: this many units (a query costs one per scope it names) per window. */
    public static final int BUDGET_UNITS = 300;
    public static final Duration BUDGET_WINDOW = Duration.ofMinutes(5);

    private final CloudflareClient client;
    private final UnitBudget budget;

    /** Over {@code client} (and its request budget), inside the run's GraphQL {@code budget} ({@link #budget}). */
    public GraphqlApi(CloudflareClient client, UnitBudget budget) {
        this.client = client;
        this.budget = budget;
    }

    /**
     * The run's GraphQL budget, {@code units} per {@code window} (Cloudflare's: {@value #BUDGET_UNITS} per 5
     * minutes), its waits ending with the run's {@code stop}; {@code virtual}: on a clock that moves only when it
     * waits (a hidden knob for tests: waits are announced and take no time).
     */
    public static UnitBudget budget(int units, Duration window, RateLimiter stop, boolean virtual) {
        String name = "GraphQL budget";
        String hint = "Cloudflare's GraphQL API allows " + units + " units per " + Times.human(window)
                + " per token (a query costs one per zone or account it names)";
        return virtual ? UnitBudget.virtual(name, hint, units, window, stop)
                : UnitBudget.real(name, hint, units, window, stop);
    }

    /**
     * One group of upload attempts: of job {@code jobId}, in the five minutes starting {@code at}, ending with
     * {@code status} (the destination's HTTP status or Cloudflare's own code), successful or not, and whether it was
     * the last attempt for its batch ({@code last}, GraphQL's {@code final}).
     */
    public record Row(long jobId, Instant at, int status, boolean success, boolean last, long uploads, long records) {
    }

    /**
     * What a request returned: its rows (every zone's, by job), whether the page was full, and the window read when
     * Cloudflare keeps less history than asked ({@code shortenedTo}; null when the whole window was read).
     */
    public record History(List<Row> rows, boolean full, Duration shortenedTo) {
    }

    /** Cloudflare's "cannot request data older than …": the scope's plan keeps less history than the window. */
    static final class TooOld extends LogpushException {
        private static final long serialVersionUID = 1L;

        TooOld(String message, String hint) {
            super(Kind.FAILURE, message, hint);
        }
    }

    /** The upload history of the jobs of up to {@value #ZONES_PER_REQUEST} zones, in one request. */
    public History zones(List<String> zoneIds, Instant from, Instant to) {
        if (zoneIds.isEmpty() || zoneIds.size() > ZONES_PER_REQUEST) {
            throw new IllegalArgumentException("1 to " + ZONES_PER_REQUEST + " zones per request: " + zoneIds.size());
        }
        String tags = zoneIds.stream().map(GraphqlApi::literal).collect(Collectors.joining(", "));
        String what = "reading the upload history of " + (zoneIds.size() == 1 ? "zone " + zoneIds.get(0)
                : zoneIds.size() + " zones");
        return read(what, "zones", "zoneTag_in: [" + tags + "]", from, to);
    }

    /** The upload history of an account's own jobs, in one request. */
    public History account(String accountId, Instant from, Instant to) {
        return read("reading the upload history of account " + accountId, "accounts",
                "accountTag: " + literal(accountId), from, to);
    }

    /** The query check sends (literals inlined: clients disagree on the schema's variable type names). */
    public static String query(String node, String filter, Instant from, Instant to) {
        return "{ viewer { " + node + "(filter: {" + filter + "}) { " + DATASET + "(limit: " + LIMIT
                + ", filter: {datetime_geq: " + literal(time(from)) + ", datetime_lt: " + literal(time(to))
                + "}, orderBy: [datetimeFiveMinutes_DESC]) { sum { uploads records } "
                + "dimensions { datetimeFiveMinutes jobId status success final } } } } }";
    }

    /**
     * The history of [from, to); when Cloudflare answers that the scope keeps less, its {@code settings} (maxDuration,
     * notOlderThan) are read once and the window is shortened to what it keeps.
     */
    private History read(String what, String node, String filter, Instant from, Instant to) {
        try {
            return readOnce(what, node, filter, from, to, null);
        } catch (TooOld e) {
            Instant earliest = earliest(what, node, filter, from, to);
            if (earliest == null || !earliest.isAfter(from) || !earliest.isBefore(to)) {
                throw e;
            }
            return readOnce(what, node, filter, earliest, to, Duration.between(earliest, to));
        }
    }

    /** The earliest start the scope's settings allow for a window ending at {@code to}, or null if unknown. */
    private Instant earliest(String what, String node, String filter, Instant from, Instant to) {
        JsonNode root = post(what + " (its retention)", "{ viewer { " + node + "(filter: {" + filter + "}) { settings { "
                + DATASET + " { maxDuration notOlderThan } } } } }");
        JsonNode errors = root.get("errors");
        if (errors != null && errors.isArray() && !errors.isEmpty()) {
            return null;
        }
        Instant earliest = null;
        for (JsonNode scope : root.path("data").path("viewer").path(node)) {
            JsonNode settings = scope.path("settings").path(DATASET);
            long maxDuration = settings.path("maxDuration").asLong(0);
            long notOlderThan = settings.path("notOlderThan").asLong(0);
            if (maxDuration <= 0 || notOlderThan <= 0) {
                return null;
            }
            // A minute's margin: the request reaches Cloudflare a little after it is built.
            Instant e = Collections.max(List.of(to.minusSeconds(maxDuration),
                    Instant.now().minusSeconds(notOlderThan).plusSeconds(60)));
            earliest = earliest == null || e.isAfter(earliest) ? e : earliest;
        }
        return earliest == null ? null : earliest.truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
    }

    /** Sends a query, inside the GraphQL budget: it costs {@link #units} of it. */
    private JsonNode post(String what, String query) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("query", query);
        body.putObject("variables");
        try {
            return client.graphql(what, body, budget, units(query), answer -> spent(answer, budget.window()));
        } catch (CloudflareException e) {
            throw e.kind() == Kind.AUTH ? permission(what + " failed: " + e.getMessage()) : e;
        }
    }

    /** Splits a window at most this many times when pages are full (then the oldest part is left unread). */
    static final int SPLITS = 6;

    /**
     * The history of [from, to); a full page is split by time and each half read, up to {@link #SPLITS} deep
     * (beyond that, {@code full} stays set: the oldest part was not read).
     */
    private History readOnce(String what, String node, String filter, Instant from, Instant to,
                             Duration shortenedTo) {
        return readSplit(what, node, filter, from, to, shortenedTo, 0);
    }

    private History readSplit(String what, String node, String filter, Instant from, Instant to,
                              Duration shortenedTo, int depth) {
        History page = readPage(what, node, filter, from, to, shortenedTo);
        Duration span = Duration.between(from, to);
        if (!page.full() || depth >= SPLITS || span.compareTo(Duration.ofMinutes(10)) < 0) {
            return page;
        }
        Instant middle = from.plus(span.dividedBy(2)).truncatedTo(ChronoUnit.MINUTES);
        History newer = readSplit(what, node, filter, middle, to, shortenedTo, depth + 1);
        History older = readSplit(what, node, filter, from, middle, shortenedTo, depth + 1);
        List<Row> rows = new ArrayList<>(newer.rows());
        rows.addAll(older.rows());
        return new History(List.copyOf(rows), newer.full() || older.full(), shortenedTo);
    }

    private History readPage(String what, String node, String filter, Instant from, Instant to,
                             Duration shortenedTo) {
        JsonNode root = post(what, query(node, filter, from, to));
        JsonNode errors = root.get("errors");
        if (errors != null && errors.isArray() && !errors.isEmpty()) {
            throw error(what, errors);
        }
        JsonNode scopes = root.path("data").path("viewer").path(node);
        if (!scopes.isArray()) {
            throw malformed(what, "no data." + "viewer." + node);
        }
        List<Row> rows = new ArrayList<>();
        for (JsonNode scope : scopes) {
            JsonNode groups = scope.path(DATASET);
            if (!groups.isArray()) {
                throw malformed(what, "no " + DATASET + " list");
            }
            for (JsonNode g : groups) {
                rows.add(row(what, g));
            }
        }
        return new History(List.copyOf(rows), rows.size() >= LIMIT, shortenedTo);
    }

    private static Row row(String what, JsonNode g) {
        JsonNode d = g.path("dimensions");
        JsonNode s = g.path("sum");
        if (!d.path("jobId").canConvertToLong() || !d.path("status").canConvertToInt()
                || !s.path("uploads").isNumber()) {
            throw malformed(what, "a group without dimensions.jobId, dimensions.status or sum.uploads");
        }
        Instant at = null;
        String t = d.path("datetimeFiveMinutes").asText("");
        if (!t.isEmpty()) {
            try {
                at = Instant.parse(t);
            } catch (DateTimeParseException e) {
                throw malformed(what, "datetimeFiveMinutes '" + t + "' is not a time");
            }
        }
        return new Row(d.path("jobId").asLong(), at, d.path("status").asInt(), flag(d.path("success")),
                flag(d.path("final")), s.path("uploads").asLong(), s.path("records").asLong(0));
    }

    /** 0/1 as Cloudflare sends it (uint8), or a boolean. */
    private static boolean flag(JsonNode n) {
        return n.isBoolean() ? n.booleanValue() : n.asInt(0) != 0;
    }

    /** The errors of an answer with HTTP 200, by class (health-alerts-coverage-notes.md §1.7). */
    static LogpushException error(String what, JsonNode errors) {
        String message = errors.get(0).isObject() ? errors.get(0).path("message").asText("")
                : errors.get(0).asText("");
        String code = errors.get(0).path("extensions").path("code").asText("");
        String m = message.toLowerCase(Locale.ROOT);
        String said = what + " failed: Cloudflare's GraphQL API said: " + message;
        if (m.contains("does not have access") || m.contains("not authorized") || m.contains("permission")
                || m.contains("forbidden")) {
            return permission(said);
        }
        if (budgetSpent(m, code) || m.contains("limit reached")) {
            return LogpushException.failure(said, "Cloudflare allows 300 GraphQL queries per 5 minutes per token; "
                    + "run again in 5 minutes");
        }
        if (m.contains("older than")) {
            return new TooOld(said, "the plan keeps less history: use a shorter --window");
        }
        if (m.contains("unknown field") || m.contains("cannot query field") || m.contains("error parsing")
                || m.contains("unknown argument") || m.contains("not available for your plan")) {
            return LogpushException.failure(said, "Cloudflare's schema differs from what logpush expects "
                    + "(an unverified fact): please report it; the other checks are not affected");
        }
        return LogpushException.failure(said, null);
    }

    private static final Pattern SCOPES = Pattern.compile("(?:zoneTag_in|zoneTag|accountTag)\\s*:\\s*"
            + "(\\[[^\\]]*]|\"[^\"]*\")");

    /**
     * What a query costs in Cloudflare's GraphQL budget: the scopes it names × the dataset nodes it reads
     * (health-alerts-coverage-notes.md §1.7), at least 1. Counted on the query itself, so that any shape sent is
     * counted by the one rule.
     */
    static int units(String query) {
        int scopes = 0;
        Matcher m = SCOPES.matcher(query);
        while (m.find()) {
            scopes += m.group(1).startsWith("[") ? (int) m.group(1).chars().filter(c -> c == '"').count() / 2 : 1;
        }
        int nodes = 0;
        for (int i = query.indexOf(DATASET); i >= 0; i = query.indexOf(DATASET, i + DATASET.length())) {
            nodes++;
        }
        return Math.max(1, scopes) * Math.max(1, nodes);
    }

    /** Cloudflare's ways of saying the token's GraphQL budget is spent (§1.7): worth a retry after a wait. */
    private static boolean budgetSpent(String lowerCaseMessage, String code) {
        String m = lowerCaseMessage;
        return "budget".equals(code) || m.contains("budget") || m.contains("quota") || m.contains("rate limit");
    }

    private static final Pattern AFTER = Pattern.compile("(?:after|in) ([0-9]{1,4}) (second|minute|hour)s?");

    /**
     * When an answer (HTTP 200) says the GraphQL budget is spent, how long to wait before asking again: the time
     * the message names ("try again after 5 minutes", "in the next minute"), else a whole {@code window}; null for
     * any other answer.
     */
    static Duration spent(String body, Duration window) {
        JsonNode root = JsonTree.lenient(body);
        JsonNode errors = root == null ? null : root.get("errors");
        if (errors == null || !errors.isArray() || errors.isEmpty()) {
            return null;
        }
        JsonNode first = errors.get(0);
        String m = (first.isObject() ? first.path("message").asText("") : first.asText("")).toLowerCase(Locale.ROOT);
        if (!budgetSpent(m, first.path("extensions").path("code").asText(""))) {
            return null;
        }
        if (m.contains("next minute")) {
            return Duration.ofMinutes(1);
        }
        Matcher after = AFTER.matcher(m);
        if (after.find()) {
            long n = Long.parseLong(after.group(1));
            return switch (after.group(2)) {
                case "second" -> Duration.ofSeconds(n);
                case "minute" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        }
        return window;
    }

    private static LogpushException permission(String message) {
        return LogpushException.auth(message, "the token needs '" + PERMISSION + "' (Account > Account Analytics "
                + "> Read) to read upload history: add it under My Profile > API Tokens");
    }

    private static LogpushException malformed(String what, String why) {
        return LogpushException.failure(what + " failed: Cloudflare's GraphQL answer is not what logpush expects ("
                + why + ")", "run again; the other checks are not affected");
    }

    /** A GraphQL string literal. */
    private static String literal(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static String time(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
