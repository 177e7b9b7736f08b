package io.logpush.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A fault-injecting HTTP proxy on loopback in front of the sandbox: on a share of the requests (seeded, so a
 * failure replays), instead of the sandbox's answer it gives a 5xx with Cloudflare's JSON envelope, an HTML
 * error page, a 429 (Retry-After: 0), a dropped connection before the request reaches the sandbox, or, for a
 * write, the sandbox carries it out and the answer is lost (the connection drops).
 */
public final class FaultProxy implements AutoCloseable {
    public enum Fault { NONE, JSON_5XX, HTML_5XX, RATE_LIMITED, DROPPED, ANSWER_LOST }

    private static final List<String> HEADERS = List.of("Content-Type", "cf-ray", "Ratelimit", "Ratelimit-Policy",
            "Retry-After");
    private static final List<String> FORWARDED = List.of("Authorization", "Content-Type", "X-Auth-Email",
            "X-Auth-Key");

    private final String target;
    private final Random random;
    private final double share;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(16, r -> {
        Thread t = new Thread(r, "fault-proxy");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<Fault, AtomicInteger> injected = new ConcurrentHashMap<>();
    private volatile boolean enabled = true;

    /**
     * @param target the sandbox's base URL (".../client/v4")
     * @param share  the share of requests that get a fault, 0 to 1
     */
    public FaultProxy(String target, long seed, double share) throws IOException {
        this.target = target;
        this.random = new Random(seed);
        this.share = share;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** The proxy's base URL, the same path as the target's. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + URI.create(target).getPath();
    }

    /** Faults on or off (off: a plain proxy). */
    public void faults(boolean on) {
        enabled = on;
    }

    /** How many faults of each kind were injected. */
    public Map<Fault, AtomicInteger> injected() {
        return injected;
    }

    private synchronized Fault pick(boolean write) {
        if (!enabled || random.nextDouble() >= share) {
            return Fault.NONE;
        }
        Fault[] kinds = write ? new Fault[] {Fault.JSON_5XX, Fault.HTML_5XX, Fault.RATE_LIMITED, Fault.DROPPED,
            Fault.ANSWER_LOST, Fault.ANSWER_LOST}
                : new Fault[] {Fault.JSON_5XX, Fault.HTML_5XX, Fault.RATE_LIMITED, Fault.DROPPED};
        return kinds[random.nextInt(kinds.length)];
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            boolean write = !ex.getRequestMethod().equals("GET");
            Fault fault = pick(write);
            if (fault != Fault.NONE) {
                injected.computeIfAbsent(fault, f -> new AtomicInteger()).incrementAndGet();
            }
            switch (fault) {
                case JSON_5XX -> {
                    reply(ex, 500 + 2 * random(2), "application/json", "{\"success\":false,\"errors\":[{\"code\":"
                            + "10001,\"message\":\"upstream trouble\"}],\"messages\":[],\"result\":null}", Map.of());
                    return;
                }
                case HTML_5XX -> {
                    reply(ex, 502, "text/html", "<html><head><title>502 Bad Gateway</title></head><body>"
                            + "<center><h1>502 Bad Gateway</h1></center><hr><center>cloudflare</center></body></html>",
                            Map.of());
                    return;
                }
                case RATE_LIMITED -> {
                    reply(ex, 429, "application/json", "{\"success\":false,\"errors\":[{\"code\":971,\"message\":"
                            + "\"Please wait and consider throttling your request speed\"}],\"messages\":[],"
                            + "\"result\":null}", Map.of("Retry-After", "0"));
                    return;
                }
                case DROPPED -> {
                    return; // closing the exchange before any answer drops the connection
                }
                default -> {
                }
            }
            HttpResponse<byte[]> answer;
            try {
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(target.replaceAll("/client/v4$", "")
                        + ex.getRequestURI())).method(ex.getRequestMethod(), body.length == 0
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
                for (String h : FORWARDED) {
                    String v = ex.getRequestHeaders().getFirst(h);
                    if (v != null) {
                        b.header(h, v);
                    }
                }
                answer = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (fault == Fault.ANSWER_LOST) {
                return; // carried out, and the answer never comes
            }
            for (String h : HEADERS) {
                answer.headers().firstValue(h).ifPresent(v -> ex.getResponseHeaders().set(h, v));
            }
            ex.sendResponseHeaders(answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(answer.body());
            }
        }
    }

    private synchronized int random(int n) {
        return random.nextInt(n);
    }

    private static void reply(HttpExchange ex, int status, String type, String text, Map<String, String> headers)
            throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
