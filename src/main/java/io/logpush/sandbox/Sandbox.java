package io.logpush.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import io.logpush.sandbox.CloudflareSide.Reply;

/**
 * A local stand-in for the parts of the Cloudflare v4 and Sekoia.io APIs that logpush uses, on loopback only,
 * with the JDK's HTTP server. This class is the lifecycle and the front door: it checks the configuration,
 * loads or makes the state (and saves it to the state file), starts and stops the server, and routes
 * {@code /client/v4} through Cloudflare's rate limit and authentication to the {@link CloudflareSide},
 * {@code /sekoia} to the {@link SekoiaSide}, and the sandbox's own {@code /__sandbox} (its clock, an intake that
 * refuses uploads; the same token) to the {@link AdminSide}, adding the latency and logging each request for all.
 * Before each Cloudflare answer, Cloudflare's rule runs: a job failing for 24 h is disabled ({@link Uploads}).
 */
public final class Sandbox implements AutoCloseable {
    /**
     * How to run the sandbox, built from {@link #defaults()} with withers, each returning a changed copy:
     * {@code Config.defaults().zones(3).latencyMillis(50).rateLimit(120, 30).log(writer)}. {@code rateLimit}
     * requests per {@code rateWindowSeconds}; an enabled job reports its first batch ({@code last_complete})
     * {@code firstBatchAfterMillis} after it was enabled, as Cloudflare does once the first batch is delivered.
     * The values are checked when the sandbox starts ({@link BadConfig}).
     */
    public static final class Config {
        private static final Config DEFAULTS = new Config();

        private String host = "127.0.0.1";
        private int port;
        private int zones = 1;
        private int latencyMillis;
        private Path stateFile;
        private int rateLimit = 1200;
        private int rateWindowSeconds = 300;
        private PrintWriter log;
        private long firstBatchAfterMillis;
        private SSLContext tls;
        /** GraphQL's budget in units per rate window; 0: a quarter of the rate limit (Cloudflare's 300 to 1,200). */
        private int graphqlUnits;

        private Config() {
        }

        /** A copy to change: each wither changes one field of a copy, so a Config never changes once made. */
        private Config with(Consumer<Config> change) {
            Config c = new Config();
            c.host = host;
            c.port = port;
            c.zones = zones;
            c.latencyMillis = latencyMillis;
            c.stateFile = stateFile;
            c.rateLimit = rateLimit;
            c.rateWindowSeconds = rateWindowSeconds;
            c.log = log;
            c.firstBatchAfterMillis = firstBatchAfterMillis;
            c.tls = tls;
            c.graphqlUnits = graphqlUnits;
            change.accept(c);
            return c;
        }

        /**
         * 127.0.0.1 on any free port, one zone, no added latency, no state file, Cloudflare's rate limit (1200
         * requests per 300 s) and GraphQL budget (a quarter of it), no request log, a first batch as soon as a job is
         * enabled, plain http.
         */
        public static Config defaults() {
            return DEFAULTS;
        }

        /** The loopback address to bind (127.0.0.1, ::1 or localhost). */
        public Config host(String address) {
            return with(c -> c.host = address);
        }

        /** The port, 0 for any free one. */
        public Config port(int number) {
            return with(c -> c.port = number);
        }

        /** How many zones a fresh state has (zone1.example.com, …). */
        public Config zones(int count) {
            return with(c -> c.zones = count);
        }

        /** A delay added to every answer. */
        public Config latencyMillis(int millis) {
            return with(c -> c.latencyMillis = millis);
        }

        /** The file the state is kept in across restarts; null for none. */
        public Config stateFile(Path file) {
            return with(c -> c.stateFile = file);
        }

        /** {@code requests} per fixed window of {@code windowSeconds}, then 429 with Retry-After. */
        public Config rateLimit(int requests, int windowSeconds) {
            return with(c -> {
                c.rateLimit = requests;
                c.rateWindowSeconds = windowSeconds;
            });
        }

        /**
         * GraphQL's budget: {@code units} (the zones or account a query names) per rate window, then Cloudflare's
         * "rate limiter budget depleted" in {@code errors[]}; 0 for a quarter of the rate limit (at least 10).
         */
        public Config graphqlBudget(int units) {
            return with(c -> c.graphqlUnits = units);
        }

        /** Where each request is logged (method, path, status); null for nowhere. */
        public Config log(PrintWriter writer) {
            return with(c -> c.log = writer);
        }

        /** How long after a job is enabled its first batch arrives (last_complete); 0 for at once. */
        public Config firstBatchAfterMillis(long millis) {
            return with(c -> c.firstBatchAfterMillis = millis);
        }

        /** Serve https with this context (sandbox --tls); null for plain http. */
        public Config tls(SSLContext context) {
            return with(c -> c.tls = context);
        }

        /** GraphQL's budget in units per rate window: as set, else a quarter of the rate limit, at least 10. */
        public int graphqlUnits() {
            return graphqlUnits > 0 ? graphqlUnits : Math.max(GraphqlSide.MAX_ZONES, rateLimit / 4);
        }

        public String host() {
            return host;
        }

        public int port() {
            return port;
        }

        public int zones() {
            return zones;
        }

        public int latencyMillis() {
            return latencyMillis;
        }

        public Path stateFile() {
            return stateFile;
        }

        public int rateLimit() {
            return rateLimit;
        }

        public int rateWindowSeconds() {
            return rateWindowSeconds;
        }

        public PrintWriter log() {
            return log;
        }

        public long firstBatchAfterMillis() {
            return firstBatchAfterMillis;
        }

        public SSLContext tls() {
            return tls;
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

    private final Config config;
    private final SandboxState state;
    private final HttpServer server;
    private final ExecutorService executor;
    private final CloudflareSide cloudflare;
    private final SekoiaSide sekoia;
    private final AdminSide admin;
    private final Uploads uploads;
    private long windowStart;
    private int windowCount;
    private final AtomicLong rateLimited = new AtomicLong();

    private Sandbox(Config config, SandboxState state, HttpServer server, ExecutorService executor) {
        this.config = config;
        this.state = state;
        this.server = server;
        this.executor = executor;
        this.cloudflare = new CloudflareSide(state, config.firstBatchAfterMillis(), this::saved,
                new GraphqlSide(state, config.graphqlUnits(), config.rateWindowSeconds()));
        // The Sekoia side, tied to the jobs: what the intakes receive comes from the Cloudflare side's answers.
        this.sekoia = new SekoiaSide(state, config.firstBatchAfterMillis(), this::saved, config.latencyMillis(),
                config.log());
        this.admin = new AdminSide(state, this::saved);
        this.uploads = new Uploads(state);
    }

    /** Starts the sandbox; refuses any address that is not loopback. */
    public static Sandbox start(Config config) throws IOException {
        InetAddress address = loopback(config.host());
        check(config);
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
        server.createContext(CloudflareSide.PREFIX + "/", sandbox::handle);
        server.createContext(SekoiaSide.PREFIX + "/", sandbox.sekoia::handle);
        server.createContext(AdminSide.PREFIX + "/", sandbox::handleAdmin);
        server.setExecutor(executor);
        server.start();
        sandbox.saved();
        return sandbox;
    }

    /** The address to bind: an IP literal or localhost, and loopback; never a DNS lookup. */
    private static InetAddress loopback(String given) {
        String host = given == null ? "" : given.trim();
        String loopbackOnly = "the sandbox binds only loopback addresses (127.0.0.1, ::1, localhost), not '"
                + given + "'";
        // Never a DNS lookup: a name other than localhost is refused as it is.
        if (!host.equalsIgnoreCase("localhost") && !IP_LITERAL.matcher(host).matches()) {
            throw new BadConfig("--host: " + loopbackOnly, "use --host 127.0.0.1");
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new BadConfig("--host: '" + given + "' is not an IP address", "use --host 127.0.0.1");
        }
        if (!address.isLoopbackAddress()) {
            throw new BadConfig("--host: " + loopbackOnly, "use --host 127.0.0.1");
        }
        return address;
    }

    /** The ranges of the other settings, and a state file the sandbox may write. */
    private static void check(Config config) {
        if (config.port() < 0 || config.port() > 65535) {
            throw new BadConfig("--port " + config.port() + " is out of range: use 0 to 65535",
                    "--port 0 picks any free port");
        }
        if (config.latencyMillis() < 0 || config.latencyMillis() > 60_000) {
            throw new BadConfig("--latency-ms " + config.latencyMillis() + " is out of range: use 0 to 60000", null);
        }
        if (config.firstBatchAfterMillis() < 0) {
            throw new BadConfig("--first-batch-after must not be negative", null);
        }
        if (config.stateFile() != null) {
            SandboxState.checkWritable(config.stateFile());
        }
    }

    public String baseUrl() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().getHostAddress();
        return (config.tls() != null ? "https://" : "http://") + (host.contains(":") ? "[" + host + "]" : host)
                + ":" + a.getPort() + CloudflareSide.PREFIX;
    }

    /** The base of the sandbox's Sekoia API (SEKOIA_API_URL). */
    public String sekoiaUrl() {
        String base = baseUrl();
        return base.substring(0, base.length() - CloudflareSide.PREFIX.length()) + SekoiaSide.PREFIX;
    }

    /** The base of the sandbox's own paths (its clock, intakes that refuse): {@link AdminSide}. */
    public String adminUrl() {
        String base = baseUrl();
        return base.substring(0, base.length() - CloudflareSide.PREFIX.length()) + AdminSide.PREFIX;
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

    /** Every zone's ID, in order. */
    public List<String> zoneIds() {
        return state.zones.stream().map(SandboxState.Zone::id).toList();
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
    // The Cloudflare side's front door: rate limit, authentication, body, then the side's answer

    private void handle(HttpExchange ex) throws IOException {
        Reply reply;
        try {
            reply = route(ex);
        } catch (RuntimeException e) {
            reply = CloudflareSide.error(500, 10001, "sandbox error: " + e.getClass().getSimpleName());
        }
        answered(config.latencyMillis(), config.log(), ex, reply.status());
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
        String path = ex.getRequestURI().getRawPath().substring(CloudflareSide.PREFIX.length());
        Map<String, String> query = query(ex.getRequestURI().getRawQuery());
        if (!authorised(ex)) {
            // Cloudflare's 2026 wording (changelog 2026-08-20): code 10000, "Forbidden", with a documentation URL
            Reply forbidden = CloudflareSide.error(403, 10000, "Forbidden");
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
                    return with(CloudflareSide.error(400, 1001, "error parsing input: invalid json"), limitHeaders);
                }
            }
        }
        boolean bearer = ex.getRequestHeaders().getFirst("Authorization") != null;
        Reply r;
        synchronized (state) {
            if (!uploads.disableFailing(System.currentTimeMillis()).isEmpty()) {
                saved();
            }
            r = cloudflare.answer(method, path, query, body, bearer);
            sekoia.cloudflareAnswered(method, path, r.status(), r.body());
        }
        return with(r, limitHeaders);
    }

    /** The sandbox's own paths: the token, then the {@link AdminSide}; never rate-limited. */
    private void handleAdmin(HttpExchange ex) throws IOException {
        Reply reply;
        try {
            reply = adminRoute(ex);
        } catch (RuntimeException e) {
            reply = CloudflareSide.error(500, 10001, "sandbox error: " + e.getClass().getSimpleName());
        }
        answered(config.latencyMillis(), config.log(), ex, reply.status());
        byte[] bytes = SandboxState.MAPPER.writeValueAsBytes(reply.body());
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(reply.status(), bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private Reply adminRoute(HttpExchange ex) throws IOException {
        if (!authorised(ex)) {
            return CloudflareSide.error(403, 10000, "Forbidden: the sandbox's paths take its token "
                    + "(Authorization: Bearer, CLOUDFLARE_API_TOKEN of its export line)");
        }
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getRawPath().substring(AdminSide.PREFIX.length());
        JsonNode body = null;
        try (InputStream in = ex.getRequestBody()) {
            byte[] raw = in.readAllBytes();
            try {
                body = raw.length == 0 ? null : SandboxState.MAPPER.readTree(raw);
            } catch (IOException e) {
                return CloudflareSide.error(400, 1001, "error parsing input: invalid json");
            }
        }
        synchronized (state) {
            return admin.answer(method, path, body, System.currentTimeMillis());
        }
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
            Reply r = CloudflareSide.error(429, 971, "Please wait and consider throttling your request speed");
            Map<String, String> h = new HashMap<>(headers);
            h.put("Retry-After", Long.toString(reset));
            return new Reply(r.status(), r.body(), h);
        }
        return null;
    }

    private static Reply with(Reply r, Map<String, String> headers) {
        if (headers.isEmpty()) {
            return r;
        }
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.putAll(r.headers());
        return new Reply(r.status(), r.body(), h);
    }

    // ---------------------------------------------------------------------------------------------
    // Shared by both sides

    /** Writes the state to the state file, if there is one. */
    private void saved() {
        if (config.stateFile() != null) {
            state.save(config.stateFile());
        }
    }

    /**
     * Before an answer goes out (either side): the added latency, then the request's line in the log, so that
     * a client never sees an answer whose line is not there yet.
     */
    static void answered(int latencyMs, PrintWriter log, HttpExchange ex, int status) {
        if (latencyMs > 0) {
            try {
                Thread.sleep(latencyMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (log != null) {
            synchronized (log) {
                log.println(ex.getRequestMethod() + " " + ex.getRequestURI().getRawPath() + " " + status);
                log.flush();
            }
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
}
