package io.logpush.cloudflare;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.logpush.core.LogpushException;
import io.logpush.core.LogpushException.Kind;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The Cloudflare v4 HTTP client: one OkHttp client per run, credentials, the envelope, retries (by
 * {@link RetryPolicy}) and errors. Everything above it works with {@link ApiResponse} or a
 * {@link LogpushException}.
 */
public final class CloudflareClient implements AutoCloseable {
    /** Receives one call per HTTP exchange, for {@code --verbose}. */
    public interface Listener {
        void exchange(String method, String url, String outcome, long millis, String cfRay);

        void retry(String method, String url, String reason, Duration wait);
    }

    public record Config(HttpUrl baseUrl, Credentials credentials, Duration timeout, String userAgent,
                         RetryPolicy retry, RateLimiter limiter) {
    }

    private static final MediaType JSON = MediaType.get("application/json");
    static final ObjectMapper MAPPER = new ObjectMapper();

    private final Config config;
    private final OkHttpClient http;
    private final Listener listener;

    public CloudflareClient(Config config, Listener listener) {
        this.config = config;
        this.listener = listener;
        this.http = new OkHttpClient.Builder()
                .retryOnConnectionFailure(false)
                .followRedirects(false)
                .connectTimeout(config.timeout())
                .readTimeout(config.timeout())
                .writeTimeout(config.timeout())
                .callTimeout(config.timeout())
                .build();
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public Credentials credentials() {
        return config.credentials();
    }

    /** The absolute URL of an API path, with query parameters. */
    public HttpUrl url(String path, Map<String, String> query) {
        HttpUrl.Builder b = config.baseUrl().newBuilder();
        for (String segment : path.split("/")) {
            if (!segment.isEmpty()) {
                b.addPathSegment(segment);
            }
        }
        if (query != null) {
            query.forEach(b::addQueryParameter);
        }
        return b.build();
    }

    public ApiResponse get(String what, String path, Map<String, String> query) {
        return send(what, "GET", url(path, query), null);
    }

    public ApiResponse send(String what, String method, String path, JsonNode body) {
        return send(what, method, url(path, null), body);
    }

    private ApiResponse send(String what, String method, HttpUrl url, JsonNode body) {
        RetryPolicy policy = config.retry();
        Request request = request(method, url, body);
        for (int attempt = 1; ; attempt++) {
            acquire();
            long start = System.nanoTime();
            Response response;
            String bodyText;
            try {
                response = http.newCall(request).execute();
                try (ResponseBody rb = response.body()) {
                    bodyText = rb.string();
                }
            } catch (IOException e) {
                long ms = (System.nanoTime() - start) / 1_000_000;
                listener.exchange(method, url.toString(), "failed: " + describe(e), ms, null);
                if (attempt < policy.maxAttempts() && policy.retriesFailure(method, e)) {
                    pause(method, url, describe(e), policy.delay(attempt, null));
                    continue;
                }
                throw networkError(what, method, url, e, attempt);
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            int status = response.code();
            String cfRay = response.header("cf-ray");
            config.limiter().observe(response.header("Ratelimit"), response.header("Ratelimit-Policy"));
            listener.exchange(method, url.toString(), Integer.toString(status), ms, cfRay);
            if (status >= 200 && status < 300) {
                return success(what, status, bodyText, cfRay);
            }
            Duration retryAfter = RetryPolicy.parseRetryAfter(response.header("Retry-After"), ZonedDateTime.now());
            if (retryAfter == null && status == 429) {
                retryAfter = RetryPolicy.parseRatelimitReset(response.header("Ratelimit"));
            }
            if (status == 429) {
                config.limiter().pauseFor(policy.delay(attempt, retryAfter));
            }
            if (attempt < policy.maxAttempts() && policy.retriesStatus(method, status)) {
                pause(method, url, "HTTP " + status + (response.header("Retry-After") != null ? ", Retry-After"
                                : retryAfter != null ? ", Ratelimit reset" : ""),
                        policy.delay(attempt, retryAfter));
                continue;
            }
            if (status == 429) {
                long wait = retryAfter != null ? retryAfter.toSeconds() : 300;
                throw new LogpushException(Kind.NETWORK,
                        what + " failed: still rate-limited by Cloudflare (HTTP 429) after " + attempt
                                + (attempt == 1 ? " attempt" : " attempts")
                                + (cfRay != null ? " [cf-ray " + cfRay + "]" : ""),
                        "Cloudflare allows 1,200 API requests per 5 minutes; wait " + wait + " s and run it again");
            }
            throw CloudflareException.of(what, status, response.message(), errors(bodyText), cfRay);
        }
    }

    private Request request(String method, HttpUrl url, JsonNode body) {
        Request.Builder b = new Request.Builder().url(url)
                .header("User-Agent", config.userAgent())
                .header("Accept", "application/json");
        config.credentials().apply(b);
        RequestBody rb = null;
        if (body != null) {
            try {
                rb = RequestBody.create(MAPPER.writeValueAsBytes(body), JSON);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot serialise the request body", e);
            }
        }
        return b.method(method, rb).build();
    }

    private void acquire() {
        try {
            config.limiter().acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LogpushException(Kind.FAILURE, "interrupted", null);
        }
    }

    /** Requests sent so far (for progress). */
    public long requests() {
        return config.limiter().total();
    }

    private void pause(String method, HttpUrl url, String reason, Duration wait) {
        listener.retry(method, url.toString(), reason, wait);
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LogpushException(Kind.FAILURE, "interrupted", null);
        }
    }

    private static ApiResponse success(String what, int status, String bodyText, String cfRay) {
        JsonNode root;
        try {
            root = bodyText == null || bodyText.isBlank() ? null : MAPPER.readTree(bodyText);
        } catch (JsonProcessingException e) {
            root = null;
        }
        if (root == null || !root.isObject()) {
            throw new LogpushException(Kind.FAILURE,
                    what + " failed: Cloudflare's answer (HTTP " + status + ") is not a JSON envelope"
                            + (cfRay != null ? " [cf-ray " + cfRay + "]" : ""),
                    "check --api-url (or CLOUDFLARE_BASE_URL): it must point at the Cloudflare v4 API");
        }
        JsonNode success = root.get("success");
        if (success != null && success.isBoolean() && !success.booleanValue()) {
            throw CloudflareException.of(what, status, null, errors(bodyText), cfRay);
        }
        return new ApiResponse(status, root.path("result"), cfRay);
    }

    /** The envelope's errors, tolerating null, missing, HTML and malformed bodies. */
    static List<ApiError> errors(String bodyText) {
        List<ApiError> out = new ArrayList<>();
        if (bodyText == null || bodyText.isBlank()) {
            return out;
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(bodyText);
        } catch (JsonProcessingException e) {
            return out;
        }
        JsonNode errors = root == null ? null : root.get("errors");
        if (errors != null && errors.isArray()) {
            for (JsonNode e : errors) {
                if (e.isObject()) {
                    out.add(new ApiError(e.path("code").asInt(0), e.path("message").asText("")));
                } else if (e.isTextual()) {
                    out.add(new ApiError(0, e.asText()));
                }
            }
        }
        return out;
    }

    private static String describe(IOException e) {
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        if (e instanceof UnknownHostException) {
            return "unknown host";
        }
        if (e instanceof SSLException) {
            return "TLS failure";
        }
        if (e instanceof SocketTimeoutException || e instanceof InterruptedIOException) {
            return "timed out";
        }
        return "connection failed (" + e.getClass().getSimpleName() + ")";
    }

    private LogpushException networkError(String what, String method, HttpUrl url, IOException e, int attempts) {
        String host = url.host() + (url.port() != HttpUrl.defaultPort(url.scheme()) ? ":" + url.port() : "");
        String message = what + " failed: " + describe(e) + " talking to " + host + " after " + attempts
                + (attempts == 1 ? " attempt" : " attempts");
        String hint;
        if (e instanceof UnknownHostException || e instanceof ConnectException) {
            hint = "check your network, proxy and --api-url (or CLOUDFLARE_BASE_URL)";
        } else if (e instanceof SSLException) {
            hint = "the TLS handshake failed; check the system clock, proxies and the --api-url host";
        } else {
            hint = "Cloudflare did not answer in time; try again, or raise --timeout (now "
                    + config.timeout().toSeconds() + " s)";
        }
        return new LogpushException(Kind.NETWORK, message, hint, e);
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
