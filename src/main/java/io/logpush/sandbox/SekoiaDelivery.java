package io.logpush.sandbox;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.logpush.model.LogpullOptions;

/**
 * What ties the sandbox's Sekoia side to its Cloudflare side. Every Cloudflare job write is observed: an enabled
 * job whose destination carries {@code header_X-SEKOIAIO-INTAKE-KEY=<key>} sends to that key,
 * {@link #EVENTS_PER_SECOND} events a second from its first batch on, until it is disabled, deleted or pointed
 * elsewhere (a delivery segment); the intake of that key receives them, except while it refuses uploads
 * ({@link SekoiaState#pieces}); and every accepted create or update uploads Cloudflare's destination test,
 * {@code {"content":"tests"}}, which Sekoia cannot parse. Counting is deterministic: the events of a segment are
 * sent at every multiple of 100 ms of its span ({@link #ticks}), so that counts add up across windows and the
 * Cloudflare side's records ({@link Uploads}) are the Sekoia side's events.
 */
final class SekoiaDelivery {
    // The sandbox's own table (Sekoia's documentation, its Cloudflare intake formats), never the client's catalog.
    static final Map<String, String> FORMATS = Map.of(
            "firewall_events", "16676d72-463e-4b8a-b13a-f8dd48cddc8c",
            "http_requests", "0ba58f32-7dba-4084-ab17-90c0be6b1f10",
            "dns_logs", "bd9d0f51-114e-499a-bb7a-4f2d0a518b04",
            "audit_logs", "76d767ed-5431-4db1-b893-a48b6903d871",
            "access_requests", "588a448b-c08d-4139-a746-b2b9f366e34b",
            "gateway_dns", "7b1317ec-3f87-4b53-9b6d-3f79045f28fa",
            "gateway_http", "f570dd30-854b-4a22-9c2d-e2cfa46bf0e5",
            "gateway_network", "d14567dd-56b1-42f8-aa64-fb65d4b0a4cf",
            "zero_trust_network_sessions", "231e2141-4e35-4664-b178-04712ea8b435");
    /** Datasets whose Sekoia parser reads a unixnano timestamp: any other format dates events near the epoch. */
    static final Set<String> NANO_PARSERS = Set.of("firewall_events", "http_requests", "dns_logs");
    static final int EVENTS_PER_SECOND = 10;
    static final long TICK_MS = 1000 / EVENTS_PER_SECOND;
    /** Lag of a rightly dated event, in seconds: Logpush's batches. */
    static final double HEALTHY_LAG = 60;

    static final String WRONG_FORMAT = "failed to parse: unexpected event structure (field 'Datetime' is missing)";
    static final String TEST_UPLOAD = "unexpected event structure: {\"content\":\"tests\"}, the test upload from "
            + "Cloudflare when a Logpush job is created or updated";

    private static final Pattern KEY = Pattern.compile("(?i)[?&]header_X-SEKOIAIO-INTAKE-KEY=([^&]*)");
    private static final Pattern JOBS = Pattern.compile("/(zones|accounts)/([^/]+)/logpush/jobs(?:/([0-9]+))?");

    private final SekoiaState state;
    private final long firstBatchMs;

    /** {@code firstBatchMs}: how long after a job is enabled its first batch reaches the intake. */
    SekoiaDelivery(SekoiaState state, long firstBatchMs) {
        this.state = state;
        this.firstBatchMs = firstBatchMs;
    }

    /**
     * Sees one Cloudflare answer (the caller holds the sandbox's lock): an accepted job create, update or delete
     * changes what reaches the intakes. Returns whether the Sekoia side changed (then the state is saved).
     */
    boolean cloudflareAnswered(String method, String path, int status, JsonNode body, long now) {
        if (status != 200 || method.equals("GET")) {
            return false;
        }
        Matcher m = JOBS.matcher(path);
        if (!m.matches()) {
            return false;
        }
        String scope = m.group(1) + "/" + m.group(2);
        JsonNode job = body == null ? null : body.path("result");
        if (method.equals("DELETE") && m.group(3) != null) {
            return stop(scope + "/" + m.group(3), now);
        }
        if ((method.equals("POST") && m.group(3) == null || method.equals("PUT") && m.group(3) != null)
                && job != null && job.isObject()) {
            return written(scope + "/" + job.path("id").asText(), job, now);
        }
        return false;
    }

    private boolean written(String id, JsonNode job, long now) {
        String key = intakeKey(job.path("destination_conf").asText(""));
        SekoiaState.Intake intake = key == null ? null : state.intakeByKey(key);
        boolean changed = false;
        if (intake != null) {
            state.uploads.add(new SekoiaState.Upload(key, now));
            changed = true;
        }
        String dataset = job.path("dataset").asText("");
        String timestamps = timestamps(job);
        SekoiaState.Segment running = state.running.get(id);
        // Any key: a key no intake has is sent to as well, and refused (the Cloudflare side's upload history).
        boolean delivers = key != null && job.path("enabled").asBoolean(false);
        if (running != null && delivers && running.sends(key, dataset, timestamps)) {
            return changed;
        }
        changed |= stop(id, now);
        if (delivers) {
            // A job already delivering sends its next batch to the new settings; a newly enabled one waits
            // for its first batch.
            long from = running != null ? now : now + firstBatchMs;
            SekoiaState.Segment s = new SekoiaState.Segment(id, key, dataset, timestamps, from, Long.MAX_VALUE);
            state.segments.add(s);
            state.running.put(id, s);
            changed = true;
        }
        return changed;
    }

    private boolean stop(String id, long now) {
        SekoiaState.Segment running = state.running.remove(id);
        if (running == null) {
            return false;
        }
        running.end = now;
        return true;
    }

    /** The intake key of a destination, or null. */
    static String intakeKey(String destination) {
        Matcher m = KEY.matcher(destination);
        return m.find() && !m.group(1).isEmpty() ? URLDecoder.decode(m.group(1), StandardCharsets.UTF_8) : null;
    }

    /** The job's timestamp format: output_options.timestamp_format, else logpull_options' timestamps, else unixnano. */
    static String timestamps(JsonNode job) {
        JsonNode oo = job.path("output_options").path("timestamp_format");
        if (oo.isTextual() && !oo.asText().isEmpty()) {
            return oo.asText();
        }
        JsonNode lo = job.path("logpull_options");
        if (lo.isTextual()) {
            return LogpullOptions.parse(lo.asText()).timestamps().orElse("unixnano");
        }
        return "unixnano";
    }

    // ---------------------------------------------------------------------------------------------

    /** What an intake received in a window; lags (seconds) are over its valid events only. */
    static final class Counts {
        long valid;
        long wrongFormat;
        long testUploads;
        double lagSum;
        double minLag = Double.MAX_VALUE;
        double maxLag;

        long invalid() {
            return wrongFormat + testUploads;
        }

        long total() {
            return valid + invalid();
        }

        void add(Counts o) {
            valid += o.valid;
            wrongFormat += o.wrongFormat;
            testUploads += o.testUploads;
            lagSum += o.lagSum;
            minLag = Math.min(minLag, o.minLag);
            maxLag = Math.max(maxLag, o.maxLag);
        }
    }

    /** How many events a segment sends in [from, to) (epoch ms): one at every multiple of {@link #TICK_MS}. */
    static long ticks(long from, long to) {
        return to <= from ? 0 : Math.floorDiv(to + TICK_MS - 1, TICK_MS) - Math.floorDiv(from + TICK_MS - 1, TICK_MS);
    }

    /** What {@code intake} received in [earliest, latest] (epoch ms), as of {@code now}. */
    Counts count(SekoiaState.Intake intake, long earliest, long latest, long now) {
        Counts c = new Counts();
        long until = Math.min(latest, now);
        for (SekoiaState.Segment s : state.segments) {
            if (!s.key.equals(intake.intakeKey())) {
                continue;
            }
            long from = Math.max(Math.max(s.deliverFrom, earliest), intake.createdAt());
            long to = Math.min(s.end, until + 1); // [from, to): latest itself counts
            for (SekoiaState.Piece p : state.pieces(s.key, from, to)) {
                if (p.accepted()) { // what the intake refused, it never received
                    received(c, intake, s, p.from(), p.to());
                }
            }
        }
        for (SekoiaState.Upload u : state.uploads) {
            if (u.key().equals(intake.intakeKey()) && u.at() >= earliest && u.at() <= until
                    && u.at() >= intake.createdAt() && state.refusal(u.key(), u.at()) == null) {
                c.testUploads++;
            }
        }
        return c;
    }

    /** Adds the events of segment {@code s} received in [from, to) to {@code c}. */
    private static void received(Counts c, SekoiaState.Intake intake, SekoiaState.Segment s, long from, long to) {
        long n = ticks(from, to);
        if (n <= 0) {
            return;
        }
        if (!intake.formatUuid().equals(FORMATS.get(s.dataset))) {
            c.wrongFormat += n;
            return;
        }
        c.valid += n;
        if (NANO_PARSERS.contains(s.dataset) && !s.timestamps.equals("unixnano")) {
            // Dated at the epoch: the lag is the reception time itself, k * 100 ms.
            long k0 = Math.floorDiv(from + TICK_MS - 1, TICK_MS);
            long k1 = k0 + n;
            double perTick = TICK_MS / 1000.0;
            c.lagSum += perTick * ((double) k0 + (double) (k1 - 1)) * n / 2.0;
            c.minLag = Math.min(c.minLag, k0 * perTick);
            c.maxLag = Math.max(c.maxLag, (k1 - 1) * perTick);
        } else {
            c.lagSum += HEALTHY_LAG * n;
            c.minLag = Math.min(c.minLag, HEALTHY_LAG);
            c.maxLag = Math.max(c.maxLag, HEALTHY_LAG);
        }
    }
}
