package io.logpush.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    /** The Sekoia side (SekoiaSide): its key, intakes and what they received; saved under "sekoia". */
    SekoiaState sekoia = SekoiaState.fresh();

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

    static SandboxState load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            JsonNode root = MAPPER.readTree(in);
            SandboxState s = new SandboxState();
            s.token = root.path("token").asText();
            s.email = root.path("email").asText();
            s.globalKey = root.path("global_key").asText();
            s.accountId = root.path("account_id").asText();
            for (JsonNode z : root.path("zones")) {
                s.zones.add(new Zone(z.path("id").asText(), z.path("name").asText()));
            }
            Iterator<Map.Entry<String, JsonNode>> scopes = root.path("jobs").fields();
            while (scopes.hasNext()) {
                Map.Entry<String, JsonNode> e = scopes.next();
                LinkedHashMap<Long, ObjectNode> m = s.jobsOf(e.getKey());
                for (JsonNode j : e.getValue()) {
                    m.put(j.path("id").asLong(), (ObjectNode) j);
                }
            }
            s.nextId = root.path("next_id").asLong(1);
            s.sekoia = SekoiaState.fromJson(root.get("sekoia"));
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
        root.set("sekoia", sekoia.toJson());
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
