package io.logpush.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

/**
 * The sandbox's stand-in for the part of the Sekoia.io API that logpush uses, under {@code /sekoia}: the API key
 * check ({@code /v1/me}), intakes and entities ({@code /v1/sic/conf/...}) and the telemetry counters
 * ({@code /v1/telemetry/...}). Bearer-key authentication; every answer is JSON, errors as
 * {@code {"message", "code"}}. What the intakes receive comes from the Cloudflare side's jobs
 * ({@link SekoiaDelivery}).
 */
final class SekoiaSide {
    static final String PREFIX = "/sekoia";

    private final SandboxState state;
    private final SekoiaDelivery delivery;
    private final Runnable save;
    private final int latencyMs;
    private final PrintWriter log;

    SekoiaSide(SandboxState state, long firstBatchMs, Runnable save, int latencyMs, PrintWriter log) {
        this.state = state;
        this.delivery = new SekoiaDelivery(state.sekoia, firstBatchMs);
        this.save = save;
        this.latencyMs = latencyMs;
        this.log = log;
    }

    String apiKey() {
        return state.sekoia.apiKey;
    }

    /** The hook of the Cloudflare side, called under the sandbox's lock after each of its answers. */
    void cloudflareAnswered(String method, String path, int status, JsonNode body) {
        if (delivery.cloudflareAnswered(method, path, status, body, System.currentTimeMillis())) {
            save.run();
        }
    }

    private record Reply(int status, JsonNode body) {
    }

    void handle(HttpExchange ex) throws IOException {
        Reply reply;
        try {
            reply = route(ex);
        } catch (RuntimeException e) {
            reply = error(500, "INTERNAL", "sandbox error: " + e.getClass().getSimpleName());
        }
        Sandbox.answered(latencyMs, log, ex, reply.status());
        byte[] bytes = SandboxState.MAPPER.writeValueAsBytes(reply.body());
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(reply.status(), bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private Reply route(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getRawPath().substring(PREFIX.length());
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !auth.equals("Bearer " + state.sekoia.apiKey)) {
            return error(401, "UNAUTHORIZED", auth == null ? "Missing API key: send Authorization: Bearer <key>"
                    : "Invalid API key");
        }
        JsonNode body = null;
        if (method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
            try (InputStream in = ex.getRequestBody()) {
                byte[] raw = in.readAllBytes();
                try {
                    body = raw.length == 0 ? null : SandboxState.MAPPER.readTree(raw);
                } catch (IOException e) {
                    return error(400, "INVALID_JSON", "The body is not valid JSON");
                }
            }
        }
        Map<String, String> query = Sandbox.query(ex.getRequestURI().getRawQuery());
        synchronized (state) {
            return dispatch(method, path, query, body, System.currentTimeMillis());
        }
    }

    private Reply dispatch(String method, String path, Map<String, String> query, JsonNode body, long now) {
        switch (path) {
            case "/v1/me":
                return method.equals("GET") ? ok(SandboxState.MAPPER.createObjectNode()
                        .put("uuid", SekoiaState.ME_UUID).put("name", "sandbox")) : notAllowed(method, path);
            case "/v1/sic/conf/intakes":
                if (method.equals("GET")) {
                    return intakes(query);
                }
                return method.equals("POST") ? createIntake(body, now) : notAllowed(method, path);
            case "/v1/sic/conf/entities":
                if (!method.equals("GET")) {
                    return notAllowed(method, path);
                }
                return page(List.of(entity()), query);
            case "/v1/telemetry/events/counters":
            case "/v1/telemetry/events-by-status/counters":
            case "/v1/telemetry/parsing-issues/counters":
            case "/v1/telemetry/intakes/counters":
                return method.equals("POST") ? telemetry(path, body, now) : notAllowed(method, path);
            default:
                break;
        }
        if (path.startsWith("/v1/sic/conf/intakes/") && method.equals("GET")) {
            SekoiaState.Intake i = state.sekoia.intake(path.substring("/v1/sic/conf/intakes/".length()));
            return i == null ? error(404, "NOT_FOUND", "Intake not found") : ok(intake(i));
        }
        return error(404, "NOT_FOUND", "No route for " + method + " " + PREFIX + path);
    }

    // ---------------------------------------------------------------------------------------------
    // Intakes and entities

    private Reply intakes(Map<String, String> query) {
        List<Predicate<SekoiaState.Intake>> filters = new ArrayList<>();
        match(query, "intake_key", SekoiaState.Intake::intakeKey, filters);
        match(query, "name", SekoiaState.Intake::name, filters);
        match(query, "format_uuid", SekoiaState.Intake::formatUuid, filters);
        match(query, "uuid", SekoiaState.Intake::uuid, filters);
        match(query, "entity_uuid", SekoiaState.Intake::entityUuid, filters);
        match(query, "status", i -> "RUNNING", filters);
        List<JsonNode> items = new ArrayList<>();
        for (SekoiaState.Intake i : state.sekoia.intakes) {
            if (filters.stream().allMatch(f -> f.test(i))) {
                items.add(intake(i));
            }
        }
        return page(items, query);
    }

    /** {@code match[field]=a,b}: any of the values (OR within a field; fields AND). */
    private static void match(Map<String, String> query, String field,
                              Function<SekoiaState.Intake, String> value,
                              List<Predicate<SekoiaState.Intake>> filters) {
        String wanted = query.get("match[" + field + "]");
        if (wanted != null) {
            List<String> any = List.of(wanted.split(",", -1));
            filters.add(i -> any.contains(value.apply(i)));
        }
    }

    private Reply createIntake(JsonNode body, long now) {
        if (body == null || !body.isObject()) {
            return error(400, "INVALID_BODY", "The body must be a JSON object with name, format_uuid and entity_uuid");
        }
        for (String key : new String[] {"name", "format_uuid", "entity_uuid"}) {
            if (!body.path(key).isTextual() || body.path(key).asText().isBlank()) {
                return error(400, "INVALID_BODY", "'" + key + "' is required");
            }
        }
        if (!body.path("entity_uuid").asText().equals(SekoiaState.ENTITY_UUID)) {
            return error(400, "INVALID_BODY", "Entity " + body.path("entity_uuid").asText() + " not found");
        }
        SekoiaState.Intake i = new SekoiaState.Intake(SekoiaState.newUuid(), body.path("name").asText(),
                SekoiaState.ENTITY_UUID, body.path("format_uuid").asText(), SekoiaState.newIntakeKey(), now);
        state.sekoia.intakes.add(i);
        save.run();
        return ok(intake(i));
    }

    private static ObjectNode intake(SekoiaState.Intake i) {
        ObjectNode o = SandboxState.MAPPER.createObjectNode();
        String created = Instant.ofEpochMilli(i.createdAt()).toString();
        o.put("uuid", i.uuid());
        o.put("name", i.name());
        o.put("community_uuid", SekoiaState.COMMUNITY_UUID);
        o.put("entity_uuid", i.entityUuid());
        o.putObject("entity").put("uuid", i.entityUuid()).put("name", SekoiaState.ENTITY_NAME);
        o.put("format_uuid", i.formatUuid());
        o.put("intake_key", i.intakeKey());
        o.put("status", "RUNNING");
        o.put("created_at", created);
        o.put("updated_at", created);
        o.put("is_custom_format", false);
        return o;
    }

    private static ObjectNode entity() {
        return SandboxState.MAPPER.createObjectNode().put("uuid", SekoiaState.ENTITY_UUID)
                .put("name", SekoiaState.ENTITY_NAME);
    }

    /** {@code {"items": [...], "total": N}}, with {@code limit} (default 100) and {@code offset} (default 0). */
    private static Reply page(List<JsonNode> all, Map<String, String> query) {
        int limit = Math.max(0, Sandbox.parse(query.get("limit"), 100));
        int offset = Math.max(0, Sandbox.parse(query.get("offset"), 0));
        ObjectNode o = SandboxState.MAPPER.createObjectNode();
        ArrayNode items = o.putArray("items");
        for (int i = offset; i < Math.min(all.size(), (long) offset + limit); i++) {
            items.add(all.get(i));
        }
        o.put("total", all.size());
        return ok(o);
    }

    // ---------------------------------------------------------------------------------------------
    // Telemetry

    private Reply telemetry(String path, JsonNode body, long now) {
        if (body != null && !body.isObject()) {
            return error(400, "INVALID_BODY", "The body must be a JSON object");
        }
        JsonNode b = body == null ? SandboxState.MAPPER.createObjectNode() : body;
        long latest;
        long earliest;
        try {
            latest = b.hasNonNull("latest") ? instant(b.get("latest").asText()) : now;
            earliest = b.hasNonNull("earliest") ? instant(b.get("earliest").asText())
                    : latest - ChronoUnit.DAYS.getDuration().toMillis();
        } catch (DateTimeParseException e) {
            return error(400, "INVALID_BODY", "earliest and latest must be ISO 8601 date-times");
        }
        if (earliest > latest) {
            return error(400, "INVALID_BODY", "earliest must not be after latest");
        }
        JsonNode filters = b.path("filters");
        List<String> uuids = strings(filters.path("intake_uuid"));
        Map<SekoiaState.Intake, SekoiaDelivery.Counts> per = new LinkedHashMap<>();
        SekoiaDelivery.Counts all = new SekoiaDelivery.Counts();
        for (SekoiaState.Intake i : state.sekoia.intakes) {
            if (uuids == null || uuids.contains(i.uuid())) {
                SekoiaDelivery.Counts c = delivery.count(i, earliest, latest, now);
                per.put(i, c);
                all.add(c);
            }
        }
        switch (path) {
            case "/v1/telemetry/events/counters":
                return ok(events(all, per, strings(b.path("groups"))));
            case "/v1/telemetry/events-by-status/counters":
                return ok(SandboxState.MAPPER.createObjectNode().put("total", all.total())
                        .put("valid_events_occurrences", all.valid)
                        .put("warning_events_occurences", 0) // sic: Sekoia's spelling
                        .put("invalid_events_occurrences", all.invalid()));
            case "/v1/telemetry/parsing-issues/counters":
                return ok(parsingIssues(all, strings(filters.path("parsing_status"))));
            default: // intakes/counters
                return ok(lag(all));
        }
    }

    /** The events counted, in total and, when grouped by intake_uuid, per intake (most first, none left out). */
    private static ObjectNode events(SekoiaDelivery.Counts all, Map<SekoiaState.Intake, SekoiaDelivery.Counts> per,
                                     List<String> groups) {
        ObjectNode o = SandboxState.MAPPER.createObjectNode();
        o.put("total", all.total());
        ArrayNode gs = o.putArray("groups");
        if (groups != null && groups.contains("intake_uuid")) {
            per.entrySet().stream().filter(e -> e.getValue().total() > 0)
                    .sorted(Comparator.comparingLong(e -> -e.getValue().total()))
                    .forEach(e -> group(gs, e.getValue().total(), "intake_uuid", e.getKey().uuid()));
        }
        return o;
    }

    /** The parsing issues by message (the invalid ones: wrong format, test uploads), most first. */
    private static ObjectNode parsingIssues(SekoiaDelivery.Counts all, List<String> statuses) {
        boolean invalid = statuses == null || statuses.contains("invalid");
        Map<String, Long> messages = new LinkedHashMap<>();
        if (invalid && all.wrongFormat > 0) {
            messages.put(SekoiaDelivery.WRONG_FORMAT, all.wrongFormat);
        }
        if (invalid && all.testUploads > 0) {
            messages.put(SekoiaDelivery.TEST_UPLOAD, all.testUploads);
        }
        ObjectNode o = SandboxState.MAPPER.createObjectNode();
        o.put("total", messages.values().stream().mapToLong(Long::longValue).sum());
        ArrayNode gs = o.putArray("groups");
        messages.entrySet().stream().sorted(Comparator.comparingLong(e -> -e.getValue()))
                .forEach(e -> group(gs, e.getValue(), "message", e.getKey()));
        return o;
    }

    /** The intakes' counters: the total and the lag of the valid events. */
    private static ObjectNode lag(SekoiaDelivery.Counts all) {
        ObjectNode o = SandboxState.MAPPER.createObjectNode();
        o.put("total", all.total());
        if (all.valid > 0) {
            o.put("average_lag", round(all.lagSum / all.valid));
            o.put("min_lag", round(all.minLag));
            o.put("max_lag", round(all.maxLag));
        } else { // nothing parsed, nothing dated: no lag rather than a reassuring 0
            o.putNull("average_lag");
            o.putNull("min_lag");
            o.putNull("max_lag");
        }
        return o;
    }

    private static void group(ArrayNode groups, long total, String attribute, String value) {
        ObjectNode g = groups.addObject();
        g.put("total", total);
        g.putObject("filter").put("attribute", attribute).put("value", value);
    }

    private static double round(double seconds) {
        return Math.round(seconds * 10) / 10.0;
    }

    /** A JSON array of strings (or one string) as a list; null when absent. */
    private static List<String> strings(JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        if (n.isArray()) {
            n.forEach(x -> out.add(x.asText()));
        } else {
            out.add(n.asText());
        }
        return out;
    }

    /** An ISO 8601 date-time; one without an offset is UTC. */
    private static long instant(String s) {
        try {
            return OffsetDateTime.parse(s).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC).toEpochMilli();
        }
    }

    // ---------------------------------------------------------------------------------------------

    private static Reply ok(JsonNode body) {
        return new Reply(200, body);
    }

    private static Reply notAllowed(String method, String path) {
        return error(405, "METHOD_NOT_ALLOWED", method + " is not allowed on " + PREFIX + path);
    }

    private static Reply error(int status, String code, String message) {
        return new Reply(status, SandboxState.MAPPER.createObjectNode().put("message", message).put("code", code));
    }
}
