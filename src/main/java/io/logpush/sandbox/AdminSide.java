package io.logpush.sandbox;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.logpush.model.Times;

/**
 * The sandbox's own paths, under {@code /__sandbox}, for demos and tests of what takes hours on Cloudflare (the
 * Cloudflare envelope, the sandbox's token):
 * <ul>
 * <li>{@code GET /__sandbox/clock}: now, and how far the clock has been advanced;</li>
 * <li>{@code POST /__sandbox/clock {"advance": "5h"}}: advances the clock ({@link SandboxState#shift}): running
 * deliveries and refusals run that much longer, a job whose uploads have failed for 24 h is disabled
 * ({@link Uploads#disableFailing}); the answer lists the jobs disabled;</li>
 * <li>{@code POST /__sandbox/intakes/NAME_OR_UUID/refuse {"status": 401}}: from now on the intake refuses uploads
 * with that status (an HTTP status 400 to 599, or one of Cloudflare's delivery codes 1101 to 1108 and 1201; 401 when
 * absent), as after a revoked key or a deleted intake; Cloudflare's test upload fails too (but for 413: it is
 * small), so every write to a job sending there is refused;</li>
 * <li>{@code POST /__sandbox/intakes/NAME_OR_UUID/accept}: it accepts them again.</li>
 * </ul>
 */
final class AdminSide {
    static final String PREFIX = "/__sandbox";
    /** The longest single advance: beyond it, history is older than any window logpush reads. */
    static final Duration MAX_ADVANCE = Duration.ofDays(400);

    private static final Pattern INTAKE = Pattern.compile("/intakes/([^/]+)/(refuse|accept)");
    private static final Pattern DURATION = Pattern.compile("(?:([0-9]{1,6})d)?(?:([0-9]{1,7})h)?(?:([0-9]{1,9})m)?"
            + "(?:([0-9]{1,10})s)?");

    private final SandboxState state;
    private final Uploads uploads;
    private final Runnable save;

    AdminSide(SandboxState state, Runnable save) {
        this.state = state;
        this.uploads = new Uploads(state);
        this.save = save;
    }

    /** The answer to one authorised request ({@code path} after {@link #PREFIX}), under the sandbox's lock. */
    CloudflareSide.Reply answer(String method, String path, JsonNode body, long now) {
        if (path.equals("/clock")) {
            if (method.equals("GET")) {
                return CloudflareSide.ok(clock(now, List.of(), null));
            }
            if (method.equals("POST")) {
                return advance(body, now);
            }
        }
        Matcher m = INTAKE.matcher(path);
        if (m.matches() && method.equals("POST")) {
            return intake(URLDecoder.decode(m.group(1), StandardCharsets.UTF_8), m.group(2).equals("refuse"), body,
                    now);
        }
        return CloudflareSide.error(404, 7003, "No route for " + method + " " + PREFIX + path + ": the sandbox's "
                + "paths are GET and POST " + PREFIX + "/clock and POST " + PREFIX + "/intakes/NAME/refuse|accept");
    }

    private CloudflareSide.Reply advance(JsonNode body, long now) {
        String text = body == null ? "" : body.path("advance").asText("");
        Duration d = duration(text);
        if (d == null || d.isZero() || d.compareTo(MAX_ADVANCE) > 0) {
            return CloudflareSide.error(400, 1001, "advance: '" + text + "' is not a duration of 1s to "
                    + MAX_ADVANCE.toDays() + "d: send {\"advance\": \"5h\"} (d, h, m, s, as in 1h30m)");
        }
        state.shift(d.toMillis());
        List<Uploads.Disabled> disabled = uploads.disableFailing(now);
        save.run();
        return CloudflareSide.ok(clock(now, disabled, d));
    }

    private ObjectNode clock(long now, List<Uploads.Disabled> disabled, Duration advanced) {
        ObjectNode o = SandboxState.MAPPER.createObjectNode();
        o.put("now", Instant.ofEpochMilli(now).toString());
        if (advanced != null) {
            o.put("advanced", Times.human(advanced));
        }
        o.put("advanced_in_all", Times.human(Duration.ofMillis(state.advancedMs)));
        ArrayNode jobs = o.putArray("disabled_jobs");
        for (Uploads.Disabled d : disabled) {
            jobs.addObject().put("id", d.id()).put("scope", d.scope()).put("disabled_at", Uploads.time(d.at()))
                    .put("reason", "its uploads failed for " + Uploads.DISABLE_AFTER.toHours() + " h");
        }
        return o;
    }

    private CloudflareSide.Reply intake(String ref, boolean refuse, JsonNode body, long now) {
        List<SekoiaState.Intake> found = state.sekoia.intakes.stream()
                .filter(i -> i.uuid().equals(ref) || i.name().equals(ref)).toList();
        if (found.isEmpty()) {
            return CloudflareSide.error(404, 1003, "no sandbox intake is named or has the uuid '" + ref + "'");
        }
        if (found.size() > 1) {
            return CloudflareSide.error(400, 1001, found.size() + " intakes are named '" + ref + "': give its uuid");
        }
        SekoiaState.Intake intake = found.get(0);
        int status = SekoiaState.UNKNOWN_KEY;
        if (refuse && body != null && body.has("status")) {
            status = body.path("status").asInt(-1);
            if (!body.path("status").isInt() || !refusal(status)) {
                return CloudflareSide.error(400, 1001, "status: '" + body.path("status") + "' is not a refusal: use "
                        + "an HTTP status 400 to 599 or a Cloudflare delivery code 1101 to 1108 or 1201");
            }
        }
        SekoiaState.Refusal running = state.sekoia.refusal(intake.intakeKey(), now);
        if (running != null) {
            running.end = now;
        }
        if (refuse) {
            state.sekoia.refusals.add(new SekoiaState.Refusal(intake.intakeKey(), status, now, Long.MAX_VALUE));
        }
        save.run();
        ObjectNode o = SandboxState.MAPPER.createObjectNode();
        o.put("intake", intake.name());
        o.put("uuid", intake.uuid());
        if (refuse) {
            o.put("refusing", status);
            o.put("since", Uploads.time(now));
        } else {
            o.putNull("refusing");
        }
        return CloudflareSide.ok(o);
    }

    private static boolean refusal(int status) {
        return status >= 400 && status <= 599 || status >= 1101 && status <= 1108 || status == 1201;
    }

    /** "5h", "1h30m", "2d", "90s"; null when not one. */
    static Duration duration(String text) {
        Matcher m = DURATION.matcher(text.trim());
        if (text.isBlank() || !m.matches()) {
            return null;
        }
        Duration d = Duration.ZERO;
        long[] unit = {86_400, 3_600, 60, 1};
        for (int g = 1; g <= 4; g++) {
            if (m.group(g) != null) {
                d = d.plusSeconds(Long.parseLong(m.group(g)) * unit[g - 1]);
            }
        }
        return d;
    }
}
