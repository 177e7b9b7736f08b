package io.logpush.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * A local stand-in for the part of the Cloudflare v4 API that logpush uses, on loopback only, with
 * the JDK's HTTP server: zones, token verification, Logpush jobs, dataset fields and validation, with
 * Cloudflare's envelope, rules, authentication and rate limiting.
 */
public final class Sandbox implements AutoCloseable {
    /** How to run the sandbox. {@code rateLimit} requests per {@code rateWindowSeconds}. */
    /**
     * How to run the sandbox. {@code rateLimit} requests per {@code rateWindowSeconds}; an enabled job reports
     * its first batch ({@code last_complete}) {@code firstBatchAfterMs} after it was enabled, as Cloudflare does
     * once the first batch is delivered.
     */
    public record Config(String host, int port, int zones, int latencyMs, Path stateFile, int rateLimit,
                         int rateWindowSeconds, PrintWriter log, long firstBatchAfterMs, SSLContext tls) {
        /** A sandbox over plain http. */
        public Config(String host, int port, int zones, int latencyMs, Path stateFile, int rateLimit,
                      int rateWindowSeconds, PrintWriter log, long firstBatchAfterMs) {
            this(host, port, zones, latencyMs, stateFile, rateLimit, rateWindowSeconds, log, firstBatchAfterMs, null);
        }

        /** A sandbox whose jobs report a first batch as soon as they are enabled. */
        public Config(String host, int port, int zones, int latencyMs, Path stateFile, int rateLimit,
                      int rateWindowSeconds, PrintWriter log) {
            this(host, port, zones, latencyMs, stateFile, rateLimit, rateWindowSeconds, log, 0);
        }
    }

    /** A configuration the sandbox cannot start with: a usage error, with the option it concerns and a hint. */
    public static final class BadConfig extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final String hint;

        BadConfig(String message, String hint) {
            super(message);
            this.hint = hint;
        }

        public String hint() {
            return hint;
        }
    }

    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|\\[?[0-9a-fA-F:.]+]?");

    private static final Pattern SCOPED = Pattern.compile("/(zones|accounts)/([^/]+)/logpush/(.*)");
    private static final Map<String, Map<String, String>> FIELDS = loadFields();

    private final Config config;
    private final SandboxState state;
    private final HttpServer server;
    private final ExecutorService executor;
    private long windowStart;
    private int windowCount;
    private final AtomicLong rateLimited = new AtomicLong();
    private SekoiaSide sekoia;

    private Sandbox(Config config, SandboxState state, HttpServer server, ExecutorService executor) {
        this.config = config;
        this.state = state;
        this.server = server;
        this.executor = executor;
    }

    /** Starts the sandbox; refuses any address that is not loopback. */
    public static Sandbox start(Config config) throws IOException {
        String host = config.host() == null ? "" : config.host().trim();
        String loopbackOnly = "the sandbox binds only loopback addresses (127.0.0.1, ::1, localhost), not '"
                + config.host() + "'";
        // Never a DNS lookup: a name other than localhost is refused as it is.
        if (!host.equalsIgnoreCase("localhost") && !IP_LITERAL.matcher(host).matches()) {
            throw new BadConfig("--host: " + loopbackOnly, "use --host 127.0.0.1");
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new BadConfig("--host: '" + config.host() + "' is not an IP address", "use --host 127.0.0.1");
        }
        if (!address.isLoopbackAddress()) {
            throw new BadConfig("--host: " + loopbackOnly, "use --host 127.0.0.1");
        }
        if (config.port() < 0 || config.port() > 65535) {
            throw new BadConfig("--port " + config.port() + " is out of range: use 0 to 65535",
                    "--port 0 picks any free port");
        }
        if (config.latencyMs() < 0 || config.latencyMs() > 60_000) {
            throw new BadConfig("--latency-ms " + config.latencyMs() + " is out of range: use 0 to 60000", null);
        }
        if (config.firstBatchAfterMs() < 0) {
            throw new BadConfig("--first-batch-after must not be negative", null);
        }
        if (config.stateFile() != null) {
            SandboxState.checkWritable(config.stateFile());
        }
        // TCP_NODELAY on accepted connections: the JDK server writes headers and body separately, and Nagle's
        // algorithm with the client's delayed ACK would add about 40 ms to every response.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        SandboxState state = config.stateFile() != null && Files.exists(config.stateFile())
                ? SandboxState.load(config.stateFile()) : SandboxState.fresh(config.zones());
        HttpServer server;
        if (config.tls() != null) {
            HttpsServer https = HttpsServer.create(new InetSocketAddress(address, config.port()), 64);
            https.setHttpsConfigurator(new HttpsConfigurator(config.tls()));
            server = https;
        } else {
            server = HttpServer.create(new InetSocketAddress(address, config.port()), 64);
        }
        ExecutorService executor = Executors.newFixedThreadPool(16, r -> {
            Thread t = new Thread(r, "sandbox");
            t.setDaemon(true);
            return t;
        });
        Sandbox sandbox = new Sandbox(config, state, server, executor);
        server.createContext("/client/v4/", sandbox::handle);
        // The Sekoia side (SekoiaSide), tied to the jobs: first batch at once, as last_complete here.
        sandbox.sekoia = new SekoiaSide(state, config.firstBatchAfterMs(), sandbox::saved, config.latencyMs(), config.log());
        server.createContext(SekoiaSide.PREFIX + "/", sandbox.sekoia::handle);
        server.setExecutor(executor);
        server.start();
        if (config.stateFile() != null) {
            state.save(config.stateFile());
        }
        return sandbox;
    }

    public String baseUrl() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().getHostAddress();
        return (config.tls() != null ? "https://" : "http://") + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort() + "/client/v4";
    }

    /** The base of the sandbox's Sekoia API (SEKOIA_API_URL). */
    public String sekoiaUrl() {
        String base = baseUrl();
        return base.substring(0, base.length() - "/client/v4".length()) + SekoiaSide.PREFIX;
    }

    /** The key of the sandbox's Sekoia API (SEKOIA_API_KEY). */
    public String sekoiaKey() {
        return sekoia.apiKey();
    }

    public String token() {
        return state.token;
    }

    public String email() {
        return state.email;
    }

    public String globalKey() {
        return state.globalKey;
    }

    public String accountId() {
        return state.accountId;
    }

    public String zoneId() {
        return state.zones.isEmpty() ? "" : state.zones.get(0).id();
    }

    public String zoneName() {
        return state.zones.isEmpty() ? "" : state.zones.get(0).name();
    }

    /** How many requests the sandbox answered with 429. */
    public long rateLimited() {
        return rateLimited.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---------------------------------------------------------------------------------------------

    private record Reply(int status, JsonNode body, Map<String, String> headers) {
    }

    private void handle(HttpExchange ex) throws IOException {
        Reply reply;
        try {
            reply = route(ex);
        } catch (RuntimeException e) {
            reply = error(500, 10001, "sandbox error: " + e.getClass().getSimpleName());
        }
        if (config.latencyMs() > 0) {
            try {
                Thread.sleep(config.latencyMs());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (config.log() != null) {
            // Logged before the response goes out, so that a client never sees an answer whose line is not there yet.
            synchronized (config.log()) {
                config.log().println(ex.getRequestMethod() + " " + ex.getRequestURI().getRawPath() + " " + reply.status());
                config.log().flush();
            }
        }
        byte[] bytes = SandboxState.MAPPER.writeValueAsBytes(reply.body());
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.getResponseHeaders().set("cf-ray", Long.toHexString(System.nanoTime()) + "-SBX");
        reply.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        ex.sendResponseHeaders(reply.status(), bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private Reply route(HttpExchange ex) throws IOException {
        Map<String, String> limitHeaders = new LinkedHashMap<>();
        Reply limited = rateLimit(limitHeaders);
        if (limited != null) {
            return limited;
        }
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getRawPath().substring("/client/v4".length());
        Map<String, String> query = query(ex.getRequestURI().getRawQuery());
        if (!authorised(ex)) {
            // Cloudflare's 2026 wording (changelog 2026-08-20): code 10000, "Forbidden", with a documentation URL
            Reply forbidden = error(403, 10000, "Forbidden");
            ((ObjectNode) forbidden.body().get("errors").get(0)).put("documentation_url",
                    "https://developers.cloudflare.com/api/");
            return with(forbidden, limitHeaders);
        }
        JsonNode body = null;
        if (method.equals("POST") || method.equals("PUT")) {
            try (InputStream in = ex.getRequestBody()) {
                byte[] raw = in.readAllBytes();
                try {
                    body = raw.length == 0 ? null : SandboxState.MAPPER.readTree(raw);
                } catch (IOException e) {
                    return with(error(400, 1001, "error parsing input: invalid json"), limitHeaders);
                }
            }
        }
        Reply r;
        synchronized (state) {
            r = dispatch(method, path, query, body, ex);
            sekoia.cloudflareAnswered(method, path, r.status(), r.body());
        }
        return with(r, limitHeaders);
    }

    private Reply dispatch(String method, String path, Map<String, String> query, JsonNode body, HttpExchange ex) {
        if (path.equals("/zones") && method.equals("GET")) {
            return zones(query);
        }
        if (path.matches("/zones/[^/]+") && method.equals("GET")) {
            SandboxState.Zone z = state.zone(path.substring("/zones/".length()));
            return z == null ? error(404, 7003, "Could not route to " + path + ", perhaps your object identifier "
                    + "is invalid?") : ok(zone(z));
        }
        if ((path.equals("/user/tokens/verify") || path.equals("/accounts/" + state.accountId + "/tokens/verify"))
                && method.equals("GET")) {
            if (ex.getRequestHeaders().getFirst("Authorization") == null) {
                return error(400, 1000, "Invalid API Token");
            }
            ObjectNode t = SandboxState.MAPPER.createObjectNode();
            t.put("id", SandboxState.id("token"));
            t.put("status", "active");
            t.putNull("not_before");
            t.put("expires_on", Instant.now().plus(365, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString());
            return ok(t);
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

    private Reply logpush(String method, String kind, String scope, String rest, JsonNode body) {
        if (rest.equals("jobs")) {
            if (method.equals("GET")) {
                ArrayNode arr = SandboxState.MAPPER.createArrayNode();
                state.jobsOf(scope).values().forEach(j -> {
                    delivered(j);
                    arr.add(j);
                });
                return ok(arr);
            }
            if (method.equals("POST")) {
                return create(kind, scope, body);
            }
        }
        Matcher job = Pattern.compile("jobs/([0-9]+)").matcher(rest);
        if (job.matches()) {
            long id = Long.parseLong(job.group(1));
            ObjectNode existing = state.job(scope, id);
            if (existing == null) {
                return error(404, 1003, "job not found");
            }
            switch (method) {
                case "GET":
                    delivered(existing);
                    return ok(existing);
                case "PUT":
                    return update(kind, scope, existing, body);
                case "DELETE":
                    state.jobsOf(scope).remove(id);
                    state.enabledAt.remove(id);
                    saved();
                    return ok(SandboxState.MAPPER.createObjectNode().put("id", id));
                default:
                    break;
            }
        }
        Matcher ds = Pattern.compile("datasets/([^/]+)/(fields|jobs)").matcher(rest);
        if (ds.matches() && method.equals("GET")) {
            Map<String, String> fields = fields(kind, ds.group(1));
            if (fields == null) {
                return error(400, 1002, "dataset '" + ds.group(1) + "' is not supported in this scope");
            }
            if (ds.group(2).equals("fields")) {
                ObjectNode o = SandboxState.MAPPER.createObjectNode();
                fields.forEach(o::put);
                return ok(o);
            }
            ArrayNode arr = SandboxState.MAPPER.createArrayNode();
            state.jobsOf(scope).values().stream().filter(j -> j.path("dataset").asText().equals(ds.group(1)))
                    .forEach(j -> {
                        delivered(j);
                        arr.add(j);
                    });
            return ok(arr);
        }
        if (method.equals("POST") && rest.startsWith("validate/")) {
            return validate(rest.substring("validate/".length()), scope, body);
        }
        return error(400, 7003, "No route for the URI");
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
        body.properties().forEach(e -> {
            if (JobRules.WRITABLE.contains(e.getKey()) && !e.getKey().equals("ownership_challenge")) {
                job.set(e.getKey(), e.getValue());
            }
        });
        String error = JobRules.check(job, fields(kind, job.path("dataset").asText()));
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
        health(job, null);
        state.jobsOf(scope).put(id, job);
        saved();
        return ok(job);
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
        Iterator<Map.Entry<String, JsonNode>> it = body.properties().iterator();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (JobRules.WRITABLE.contains(e.getKey()) && !e.getKey().equals("ownership_challenge")) {
                job.set(e.getKey(), e.getValue());
            }
        }
        String error = JobRules.check(job, fields(kind, job.path("dataset").asText()));
        if (error != null) {
            return error(400, 1002, error);
        }
        health(job, existing);
        state.jobsOf(scope).put(job.path("id").asLong(), job);
        saved();
        return ok(job);
    }

    /**
     * Health as Cloudflare reports it: last_complete stays null (or what it was) until the first batch, which an
     * enabled job delivers {@code firstBatchAfterMs} after it was enabled; from then on, every read shows a recent
     * batch. A disabled job keeps what it had. When it was enabled is kept in the state, never shown.
     */
    private void health(ObjectNode job, ObjectNode before) {
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
        delivered(job);
    }

    /** An enabled job past its first batch shows a batch delivered now. */
    private void delivered(ObjectNode job) {
        Long since = state.enabledAt.get(job.path("id").asLong());
        if (job.path("enabled").asBoolean(false) && since != null
                && System.currentTimeMillis() - since >= config.firstBatchAfterMs()) {
            job.put("last_complete", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        }
    }

    private Reply validate(String what, String scope, JsonNode body) {
        ObjectNode r = SandboxState.MAPPER.createObjectNode();
        String dest = body == null ? "" : body.path("destination_conf").asText("");
        switch (what) {
            case "destination": {
                String error = JobRules.destination(dest);
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
        int perPage = Math.max(5, Math.min(50, parse(query.get("per_page"), 20)));
        int page = Math.max(1, parse(query.get("page"), 1));
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

    private boolean authorised(HttpExchange ex) {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth != null) {
            return auth.equals("Bearer " + state.token);
        }
        return state.email.equals(ex.getRequestHeaders().getFirst("X-Auth-Email"))
                && state.globalKey.equals(ex.getRequestHeaders().getFirst("X-Auth-Key"));
    }

    /** A fixed window of {@code rateLimit} requests; past it, 429 with Retry-After until the window ends. */
    private synchronized Reply rateLimit(Map<String, String> headers) {
        long now = System.currentTimeMillis();
        long window = config.rateWindowSeconds() * 1000L;
        if (now - windowStart >= window) {
            windowStart = now;
            windowCount = 0;
        }
        windowCount++;
        long reset = Math.max(1, (windowStart + window - now + 999) / 1000);
        int remaining = Math.max(0, config.rateLimit() - windowCount);
        headers.put("Ratelimit", "\"default\";r=" + remaining + ";t=" + reset);
        headers.put("Ratelimit-Policy", "\"default\";q=" + config.rateLimit() + ";w=" + config.rateWindowSeconds());
        if (windowCount > config.rateLimit()) {
            rateLimited.incrementAndGet();
            Reply r = error(429, 971, "Please wait and consider throttling your request speed");
            Map<String, String> h = new HashMap<>(headers);
            h.put("Retry-After", Long.toString(reset));
            return new Reply(r.status(), r.body(), h);
        }
        return null;
    }

    private void saved() {
        if (config.stateFile() != null) {
            state.save(config.stateFile());
        }
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
        try (InputStream in = Sandbox.class.getResourceAsStream("/io/logpush/sandbox-fields.json")) {
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

    /** A raw query string's parameters, decoded (the Cloudflare and Sekoia sides both read them so). */
    static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw != null) {
            for (String part : raw.split("&")) {
                int eq = part.indexOf('=');
                if (eq > 0) {
                    q.put(URLDecoder.decode(part.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return q;
    }

    /** An integer parameter, or {@code dflt} when absent or not a number. */
    static int parse(String s, int dflt) {
        try {
            return s == null ? dflt : Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return dflt;
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

    private static Reply ok(JsonNode result) {
        return new Reply(200, envelope(result), Map.of());
    }

    private static Reply error(int status, int code, String message) {
        ObjectNode o = SandboxState.MAPPER.createObjectNode();
        o.put("success", false);
        o.putArray("errors").addObject().put("code", code).put("message", message);
        o.putArray("messages");
        o.putNull("result");
        return new Reply(status, o, Map.of());
    }

    private static Reply with(Reply r, Map<String, String> headers) {
        if (headers.isEmpty()) {
            return r;
        }
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.putAll(r.headers());
        return new Reply(r.status(), r.body(), h);
    }
}
