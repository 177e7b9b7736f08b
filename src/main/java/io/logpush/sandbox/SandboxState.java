package io.logpush.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The sandbox's world: credentials, one account, its zones, and the Logpush jobs of each scope. Kept in
 * memory; with a state file, loaded at start and saved after every change.
 */
final class SandboxState {
    static final ObjectMapper MAPPER = new ObjectMapper();

    record Zone(String id, String name) {
    }

    String token;
    String email;
    String globalKey;
    String accountId;
    final List<Zone> zones = new ArrayList<>();
    /** Jobs by scope path ("zones/ID" or "accounts/ID"), then by job ID. */
    final Map<String, LinkedHashMap<Long, ObjectNode>> jobs = new LinkedHashMap<>();
    long nextId = 1;
    /** When each enabled job was enabled (milliseconds), for its first batch; not saved (a loaded job delivers). */
    final Map<Long, Long> enabledAt = new HashMap<>();

    /** Notification policies (alerting v3) by id, and the webhook destinations; saved under "alerting". */
    final Map<String, ObjectNode> policies = new LinkedHashMap<>();
    final List<ObjectNode> webhooks = new ArrayList<>();

    /** The Sekoia side (SekoiaSide): its key, intakes and what they received; saved under "sekoia". */
    SekoiaState sekoia = SekoiaState.fresh();

    /** How far the clock has been advanced in all ({@link #shift}); saved as "clock_advanced_ms". */
    long advancedMs;

    static SandboxState fresh(int zoneCount) {
        SandboxState s = new SandboxState();
        SecureRandom random = new SecureRandom();
        s.token = "sbx_" + random(random, 20);
        s.email = "sandbox@example.com";
        s.globalKey = random(random, 18);
        s.accountId = id("account");
        for (int i = 1; i <= zoneCount; i++) {
            String name = "zone" + i + ".example.com";
            s.zones.add(new Zone(id(name), name));
        }
        s.webhooks.add(MAPPER.createObjectNode().put("id", id("webhook")).put("name", "sandbox-hook")
                .put("type", "generic").put("url", "https://hooks.example.com/cloudflare?token=" + random(random, 12)));
        return s;
    }

    private static String random(SecureRandom r, int bytes) {
        byte[] b = new byte[bytes];
        r.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** A stable 32-hex ID derived from a name, so that zone IDs are the same on every start. */
    static String id(String name) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(("logpush-sandbox:" + name)
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    Zone zone(String id) {
        for (Zone z : zones) {
            if (z.id().equals(id)) {
                return z;
            }
        }
        return null;
    }

    LinkedHashMap<Long, ObjectNode> jobsOf(String scope) {
        return jobs.computeIfAbsent(scope, k -> new LinkedHashMap<>());
    }

    /** Finds a job in any scope; null if none. */
    ObjectNode job(String scope, long id) {
        Map<Long, ObjectNode> m = jobs.get(scope);
        return m == null ? null : m.get(id);
    }

    /**
     * Moves every time the sandbox remembers {@code ms} into the past: the jobs' creation and health times, when
     * they were enabled, the policies' modification, and the Sekoia side's intakes, deliveries, test uploads and
     * refusals. This is how the clock advances: the sandbox answers in real time (its clients read the real clock),
     * and what runs (a delivery, a refusal) has run {@code ms} longer.
     */
    void shift(long ms) {
        for (Map<Long, ObjectNode> scope : jobs.values()) {
            for (ObjectNode job : scope.values()) {
                for (String field : new String[] {"time_created", "last_complete", "last_error"}) {
                    shiftTime(job, field, ms);
                }
            }
        }
        enabledAt.replaceAll((id, at) -> at - ms);
        policies.values().forEach(p -> shiftTime(p, "modified", ms));
        sekoia.shift(ms);
        advancedMs += ms;
    }

    private static void shiftTime(ObjectNode o, String field, long ms) {
        JsonNode v = o.get(field);
        if (v == null || !v.isTextual()) {
            return;
        }
        try {
            o.put(field, Instant.parse(v.asText()).minusMillis(ms).toString());
        } catch (DateTimeParseException e) {
            // not a time the sandbox wrote: left as it is
        }
    }

    /**
     * Refuses a state file the sandbox could not keep: a directory, or one whose directory does not exist. Checked
     * before the server starts, so that the error is a usage error and not a failure at the first change.
     */
    static void checkWritable(Path file) {
        if (Files.isDirectory(file)) {
            throw new Sandbox.BadConfig("--state " + file + " is a directory", "give the path of a file, e.g. "
                    + file.resolve("sandbox.json"));
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new Sandbox.BadConfig("--state " + file + ": directory " + parent + " does not exist",
                    "create it first, or give a path in an existing directory");
        }
    }

    /** A state file written by the sandbox; anything else (not JSON, empty, {}, []) is refused, never overwritten. */
    static SandboxState load(Path file) {
        JsonNode root;
        try (InputStream in = Files.newInputStream(file)) {
            root = MAPPER.readTree(in);
        } catch (JsonProcessingException e) {
            throw notState(file, "it is not JSON");
        } catch (IOException e) {
            throw new Sandbox.BadConfig("--state " + file + " cannot be read: " + e.getClass().getSimpleName(),
                    null);
        }
        if (root == null || root.isMissingNode() || !root.isObject()) {
            throw notState(file, root == null || root.isMissingNode() ? "it is empty" : "it is not a JSON object");
        }
        for (String key : new String[] {"token", "email", "global_key", "account_id"}) {
            if (!root.path(key).isTextual() || root.path(key).asText().isEmpty()) {
                throw notState(file, "it has no '" + key + "'");
            }
        }
        if (!root.path("zones").isArray() || (root.has("jobs") && !root.get("jobs").isObject())) {
            throw notState(file, "its 'zones' or 'jobs' are not what the sandbox writes");
        }
        SandboxState s = new SandboxState();
        s.token = root.path("token").asText();
        s.email = root.path("email").asText();
        s.globalKey = root.path("global_key").asText();
        s.accountId = root.path("account_id").asText();
        for (JsonNode z : root.path("zones")) {
            s.zones.add(new Zone(z.path("id").asText(), z.path("name").asText()));
        }
        Iterator<Map.Entry<String, JsonNode>> scopes = root.path("jobs").properties().iterator();
        while (scopes.hasNext()) {
            Map.Entry<String, JsonNode> e = scopes.next();
            LinkedHashMap<Long, ObjectNode> m = s.jobsOf(e.getKey());
            for (JsonNode j : e.getValue()) {
                if (!j.isObject()) {
                    throw notState(file, "a job of " + e.getKey() + " is not an object");
                }
                m.put(j.path("id").asLong(), (ObjectNode) j);
                if (j.path("enabled").asBoolean(false)) {
                    s.enabledAt.put(j.path("id").asLong(), 0L);
                }
            }
        }
        s.nextId = root.path("next_id").asLong(1);
        s.advancedMs = root.path("clock_advanced_ms").asLong(0);
        for (JsonNode p : root.path("alerting").path("policies")) {
            if (p.isObject()) {
                s.policies.put(p.path("id").asText(), (ObjectNode) p);
            }
        }
        for (JsonNode w : root.path("alerting").path("webhooks")) {
            if (w.isObject()) {
                s.webhooks.add((ObjectNode) w);
            }
        }
        s.sekoia = SekoiaState.fromJson(root.get("sekoia"));
        return s;
    }

    private static Sandbox.BadConfig notState(Path file, String why) {
        return new Sandbox.BadConfig("--state " + file + " is not a sandbox state file: " + why,
                "give a new path (the sandbox creates it) or a file a previous 'logpush sandbox --state' wrote; "
                        + "it was left as it is");
    }

    synchronized void save(Path file) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("token", token);
        root.put("email", email);
        root.put("global_key", globalKey);
        root.put("account_id", accountId);
        var zs = root.putArray("zones");
        zones.forEach(z -> zs.addObject().put("id", z.id()).put("name", z.name()));
        ObjectNode js = root.putObject("jobs");
        jobs.forEach((scope, m) -> {
            var arr = js.putArray(scope);
            m.values().forEach(arr::add);
        });
        root.put("next_id", nextId);
        root.put("clock_advanced_ms", advancedMs);
        ObjectNode alerting = root.putObject("alerting");
        policies.values().forEach(alerting.putArray("policies")::add);
        webhooks.forEach(alerting.putArray("webhooks")::add);
        root.set("sekoia", sekoia.toJson());
        try {
            // 0600 from the start: the file holds the sandbox's token and key
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            try {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(tmp);
            }
            Files.write(tmp, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
