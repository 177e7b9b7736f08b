package io.logpush.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The sandbox's stand-in for the part of the Cloudflare v4 API that logpush uses, under {@code /client/v4}:
 * zones, token verification, Logpush jobs (with {@link JobRules}), dataset fields and jobs, and the validate
 * endpoints, with Cloudflare's envelope and error codes. The {@link Sandbox} routes to it after its rate limit
 * and authentication, and logs the answer; the jobs' health (first batch) is computed here.
 */
final class CloudflareSide {
    static final String PREFIX = "/client/v4";

    private static final Pattern SCOPED = Pattern.compile("/(zones|accounts)/([^/]+)/logpush/(.*)");
    private static final Pattern ALERTING = Pattern.compile("/accounts/([^/]+)/alerting/v3/(.*)");
    private static final Pattern JOB = Pattern.compile("jobs/([0-9]+)");
    private static final Pattern DATASET = Pattern.compile("datasets/([^/]+)/(fields|jobs)");
    private static final Map<String, Map<String, String>> FIELDS = loadFields();

    private final SandboxState state;
    private final long firstBatchMs;
    private final Runnable save;
    private final Uploads uploads;
    private final GraphqlSide graphql;

    /**
     * {@code firstBatchMs}: how long after it is enabled a job reports its first batch; {@code save}: persist;
     * {@code graphql}: the answers of POST /graphql (one for the run: it keeps GraphQL's budget).
     */
    CloudflareSide(SandboxState state, long firstBatchMs, Runnable save, GraphqlSide graphql) {
        this.state = state;
        this.firstBatchMs = firstBatchMs;
        this.save = save;
        this.uploads = new Uploads(state);
        this.graphql = graphql;
    }

    /** An answer: status, Cloudflare's envelope, and headers of its own (the rate limit's). */
    record Reply(int status, JsonNode body, Map<String, String> headers) {
    }

    /**
     * The answer to one authorised request under {@link #PREFIX} ({@code path} without it), given under the
     * sandbox's lock; {@code bearer}: the request carries an Authorization header (a token, not a global key).
     */
    Reply answer(String method, String path, Map<String, String> query, JsonNode body, boolean bearer) {
        if (path.equals("/graphql") && method.equals("POST")) {
            return graphql.answer(body, System.currentTimeMillis());
        }
        if (path.equals("/zones") && method.equals("GET")) {
            return zones(query);
        }
        if (path.equals("/accounts") && method.equals("GET")) {
            return accounts(query);
        }
        if (path.matches("/zones/[^/]+") && method.equals("GET")) {
            SandboxState.Zone z = state.zone(path.substring("/zones/".length()));
            return z == null ? error(404, 7003, "Could not route to " + path + ", perhaps your object identifier "
                    + "is invalid?") : ok(zone(z));
        }
        if ((path.equals("/user/tokens/verify") || path.equals("/accounts/" + state.accountId + "/tokens/verify"))
                && method.equals("GET")) {
            return bearer ? ok(verifiedToken()) : error(400, 1000, "Invalid API Token");
        }
        Matcher a = ALERTING.matcher(path);
        if (a.matches()) {
            if (!a.group(1).equals(state.accountId)) {
                return error(403, 10000, "Authentication error");
            }
            return alerting(method, a.group(2), body);
        }
        Matcher m = SCOPED.matcher(path);
        if (m.matches()) {
            String kind = m.group(1);
            String id = m.group(2);
            boolean known = kind.equals("zones") ? state.zone(id) != null : id.equals(state.accountId);
            if (!known) {
                return error(400, 7003, "Could not route to /" + kind + "/" + id + "/logpush/" + m.group(3)
                        + ", perhaps your object identifier is invalid?");
            }
            return logpush(method, kind, kind + "/" + id, m.group(3), body);
        }
        return error(400, 7003, "No route for the URI");
    }

    /** The Logpush endpoints of a known scope ({@code kind}: zones or accounts; {@code rest}: after logpush/). */
    private Reply logpush(String method, String kind, String scope, String rest, JsonNode body) {
        if (rest.equals("jobs") && method.equals("GET")) {
            return ok(listed(scope, state.jobsOf(scope).values()));
        }
        if (rest.equals("jobs") && method.equals("POST")) {
            return create(kind, scope, body);
        }
        Matcher job = JOB.matcher(rest);
        if (job.matches()) {
            Reply r = job(method, kind, scope, Long.parseLong(job.group(1)), body);
            if (r != null) {
                return r;
            }
        }
        Matcher ds = DATASET.matcher(rest);
        if (ds.matches() && method.equals("GET")) {
            return dataset(kind, scope, ds.group(1), ds.group(2).equals("fields"));
        }
        if (method.equals("POST") && rest.startsWith("validate/")) {
            return validate(rest.substring("validate/".length()), scope, body);
        }
        return error(400, 7003, "No route for the URI");
    }

    /**
     * Notifications (alerting v3) of the account: policies (list, create, update), the available alerts (only
     * Logpush's) and the webhook destinations ({@code rest}: after v3/).
     */
    private Reply alerting(String method, String rest, JsonNode body) {
        if (rest.equals("available_alerts") && method.equals("GET")) {
            ObjectNode o = SandboxState.MAPPER.createObjectNode();
            o.putArray("Logpush").addObject().put("type", "failing_logpush_job_disabled_alert")
                    .put("display_name", "Failing Logpush Job Disabled")
                    .put("description", "Alert when a Logpush job is disabled after repeated failures.");
            return ok(o);
        }
        if (rest.equals("destinations/webhooks") && method.equals("GET")) {
            ArrayNode a = SandboxState.MAPPER.createArrayNode();
            state.webhooks.forEach(a::add);
            return ok(a);
        }
        if (rest.equals("policies") && method.equals("GET")) {
            ArrayNode a = SandboxState.MAPPER.createArrayNode();
            state.policies.values().forEach(a::add);
            return ok(a);
        }
        boolean create = rest.equals("policies") && method.equals("POST");
        boolean update = rest.startsWith("policies/") && method.equals("PUT");
        if (!create && !update) {
            return error(400, 7003, "No route for the URI");
        }
        String id = create ? SandboxState.id("policy " + state.policies.size() + " " + Instant.now())
                : rest.substring("policies/".length());
        if (update && !state.policies.containsKey(id)) {
            return error(404, 17002, "policy not found");
        }
        if (body == null || !body.path("name").isTextual() || !body.path("alert_type").isTextual()
                || !body.path("mechanisms").isObject()) {
            return error(400, 17001, "name, alert_type and mechanisms are required");
        }
        for (Map.Entry<String, JsonNode> e : body.path("mechanisms").properties()) {
            for (JsonNode target : e.getValue()) {
                String t = target.path("id").asText("");
                if (e.getKey().equals("webhooks") && state.webhooks.stream()
                        .noneMatch(w -> w.path("id").asText().equals(t))) {
                    return error(400, 17001, "webhook " + t + " does not exist");
                }
            }
        }
        ObjectNode policy = ((ObjectNode) body).deepCopy();
        policy.put("id", id);
        policy.put("modified", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        state.policies.put(id, policy);
        save.run();
        return ok(SandboxState.MAPPER.createObjectNode().put("id", id));
    }

    /** One job: read, update or delete; null for another method (no route). */
    private Reply job(String method, String kind, String scope, long id, JsonNode body) {
        ObjectNode existing = state.job(scope, id);
        if (existing == null) {
            return error(404, 1003, "job not found");
        }
        switch (method) {
            case "GET":
                delivered(scope, existing);
                return ok(existing);
            case "PUT":
                return update(kind, scope, existing, body);
            case "DELETE":
                state.jobsOf(scope).remove(id);
                state.enabledAt.remove(id);
                save.run();
                return ok(SandboxState.MAPPER.createObjectNode().put("id", id));
            default:
                return null;
        }
    }

    /** A dataset's fields, or its jobs in the scope; an error if the dataset is not served in this scope. */
    private Reply dataset(String kind, String scope, String dataset, boolean fieldsWanted) {
        Map<String, String> fields = fields(kind, dataset);
        if (fields == null) {
            return error(400, 1002, "dataset '" + dataset + "' is not supported in this scope");
        }
        if (fieldsWanted) {
            ObjectNode o = SandboxState.MAPPER.createObjectNode();
            fields.forEach(o::put);
            return ok(o);
        }
        return ok(listed(scope, state.jobsOf(scope).values().stream()
                .filter(j -> j.path("dataset").asText().equals(dataset)).toList()));
    }

    /** Jobs as read: each with its health brought up to date. */
    private ArrayNode listed(String scope, Collection<ObjectNode> jobs) {
        ArrayNode arr = SandboxState.MAPPER.createArrayNode();
        jobs.forEach(j -> {
            delivered(scope, j);
            arr.add(j);
        });
        return arr;
    }

    /** The token verification's result: an active token, valid for a year. */
    private static ObjectNode verifiedToken() {
        ObjectNode t = SandboxState.MAPPER.createObjectNode();
        t.put("id", SandboxState.id("token"));
        t.put("status", "active");
        t.putNull("not_before");
        t.put("expires_on", Instant.now().plus(365, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString());
        return t;
    }

    private Reply create(String kind, String scope, JsonNode body) {
        if (body == null || !body.isObject()) {
            return error(400, 1001, "error parsing input: the body must be a JSON object");
        }
        ObjectNode job = SandboxState.MAPPER.createObjectNode();
        job.put("id", 0);
        job.put("dataset", body.path("dataset").asText("http_requests"));
        job.put("enabled", false);
        job.putNull("name");
        String error = write(kind, job, body);
        if (error != null) {
            return error(400, 1002, error);
        }
        if (kind.equals("zones") && state.jobsOf(scope).size() >= JobRules.MAX_JOBS_PER_ZONE) {
            // Cloudflare documents the message without a code; 1004 is its permission code, so not that one
            return error(400, 1002, "creating a new job is not allowed: exceeded max jobs allowed");
        }
        long id = state.nextId++;
        job.put("id", id);
        if (!job.has("kind")) {
            job.put("kind", "");
        }
        if (!job.has("frequency")) {
            job.put("frequency", "high");
        }
        job.put("time_created", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        health(scope, job, null);
        state.jobsOf(scope).put(id, job);
        save.run();
        return ok(job);
    }

    /**
     * The writable fields of {@code body} set on {@code job}, then Cloudflare's rules and its test upload (on every
     * POST and PUT, so an intake that refuses blocks every change, even disable); the error, or null.
     */
    private String write(String kind, ObjectNode job, JsonNode body) {
        body.properties().forEach(e -> {
            if (JobRules.WRITABLE.contains(e.getKey()) && !e.getKey().equals("ownership_challenge")) {
                job.set(e.getKey(), e.getValue());
            }
        });
        String error = JobRules.check(job, fields(kind, job.path("dataset").asText()));
        return error != null ? error : testUpload(job.path("destination_conf").asText(""));
    }

    private Reply update(String kind, String scope, ObjectNode existing, JsonNode body) {
        if (body == null || !body.isObject()) {
            return error(400, 1001, "error parsing input: the body must be a JSON object");
        }
        if (body.has("dataset") && !body.get("dataset").asText().equals(existing.path("dataset").asText())) {
            return error(400, 1002, "dataset cannot be changed after the job is created");
        }
        if (body.has("kind") && !body.get("kind").asText("").equals(existing.path("kind").asText(""))) {
            return error(400, 1002, "kind cannot be changed after the job is created");
        }
        ObjectNode job = existing.deepCopy();
        String error = write(kind, job, body);
        if (error != null) {
            return error(400, 1002, error);
        }
        health(scope, job, existing);
        state.jobsOf(scope).put(job.path("id").asLong(), job);
        save.run();
        return ok(job);
    }

    /**
     * Health as Cloudflare reports it: last_complete stays null (or what it was) until the first batch, which an
     * enabled job delivers {@code firstBatchAfterMs} after it was enabled; from then on, every read shows a recent
     * batch. A disabled job keeps what it had. When it was enabled is kept in the state, never shown.
     */
    private void health(String scope, ObjectNode job, ObjectNode before) {
        boolean enabled = job.path("enabled").asBoolean(false);
        boolean wasEnabled = before != null && before.path("enabled").asBoolean(false);
        long id = job.path("id").asLong();
        if (enabled && !wasEnabled) {
            state.enabledAt.put(id, System.currentTimeMillis());
        } else if (!enabled) {
            state.enabledAt.remove(id);
        }
        if (!job.has("last_complete")) {
            job.putNull("last_complete");
        }
        if (!job.has("last_error")) {
            job.putNull("last_error");
        }
        if (!job.has("error_message")) {
            job.putNull("error_message");
        }
        delivered(scope, job);
    }

    /**
     * The job's health from what it sent ({@link Uploads#health}); a job that has sent nothing through the Sekoia
     * side's segments yet (a destination without an intake key, a job just written): an enabled job past its first
     * batch shows a batch delivered now, unless its intake refuses.
     */
    private void delivered(String scope, ObjectNode job) {
        long now = System.currentTimeMillis();
        if (uploads.health(job, scope + "/" + job.path("id").asLong(), now)) {
            return;
        }
        Long since = state.enabledAt.get(job.path("id").asLong());
        String key = SekoiaDelivery.intakeKey(job.path("destination_conf").asText(""));
        if (job.path("enabled").asBoolean(false) && since != null && now - since >= firstBatchMs
                && (key == null || state.sekoia.statusAt(key, now) == SekoiaState.ACCEPTED)) {
            job.put("last_complete", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        }
    }

    /**
     * Cloudflare's destination test before a write: refused while the intake of the destination's key refuses
     * uploads (an admin refusal), but for 413 (the test upload is small); null when it goes through. A key no intake
     * has is let through, as before the Sekoia side could refuse (its uploads then fail: {@link SekoiaState#pieces}).
     */
    private String testUpload(String destination) {
        String key = SekoiaDelivery.intakeKey(destination);
        SekoiaState.Refusal refusal = key == null ? null : state.sekoia.refusal(key, System.currentTimeMillis());
        if (refusal == null || refusal.status == 413) {
            return null;
        }
        return "error validating destination: error writing object: error uploading";
    }

    private Reply validate(String what, String scope, JsonNode body) {
        ObjectNode r = SandboxState.MAPPER.createObjectNode();
        String dest = body == null ? "" : body.path("destination_conf").asText("");
        switch (what) {
            case "destination": {
                String error = JobRules.destination(dest);
                if (error == null) {
                    error = testUpload(dest);
                }
                r.put("valid", error == null);
                r.put("message", error == null ? "" : error);
                return ok(r);
            }
            case "destination/exists": {
                boolean exists = state.jobsOf(scope).values().stream()
                        .anyMatch(j -> j.path("destination_conf").asText().equals(dest));
                r.put("exists", exists);
                return ok(r);
            }
            case "origin": {
                String options = body == null ? "" : body.path("logpull_options").asText("");
                boolean valid = options.contains("fields=");
                r.put("valid", valid);
                r.put("message", valid ? "" : "logpull_options must name fields");
                return ok(r);
            }
            default:
                return error(400, 7003, "No route for the URI");
        }
    }

    private Reply zones(Map<String, String> query) {
        List<SandboxState.Zone> matching = new ArrayList<>();
        String name = query.get("name");
        for (SandboxState.Zone z : state.zones) {
            if (name == null || z.name().equalsIgnoreCase(name)) {
                matching.add(z);
            }
        }
        int perPage = Math.max(5, Math.min(50, Sandbox.parse(query.get("per_page"), 20)));
        int page = Math.max(1, Sandbox.parse(query.get("page"), 1));
        ArrayNode arr = SandboxState.MAPPER.createArrayNode();
        int from = (page - 1) * perPage;
        for (int i = from; i < Math.min(matching.size(), from + perPage); i++) {
            arr.add(zone(matching.get(i)));
        }
        ObjectNode reply = envelope(arr);
        ObjectNode info = reply.putObject("result_info");
        info.put("page", page);
        info.put("per_page", perPage);
        info.put("count", arr.size());
        info.put("total_count", matching.size());
        info.put("total_pages", (matching.size() + perPage - 1) / perPage);
        return new Reply(200, reply, Map.of());
    }

    /** {@code GET /accounts}: the sandbox's one account, paged as Cloudflare pages it (result_info). */
    private Reply accounts(Map<String, String> query) {
        int perPage = Math.max(5, Math.min(50, Sandbox.parse(query.get("per_page"), 20)));
        int page = Math.max(1, Sandbox.parse(query.get("page"), 1));
        ArrayNode arr = SandboxState.MAPPER.createArrayNode();
        if (page == 1) {
            ObjectNode a = arr.addObject();
            a.put("id", state.accountId);
            a.put("name", "Sandbox account");
            a.put("type", "enterprise");
        }
        ObjectNode reply = envelope(arr);
        ObjectNode info = reply.putObject("result_info");
        info.put("page", page);
        info.put("per_page", perPage);
        info.put("count", arr.size());
        info.put("total_count", 1);
        info.put("total_pages", 1);
        return new Reply(200, reply, Map.of());
    }

    private ObjectNode zone(SandboxState.Zone z) {
        ObjectNode o = SandboxState.MAPPER.createObjectNode();
        o.put("id", z.id());
        o.put("name", z.name());
        o.put("status", "active");
        o.putObject("account").put("id", state.accountId).put("name", "Sandbox account");
        // As Cloudflare lists a zone's plan (the OpenAPI document leaves it out of the schema, the API sends it):
        // Logpush needs Enterprise, so every sandbox zone has that plan.
        ObjectNode plan = o.putObject("plan");
        plan.put("id", "94f3b7b768b0458b56d2cac4fe5ec0f9");
        plan.put("name", "Enterprise Website");
        plan.put("price", 0);
        plan.put("currency", "USD");
        plan.put("frequency", "");
        plan.put("is_subscribed", true);
        plan.put("can_subscribe", false);
        plan.put("legacy_id", "enterprise");
        plan.put("legacy_discount", false);
        plan.put("externally_managed", false);
        return o;
    }

    /** The dataset's fields if it exists in this scope, else null. */
    private static Map<String, String> fields(String kind, String dataset) {
        Map<String, String> f = FIELDS.get(dataset);
        if (f == null) {
            return null;
        }
        return JobRules.inScope(kind, dataset) ? f : null;
    }

    private static Map<String, Map<String, String>> loadFields() {
        try (InputStream in = CloudflareSide.class.getResourceAsStream("/io/logpush/sandbox-fields.json")) {
            JsonNode root = SandboxState.MAPPER.readTree(in);
            Map<String, Map<String, String>> out = new HashMap<>();
            root.properties().forEach(ds -> {
                Map<String, String> m = new TreeMap<>();
                ds.getValue().properties().forEach(f -> m.put(f.getKey(), f.getValue().asText()));
                out.put(ds.getKey(), m);
            });
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode envelope(JsonNode result) {
        ObjectNode o = SandboxState.MAPPER.createObjectNode();
        o.put("success", true);
        o.putArray("errors");
        o.putArray("messages");
        o.set("result", result);
        return o;
    }

    static Reply ok(JsonNode result) {
        return new Reply(200, envelope(result), Map.of());
    }

    static Reply error(int status, int code, String message) {
        ObjectNode o = SandboxState.MAPPER.createObjectNode();
        o.put("success", false);
        o.putArray("errors").addObject().put("code", code).put("message", message);
        o.putArray("messages");
        o.putNull("result");
        return new Reply(status, o, Map.of());
    }
}
