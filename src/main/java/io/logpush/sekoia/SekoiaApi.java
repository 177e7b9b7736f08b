package io.logpush.sekoia;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.logpush.http.ApiRequest;
import io.logpush.model.LogpushException;

/**
 * The part of Sekoia's API that logpush uses (https://docs.sekoia.io/develop/rest_api/): intakes and entities (paged lists), creating an
 * intake, and the telemetry counters that tell whether events arrive, parse and are dated right.
 */
public final class SekoiaApi implements AutoCloseable {
    static final int PAGE = 100;

    private final SekoiaClient client;
    /** The community's intakes, once listed (null before). */
    private List<Intake> all;

    public SekoiaApi(SekoiaClient client) {
        this.client = client;
    }

    /** An entity of the community: where an intake belongs. */
    public record Entity(String uuid, String name) {
    }

    /** Events by parsing status over a window. */
    public record ByStatus(long total, long valid, long warning, long invalid) {
    }

    /** A parsing-issue message and how many events had it. */
    public record Issue(String message, long count) {
    }

    /** Reception time minus event time over a window, in seconds (null when Sekoia gives none). */
    public record Lag(Double average, Double max) {
    }

    /** {@code GET /v1/me}: whether the key works (the cheapest authenticated read). */
    public void me() {
        client.get("checking the Sekoia API key", "/v1/me", null);
    }

    @Override
    public void close() {
        client.close();
    }

    /** The intakes whose fields match, every page ({@code match[field]=value}; a value may be "a,b" for either). */
    public List<Intake> intakes(Map<String, String> match) {
        List<Intake> out = new ArrayList<>();
        for (JsonNode item : pages("listing Sekoia intakes", "/v1/sic/conf/intakes", match)) {
            out.add(Intake.from(item));
        }
        return out;
    }

    /**
     * The intakes whose key this is (none, or one). The key is never sent in a URL, where it would land in proxy and
     * access logs: Sekoia's API filters by key only in the query ({@code match[intake_key]=}) and offers no search
     * by body, so the community's intakes are listed once per run (a request per 100 intakes) and matched here;
     * every later lookup of the run costs nothing.
     */
    public List<Intake> intakesByKey(String intakeKey) {
        List<Intake> out = new ArrayList<>();
        for (Intake i : allIntakes()) {
            if (intakeKey.equals(i.intakeKey())) {
                out.add(i);
            }
        }
        return out;
    }

    /** Every intake of the community, listed on first use and kept for the run (intakes created since are added). */
    private synchronized List<Intake> allIntakes() {
        if (all == null) {
            all = new ArrayList<>(intakes(Map.of()));
        }
        return new ArrayList<>(all);
    }

    public List<Entity> entities() {
        List<Entity> out = new ArrayList<>();
        for (JsonNode item : pages("listing Sekoia entities", "/v1/sic/conf/entities", Map.of())) {
            out.add(new Entity(item.path("uuid").asText(), item.path("name").asText()));
        }
        return out;
    }

    /** {@code POST /v1/sic/conf/intakes}, described (the answer carries the new intake's key). */
    public static ApiRequest createIntakeRequest(String name, String formatUuid, String entityUuid) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("name", name);
        body.put("format_uuid", formatUuid);
        body.put("entity_uuid", entityUuid);
        return new ApiRequest("creating the Sekoia intake '" + name + "'", "POST", "/v1/sic/conf/intakes", body);
    }

    /** Sends a request of {@link #createIntakeRequest}: the new intake, with its key. */
    public Intake createIntake(ApiRequest request) {
        Intake made = Intake.from(client.send(request));
        synchronized (this) {
            if (all != null) {
                all.add(made);
            }
        }
        return made;
    }

    /** The absolute URL of a request, for --dry-run. */
    public String url(ApiRequest request) {
        return client.url(request.path(), null).toString();
    }

    /**
     * Events received by the intake between the two instants (by reception date), by parsing status. An answer
     * without the count of valid events is an error (a missing count is not zero); a missing warning count is
     * read as none (Sekoia spells it {@code warning_events_occurences}; the other spelling is read too).
     */
    public ByStatus eventsByStatus(String intakeUuid, Instant earliest, Instant latest) {
        String what = "counting the events of intake " + intakeUuid + " by parsing status";
        JsonNode r = telemetry(what, "/v1/telemetry/events-by-status/counters", intakeUuid, earliest, latest, null);
        if (!r.path("valid_events_occurrences").isNumber()) {
            throw LogpushException.failure(what + " failed: Sekoia's answer has no valid_events_occurrences count",
                    "Sekoia's telemetry answer is not what logpush expects (an unverified fact): please report it");
        }
        return new ByStatus(r.path("total").asLong(0), r.path("valid_events_occurrences").asLong(0),
                r.has("warning_events_occurences") ? r.path("warning_events_occurences").asLong(0)
                        : r.path("warning_events_occurrences").asLong(0),
                r.path("invalid_events_occurrences").asLong(0));
    }

    /** The parsing issues of invalid and warning events, most frequent first. */
    public List<Issue> parsingIssues(String intakeUuid, Instant earliest, Instant latest) {
        ObjectNode extra = JsonNodeFactory.instance.objectNode();
        extra.putArray("parsing_status").add("invalid").add("warning");
        JsonNode r = telemetry("reading the parsing issues of intake " + intakeUuid,
                "/v1/telemetry/parsing-issues/counters", intakeUuid, earliest, latest, extra);
        List<Issue> out = new ArrayList<>();
        collectIssues(r.path("groups"), out);
        out.sort((a, b) -> Long.compare(b.count(), a.count()));
        return out;
    }

    private static void collectIssues(JsonNode groups, List<Issue> out) {
        for (JsonNode g : groups) {
            if ("message".equals(g.path("filter").path("attribute").asText())) {
                out.add(new Issue(g.path("filter").path("value").asText(), g.path("total").asLong(0)));
            } else if (g.path("groups").isArray()) {
                collectIssues(g.path("groups"), out);
            }
        }
    }

    public Lag lag(String intakeUuid, Instant earliest, Instant latest) {
        JsonNode r = telemetry("reading the reception lag of intake " + intakeUuid, "/v1/telemetry/intakes/counters",
                intakeUuid, earliest, latest, null);
        return new Lag(r.path("average_lag").isNumber() ? r.path("average_lag").asDouble() : null,
                r.path("max_lag").isNumber() ? r.path("max_lag").asDouble() : null);
    }

    private JsonNode telemetry(String what, String path, String intakeUuid, Instant earliest, Instant latest,
                               ObjectNode extraFilters) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("earliest", earliest.toString());
        body.put("latest", latest.toString());
        ObjectNode filters = body.putObject("filters");
        filters.putArray("intake_uuid").add(intakeUuid);
        if (extraFilters != null) {
            filters.setAll(extraFilters);
        }
        return client.send(new ApiRequest(what, "POST", path, body));
    }

    /** Every item of a paged list ({@code items}, {@code limit}/{@code offset}), until a page is short. */
    private List<JsonNode> pages(String what, String path, Map<String, String> match) {
        List<JsonNode> out = new ArrayList<>();
        for (int offset = 0; ; offset += PAGE) {
            Map<String, String> query = new LinkedHashMap<>();
            match.forEach((k, v) -> query.put("match[" + k + "]", v));
            query.put("limit", Integer.toString(PAGE));
            query.put("offset", Integer.toString(offset));
            JsonNode r = client.get(what, path, query);
            JsonNode items = r.isArray() ? r : r.path("items");
            items.forEach(out::add);
            long total = r.path("total").asLong(-1);
            if (items.size() < PAGE || (total >= 0 && offset + items.size() >= total)) {
                return out;
            }
        }
    }
}
