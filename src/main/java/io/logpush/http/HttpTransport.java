package io.logpush.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.function.Consumer;

import javax.net.ssl.SSLException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.logpush.model.LogpushException;
import io.logpush.model.LogpushException.Kind;
import io.logpush.model.Times;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The one HTTP machinery of the tool, for every API it talks to: one OkHttp client per run with its
 * timeouts, the budget ({@link RateLimiter}), retries ({@link RetryPolicy}), and a {@link Listener} for
 * {@code --verbose}. It knows no API's envelope: it returns the final answer, whatever its status, or
 * throws a network error; each API client reads the answer its own way.
 */
public final class HttpTransport implements AutoCloseable {
    /**
     * Receives one call per HTTP exchange and per retry, for {@code --verbose}, and every wait longer than
     * {@link #ANNOUNCED_WAIT}, which a person must be told about at once whatever the verbosity.
     */
    public interface Listener {
        void exchange(String method, String url, String outcome, long millis, String requestId);

        void retry(String method, String url, String reason, Duration wait);

        /** A long wait is starting: one line such as "rate-limited by Cloudflare; retrying in 4m10s (Ctrl-C to stop)". */
        void waiting(String line);
    }

    /** Waits longer than this are announced on stderr as they start. */
    public static final Duration ANNOUNCED_WAIT = Duration.ofSeconds(2);

    /**
     * @param service         the API's name in messages ("Cloudflare")
     * @param urlHint         where its URL is set, for hints ("--api-url (or CLOUDFLARE_BASE_URL)")
     * @param requestIdHeader the response header that identifies a request to the API's support ("cf-ray")
     * @param budget          the API's request budget, for the hint when it is spent
     * @param maxWait         the longest single wait (retry delay or budget) the command accepts: longer ends it
     */
    public record Config(String service, String urlHint, String requestIdHeader, String budget, Duration timeout,
                         String userAgent, RetryPolicy retry, RateLimiter limiter, Duration maxWait) {
    }

    /** The final answer to a request: status, reason, body text and request ID (may be null). */
    public record Answer(int status, String reason, String body, String requestId, String retryAfter,
                         String ratelimit) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        /** " [cf-ray 8a1b…]" or "". */
        public String requestIdSuffix(String label) {
            return requestId != null && !requestId.isBlank() ? " [" + label + " " + requestId + "]" : "";
        }
    }

    private final Config config;
    private final OkHttpClient http;
    private final Listener listener;

    public HttpTransport(Config config, Listener listener) {
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

    public Config config() {
        return config;
    }

    private static final MediaType JSON = MediaType.get("application/json");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The one JSON mapper of the API clients (and of -o json). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** The absolute URL of an API path under {@code base} ("/zones/ID/logpush/jobs"), with query parameters. */
    public static HttpUrl url(HttpUrl base, String path, Map<String, String> query) {
        HttpUrl.Builder b = base.newBuilder();
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

    /**
     * A JSON request (body null for none) with the tool's User-Agent and Accept headers; {@code credentials} adds
     * the API's own authentication headers.
     */
    public Request jsonRequest(String method, HttpUrl url, JsonNode body, Consumer<Request.Builder> credentials) {
        Request.Builder b = new Request.Builder().url(url)
                .header("User-Agent", config.userAgent())
                .header("Accept", "application/json");
        credentials.accept(b);
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

    /**
     * Sends {@code request} ({@code what} describes it in messages), retrying what the policy retries, inside the
     * budget. Returns the last answer (a success, or an error the policy does not retry, or the last retry's);
     * throws a NETWORK error when no answer came, or when still rate-limited after the retries.
     */
    public Answer execute(String what, Request request) {
        RetryPolicy policy = config.retry();
        String method = request.method();
        HttpUrl url = request.url();
        for (int attempt = 1; ; attempt++) {
            acquire(what);
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
                    Duration wait = policy.delay(attempt, null);
                    if (e instanceof InterruptedIOException && wait.compareTo(ANNOUNCED_WAIT) <= 0) {
                        // a timeout is a long silence already: say so before the next one (pause announces long waits)
                        listener.waiting(what + ": no answer from " + hostOf(url) + " within the timeout ("
                                + Times.human(config.timeout()) + "); retrying (attempt " + (attempt + 1) + " of "
                                + policy.maxAttempts() + ", Ctrl-C to stop)");
                    }
                    pause(what, method, url, describe(e), describe(e) + " talking to " + hostOf(url), wait);
                    continue;
                }
                throw networkError(what, url, e, attempt);
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            int status = response.code();
            Answer answer = new Answer(status, response.message(), bodyText, response.header(config.requestIdHeader()),
                    response.header("Retry-After"), response.header("Ratelimit"));
            config.limiter().observe(answer.ratelimit(), response.header("Ratelimit-Policy"));
            listener.exchange(method, url.toString(), Integer.toString(status), ms, answer.requestId());
            if (answer.ok()) {
                return answer;
            }
            Duration retryAfter = RetryPolicy.parseRetryAfter(answer.retryAfter(), ZonedDateTime.now());
            if (retryAfter == null && status == 429) {
                retryAfter = RetryPolicy.parseRatelimitReset(answer.ratelimit());
            }
            Duration delay = policy.delay(attempt, retryAfter);
            if (status == 429) {
                refuseLongWait(what, "rate-limited by " + config.service(), delay);
                config.limiter().pauseFor(delay);
            }
            if (attempt < policy.maxAttempts() && policy.retriesStatus(method, status)) {
                pause(what, method, url, "HTTP " + status + (answer.retryAfter() != null ? ", Retry-After"
                                : retryAfter != null ? ", Ratelimit reset" : ""),
                        status == 429 ? "rate-limited by " + config.service()
                                : config.service() + " answered HTTP " + status, delay);
                continue;
            }
            if (status == 429) {
                long wait = retryAfter != null ? retryAfter.toSeconds() : 300;
                throw new LogpushException(Kind.NETWORK,
                        what + " failed: still rate-limited by " + config.service() + " (HTTP 429) after " + attempt
                                + (attempt == 1 ? " attempt" : " attempts")
                                + answer.requestIdSuffix(config.requestIdHeader()),
                        config.budget() + "; wait " + wait + " s and run it again");
            }
            return answer;
        }
    }

    private void acquire(String what) {
        try {
            config.limiter().acquire(wait -> {
                refuseLongWait(what, config.service() + "'s request budget is spent", wait);
                if (wait.compareTo(ANNOUNCED_WAIT) > 0) {
                    listener.waiting("waiting " + Times.human(wait) + " for " + config.service()
                            + "'s request budget (Ctrl-C to stop)");
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LogpushException(Kind.FAILURE, "interrupted", null);
        }
    }

    /** Requests sent so far (for progress). */
    public long requests() {
        return config.limiter().total();
    }

    /**
     * Waits before a retry: logged for --verbose, announced when long, refused when longer than --max-wait.
     *
     * @param reason what the verbose log says ("HTTP 503")
     * @param why    what a person is told ("Cloudflare answered HTTP 503")
     */
    private void pause(String what, String method, HttpUrl url, String reason, String why, Duration wait) {
        refuseLongWait(what, why, wait);
        listener.retry(method, url.toString(), reason, wait);
        if (wait.compareTo(ANNOUNCED_WAIT) > 0) {
            listener.waiting(why + "; retrying in " + Times.human(wait) + " (Ctrl-C to stop)");
        }
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LogpushException(Kind.FAILURE, "interrupted", null);
        }
    }

    /** A wait longer than --max-wait ends the command at once, saying when to try again. */
    private void refuseLongWait(String what, String why, Duration wait) {
        if (wait.compareTo(config.maxWait()) > 0) {
            throw new LogpushException(Kind.NETWORK, what + ": " + why + " and asks to wait " + Times.human(wait)
                    + ", longer than --max-wait " + Times.human(config.maxWait()),
                    "try again after " + DateTimeFormatter.ISO_LOCAL_TIME.format(LocalTime.now(ZoneOffset.UTC)
                            .plus(wait).withNano(0)) + " UTC, or raise --max-wait; " + config.budget());
        }
    }

    private static String hostOf(HttpUrl url) {
        return url.host() + (url.port() != HttpUrl.defaultPort(url.scheme()) ? ":" + url.port() : "");
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

    private LogpushException networkError(String what, HttpUrl url, IOException e, int attempts) {
        String message = what + " failed: " + describe(e) + " talking to " + hostOf(url) + " after " + attempts
                + (attempts == 1 ? " attempt" : " attempts");
        String hint;
        if (e instanceof UnknownHostException || e instanceof ConnectException) {
            hint = "check your network, proxy and " + config.urlHint();
        } else if (e instanceof SSLException) {
            hint = "the TLS handshake failed; check the system clock, proxies and the " + config.urlHint() + " host";
        } else {
            hint = config.service() + " did not answer in time; try again, or raise --timeout (now "
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
