package io.logpush.sandbox;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The sandbox's Sekoia side: its API key, its one entity, its intakes, and what the Cloudflare side has sent
 * them, as delivery segments (a job enabled towards an intake's key, from when to when, with what it sends) and
 * Cloudflare's test uploads. Events are never stored: {@link SekoiaDelivery} counts them from these when asked. An
 * intake may refuse uploads for a while (a {@link Refusal}); what it refuses it never receives.
 * Held by {@link SandboxState}, and saved with it in the state file under "sekoia".
 */
final class SekoiaState {
    static final String ENTITY_NAME = "Main entity";
    static final String ENTITY_UUID = uuid("sekoia-entity:" + ENTITY_NAME);
    static final String COMMUNITY_UUID = uuid("sekoia-community");
    static final String ME_UUID = uuid("sekoia-api-key");

    /** A Sekoia intake; times in epoch milliseconds. */
    record Intake(String uuid, String name, String entityUuid, String formatUuid, String intakeKey, long createdAt) {
    }

    /**
     * What one Cloudflare job (by "scope/id") sent to one intake key: events from {@code deliverFrom} until
     * {@code end} (Long.MAX_VALUE while it still runs), of {@code dataset}, with that timestamp format.
     */
    static final class Segment {
        final String job;
        final String key;
        final String dataset;
        final String timestamps;
        long deliverFrom;
        long end;

        Segment(String job, String key, String dataset, String timestamps, long deliverFrom, long end) {
            this.job = job;
            this.key = key;
            this.dataset = dataset;
            this.timestamps = timestamps;
            this.deliverFrom = deliverFrom;
            this.end = end;
        }

        boolean sends(String otherKey, String otherDataset, String otherTimestamps) {
            return key.equals(otherKey) && dataset.equals(otherDataset) && timestamps.equals(otherTimestamps);
        }
    }

    /** Cloudflare's destination test, {"content":"tests"}, uploaded to {@code key} at {@code at} on a job write. */
    record Upload(String key, long at) {
    }

    /** What an upload gets from an intake that takes it. */
    static final int ACCEPTED = 200;
    /** What an upload to a key no intake has gets, once the sandbox has intakes. */
    static final int UNKNOWN_KEY = 401;

    /**
     * An intake refusing the uploads to {@code key} with {@code status} (an HTTP status, or one of Cloudflare's own
     * delivery codes such as 1105) from {@code from} until {@code end} (Long.MAX_VALUE while it still does): the
     * sandbox's admin path {@code /__sandbox/intakes/NAME/refuse}.
     */
    static final class Refusal {
        final String key;
        final int status;
        long from;
        long end;

        Refusal(String key, int status, long from, long end) {
            this.key = key;
            this.status = status;
            this.from = from;
            this.end = end;
        }
    }

    /** A span [from, to) of uploads to one key, all answered with {@code status}. */
    record Piece(long from, long to, int status) {
        boolean accepted() {
            return status == ACCEPTED;
        }
    }

    String apiKey;
    final List<Intake> intakes = new ArrayList<>();
    final List<Segment> segments = new ArrayList<>();
    /** The running segment of each job, by "scope/id". */
    final Map<String, Segment> running = new LinkedHashMap<>();
    final List<Upload> uploads = new ArrayList<>();
    final List<Refusal> refusals = new ArrayList<>();

    static SekoiaState fresh() {
        SekoiaState s = new SekoiaState();
        s.apiKey = "sbx_sekoia_" + HexFormat.of().formatHex(bytes(24));
        return s;
    }

    /** A fresh intake key: 32 letters and digits, as Sekoia's. */
    static String newIntakeKey() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder b = new StringBuilder(32);
        for (byte x : bytes(32)) {
            b.append(alphabet.charAt((x & 0xff) % alphabet.length()));
        }
        return b.toString();
    }

    /** A fresh random UUID (8-4-4-4-12). */
    static String newUuid() {
        return UUID.randomUUID().toString();
    }

    /** A stable UUID derived from a name, like the sandbox's other IDs. */
    static String uuid(String name) {
        String hex = SandboxState.id(name);
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20, 32);
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }

    Intake intakeByKey(String key) {
        for (Intake i : intakes) {
            if (i.intakeKey().equals(key)) {
                return i;
            }
        }
        return null;
    }

    Intake intake(String uuid) {
        for (Intake i : intakes) {
            if (i.uuid().equals(uuid)) {
                return i;
            }
        }
        return null;
    }

    /** The refusal of {@code key} running at {@code at}, or null. */
    Refusal refusal(String key, long at) {
        for (Refusal r : refusals) {
            if (r.key.equals(key) && r.from <= at && at < r.end) {
                return r;
            }
        }
        return null;
    }

    /**
     * What uploads to {@code key} got in [from, to), in pieces, oldest first: an intake's key is accepted but while
     * the intake refuses; a key no intake has is refused (401) once the sandbox has intakes, accepted before (the
     * sandbox then stands in for Cloudflare alone).
     */
    List<Piece> pieces(String key, long from, long to) {
        List<Piece> out = new ArrayList<>();
        if (to <= from) {
            return out;
        }
        if (intakeByKey(key) == null) {
            out.add(new Piece(from, to, intakes.isEmpty() ? ACCEPTED : UNKNOWN_KEY));
            return out;
        }
        List<Refusal> mine = refusals.stream().filter(r -> r.key.equals(key) && r.from < to && r.end > from)
                .sorted(Comparator.comparingLong(r -> r.from)).toList();
        long cursor = from;
        for (Refusal r : mine) {
            if (r.from > cursor) {
                out.add(new Piece(cursor, r.from, ACCEPTED));
            }
            long a = Math.max(r.from, cursor);
            long b = Math.min(r.end, to);
            if (b > a) {
                out.add(new Piece(a, b, r.status));
                cursor = b;
            }
        }
        if (cursor < to) {
            out.add(new Piece(cursor, to, ACCEPTED));
        }
        return out;
    }

    /** What an upload to {@code key} gets at {@code at}: {@link #ACCEPTED} or the refusal's status. */
    int statusAt(String key, long at) {
        return pieces(key, at, at + 1).get(0).status();
    }

    /** Moves every time this side remembers {@code ms} into the past (the sandbox's clock advanced by it). */
    void shift(long ms) {
        intakes.replaceAll(i -> new Intake(i.uuid(), i.name(), i.entityUuid(), i.formatUuid(), i.intakeKey(),
                i.createdAt() - ms));
        for (Segment s : segments) {
            s.deliverFrom -= ms;
            if (s.end != Long.MAX_VALUE) {
                s.end -= ms;
            }
        }
        uploads.replaceAll(u -> new Upload(u.key(), u.at() - ms));
        for (Refusal r : refusals) {
            r.from -= ms;
            if (r.end != Long.MAX_VALUE) {
                r.end -= ms;
            }
        }
    }

    ObjectNode toJson() {
        ObjectNode root = SandboxState.MAPPER.createObjectNode();
        root.put("api_key", apiKey);
        ArrayNode is = root.putArray("intakes");
        for (Intake i : intakes) {
            is.addObject().put("uuid", i.uuid()).put("name", i.name()).put("entity_uuid", i.entityUuid())
                    .put("format_uuid", i.formatUuid()).put("intake_key", i.intakeKey())
                    .put("created_at", i.createdAt());
        }
        ArrayNode ss = root.putArray("segments");
        for (Segment s : segments) {
            ObjectNode o = ss.addObject().put("job", s.job).put("key", s.key).put("dataset", s.dataset)
                    .put("timestamps", s.timestamps).put("deliver_from", s.deliverFrom);
            if (s.end == Long.MAX_VALUE) {
                o.putNull("end");
            } else {
                o.put("end", s.end);
            }
        }
        ArrayNode us = root.putArray("uploads");
        for (Upload u : uploads) {
            us.addObject().put("key", u.key()).put("at", u.at());
        }
        ArrayNode rs = root.putArray("refusals");
        for (Refusal r : refusals) {
            ObjectNode o = rs.addObject().put("key", r.key).put("status", r.status).put("from", r.from);
            if (r.end == Long.MAX_VALUE) {
                o.putNull("end");
            } else {
                o.put("end", r.end);
            }
        }
        return root;
    }

    /** From what {@link #toJson()} wrote; a state file without a Sekoia side (an older one) gets a fresh one. */
    static SekoiaState fromJson(JsonNode root) {
        if (root == null || !root.isObject() || !root.path("api_key").isTextual()) {
            return fresh();
        }
        SekoiaState s = new SekoiaState();
        s.apiKey = root.path("api_key").asText();
        for (JsonNode i : root.path("intakes")) {
            s.intakes.add(new Intake(i.path("uuid").asText(), i.path("name").asText(), i.path("entity_uuid").asText(),
                    i.path("format_uuid").asText(), i.path("intake_key").asText(), i.path("created_at").asLong()));
        }
        for (JsonNode o : root.path("segments")) {
            Segment seg = new Segment(o.path("job").asText(), o.path("key").asText(), o.path("dataset").asText(),
                    o.path("timestamps").asText(), o.path("deliver_from").asLong(),
                    o.path("end").isNumber() ? o.path("end").asLong() : Long.MAX_VALUE);
            s.segments.add(seg);
            if (seg.end == Long.MAX_VALUE) {
                s.running.put(seg.job, seg);
            }
        }
        for (JsonNode u : root.path("uploads")) {
            s.uploads.add(new Upload(u.path("key").asText(), u.path("at").asLong()));
        }
        for (JsonNode r : root.path("refusals")) {
            s.refusals.add(new Refusal(r.path("key").asText(), r.path("status").asInt(UNKNOWN_KEY),
                    r.path("from").asLong(), r.path("end").isNumber() ? r.path("end").asLong() : Long.MAX_VALUE));
        }
        return s;
    }
}
