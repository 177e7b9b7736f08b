package io.logpush.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Security;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;

import com.fasterxml.jackson.databind.JsonNode;

import io.logpush.model.LogpushException;
import io.logpush.model.LogpushException.Kind;
import io.logpush.model.StartupTrace;
import io.logpush.model.Times;
import okhttp3.ConnectionSpec;
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

        /** The route a request takes, when a proxy is set: "via proxy http://127.0.0.1:3128 (HTTPS_PROXY)". */
        default void route(String method, String host, String via) {
        }

        /**
         * A request took units of a second budget, for --verbose: "POST …/graphql: 10 units of Cloudflare's GraphQL
         * budget (290 of 300 units per 5m left)".
         */
        default void spent(String line) {
        }

        /** A listener that says nothing (completion, tests). */
        Listener SILENT = new Listener() {
            @Override
            public void exchange(String method, String url, String outcome, long millis, String requestId) {
            }

            @Override
            public void retry(String method, String url, String reason, Duration wait) {
            }

            @Override
            public void waiting(String line) {
            }
        };
    }

    /**
     * How the run reaches the network: its proxies ({@link Proxies}) and the CAs it trusts ({@link Trust}). One
     * per run, shared by every API's transport.
     */
    public record Network(Proxies proxies, Trust trust) {
        /** No proxy; the runtime's CAs and the system store. */
        public static final Network DIRECT = new Network(Proxies.NONE, Trust.runtime());
    }

    /** Waits longer than this are announced on stderr as they start. */
    public static final Duration ANNOUNCED_WAIT = Duration.ofSeconds(2);

    /**
     * How one API is reached: timeouts, retries, the budget, and {@code maxWait}, the longest single wait (retry
     * delay or budget) the command accepts: longer ends it.
     */
    public record Config(Api api, Duration timeout, String userAgent, RetryPolicy retry, RateLimiter limiter,
                         Duration maxWait) {
        /**
         * The defaults for {@code api}: 30 s timeouts, the default retries, Cloudflare's budget (1,200 requests per
         * 5 minutes), waits up to 5 minutes; change them with the withers.
         */
        public static Config of(Api api, String userAgent) {
            return new Config(api, Duration.ofSeconds(30), userAgent, RetryPolicy.DEFAULT,
                    new RateLimiter(1200, Duration.ofSeconds(300)), Duration.ofMinutes(5));
        }

        public Config timeout(Duration v) {
            return new Config(api, v, userAgent, retry, limiter, maxWait);
        }

        public Config retry(RetryPolicy v) {
            return new Config(api, timeout, userAgent, v, limiter, maxWait);
        }

        public Config limiter(RateLimiter v) {
            return new Config(api, timeout, userAgent, retry, v, maxWait);
        }

        public Config maxWait(Duration v) {
            return new Config(api, timeout, userAgent, retry, limiter, v);
        }

        public String service() {
            return api.name();
        }

        public String urlHint() {
            return api.urlHint();
        }

        public String requestIdHeader() {
            return api.requestIdHeader();
        }

        public String budget() {
            return api.budget();
        }
    }

    /**
     * What the transport says of the API it talks to.
     *
     * @param name            the API's name in messages ("Cloudflare")
     * @param urlHint         where its URL is set, for hints ("--api-url (or CLOUDFLARE_BASE_URL)")
     * @param requestIdHeader the response header that identifies a request to the API's support ("cf-ray")
     * @param budget          the API's request budget, for the hint when it is spent
     */
    public record Api(String name, String urlHint, String requestIdHeader, String budget) {
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
    private final Listener listener;
    private final Network network;
    private OkHttpClient plain;
    private OkHttpClient tls;

    public HttpTransport(Config config, Listener listener) {
        this(config, listener, Network.DIRECT);
    }

    public HttpTransport(Config config, Listener listener, Network network) {
        this.config = config;
        this.listener = listener;
        this.network = network;
    }

    /**
     * The client of a URL's scheme, built at its first request: plain http sets no TLS up at all (no trust
     * store read, no SSL context), https builds the run's TLS context once.
     */
    private synchronized OkHttpClient client(HttpUrl url) {
        if (url.isHttps()) {
            if (tls == null) {
                OkHttpClient.Builder b = plain != null ? plain.newBuilder() : builder();
                tls = b.connectionSpecs(List.of(ConnectionSpec.MODERN_TLS))
                        .sslSocketFactory(network.trust().socketFactory(), network.trust().trustManager())
                        .build();
            }
            return tls;
        }
        if (plain == null) {
            OkHttpClient.Builder b = tls != null ? tls.newBuilder() : builder();
            plain = b.connectionSpecs(List.of(ConnectionSpec.CLEARTEXT)).build();
        }
        return plain;
    }

    private OkHttpClient.Builder builder() {
        OkHttpClient.Builder b = new OkHttpClient.Builder()
                .retryOnConnectionFailure(false)
                .followRedirects(false)
                .connectTimeout(config.timeout())
                .readTimeout(config.timeout())
                .writeTimeout(config.timeout())
                .callTimeout(config.timeout());
        Proxies proxies = network.proxies();
        if (proxies.endpoint() == null) {
            b.proxy(Proxy.NO_PROXY);
        } else {
            b.proxySelector(proxies.selector()).proxyAuthenticator(proxies.authenticator());
        }
        return b;
    }

    public Config config() {
        return config;
    }

    private static final MediaType JSON = MediaType.get("application/json");

    /**
     * Does, on the calling thread, the one-time set-up of a run's first request, so that a second thread can do it
     * while the main one still builds the command line and opens the session; the longest first, as the request
     * meets it. For https: the elliptic-curve arithmetic of a TLS 1.3 handshake (the ClientHello's key shares, x25519
     * and P-256, whose first use builds tables of the P-256 generator's multiples on JDK 25, which checking an ECDSA
     * certificate needs too) and, with {@code runtimeCas}, the runtime's CAs (the main thread meanwhile sets its TLS
     * context up itself). Then: the JDK's security providers (OkHttp's first call lists them all, to pick its
     * platform), OkHttp's client classes (its task runner's logging set-up), Jackson's parser (with BigDecimal's
     * tables, which its class initialisation computes on JDK 25). Nothing here depends on the run's options, and all
     * of it is what the request does anyway, on whichever thread comes first; a failure is left to the request to
     * meet and report.
     */
    public static void warmUp(boolean https, boolean runtimeCas) {
        try {
            if (https) {
                KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
                ec.initialize(new ECGenParameterSpec("secp256r1"));
                KeyPair pair = ec.generateKeyPair();
                KeyPairGenerator.getInstance("X25519").generateKeyPair();
                Signature ecdsa = Signature.getInstance("SHA256withECDSA");
                ecdsa.initSign(pair.getPrivate());
                ecdsa.update(new byte[32]);
                byte[] signature = ecdsa.sign();
                ecdsa.initVerify(pair.getPublic());
                ecdsa.update(new byte[32]);
                ecdsa.verify(signature);
                if (runtimeCas) {
                    Trust.runtimeCas();
                }
            }
            Security.getProviders();
            new OkHttpClient.Builder().connectionSpecs(List.of(ConnectionSpec.CLEARTEXT)).build();
            JsonTree.read("{\"a\":[1,-2.5,\"b\",true,null]}");
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            // a head start only: the request meets the same failure, and reports it
        }
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
        return b.method(method, body == null ? null : RequestBody.create(JsonTree.bytes(body), JSON)).build();
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
        boolean mayHaveActed = false;
        for (int attempt = 1; ; attempt++) {
            acquire(what, mayHaveActed);
            long start = System.nanoTime();
            Response response;
            String bodyText;
            if (network.proxies().endpoint() != null) {
                listener.route(method, hostOf(url), network.proxies().select(url.host(), url.port()).describe());
            }
            try {
                StartupTrace.mark("client");
                okhttp3.Call call = client(url).newCall(request);
                StartupTrace.mark("request");
                response = call.execute();
                StartupTrace.mark("response");
                try (ResponseBody rb = response.body()) {
                    bodyText = rb.string();
                }
            } catch (IOException e) {
                long ms = (System.nanoTime() - start) / 1_000_000;
                listener.exchange(method, url.toString(), "failed: " + describe(e), ms, null);
                mayHaveActed |= !(e instanceof ConnectException);
                if (attempt < policy.maxAttempts() && policy.retriesFailure(method, e) && !settled(e)) {
                    Duration wait = policy.delay(attempt, null);
                    if (e instanceof InterruptedIOException && wait.compareTo(ANNOUNCED_WAIT) <= 0) {
                        // a timeout is a long silence already: say so before the next one (pause announces long waits)
                        listener.waiting(what + ": no answer from " + hostOf(url) + " within the timeout ("
                                + Times.human(config.timeout()) + "); retrying (attempt " + (attempt + 1) + " of "
                                + policy.maxAttempts() + ", Ctrl-C to stop)");
                    }
                    pause(what, method, url, describe(e), describe(e) + " talking to " + hostOf(url), wait,
                            mayHaveActed);
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
            mayHaveActed |= status != 429;
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
                                : config.service() + " answered HTTP " + status, delay, mayHaveActed);
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

    /**
     * Sends a request that also costs {@code units} of a second budget (Cloudflare's GraphQL API: the scopes × nodes
     * of a query): waits until they fit, announced once like the request budget's wait and refused when longer than
     * --max-wait, then sends it through {@link #execute(String, Request)}, where it counts one in the request budget
     * too. When {@code refused} reads in an answer that the server found the budget spent all the same (another
     * client of the token; GraphQL says so with HTTP 200), it returns how long to wait: the request is sent again
     * after that wait, announced and bounded likewise, up to the retry policy's attempts; then the last answer is
     * returned for the caller to report.
     */
    public Answer execute(String what, Request request, UnitBudget budget, int units,
                          Function<Answer, Duration> refused) {
        RetryPolicy policy = config.retry();
        for (int attempt = 1; ; attempt++) {
            UnitBudget.Spend spend;
            try {
                spend = budget.acquire(units, wait -> {
                    refuseLongWait(what, config.service() + "'s " + budget.name() + " is spent", wait,
                            budget.hint());
                    announce(budget, "waiting " + Times.human(wait) + " for " + config.service() + "'s "
                            + budget.name() + " (" + budget.describe() + "; Ctrl-C to stop)", wait);
                });
            } catch (InterruptedException e) {
                throw LogpushException.interrupted(false);
            }
            listener.spent(request.method() + " " + request.url() + ": " + units + (units == 1 ? " unit" : " units")
                    + " of " + config.service() + "'s " + budget.name() + " (" + budget.left() + " of "
                    + budget.describe() + " left)");
            Answer answer;
            try {
                answer = execute(what, request);
            } finally {
                budget.settle(spend);
            }
            Duration wait = answer.ok() ? refused.apply(answer) : null;
            if (wait == null || attempt >= policy.maxAttempts()) {
                return answer;
            }
            String why = config.service() + " says its " + budget.name() + " is spent";
            refuseLongWait(what, why, wait, budget.hint());
            budget.pauseFor(wait);
            listener.retry(request.method(), request.url().toString(), "budget spent, in errors[]", wait);
            announce(budget, why + "; retrying in " + Times.human(wait) + " (Ctrl-C to stop)", wait);
            try {
                budget.sleep(wait);
            } catch (InterruptedException e) {
                throw LogpushException.interrupted(false);
            }
        }
    }

    /** Announces a wait of {@code budget} longer than {@link #ANNOUNCED_WAIT}, once (on the budget's own clock). */
    private void announce(UnitBudget budget, String line, Duration wait) {
        if (wait.compareTo(ANNOUNCED_WAIT) > 0 && budget.firstToAnnounce(wait)) {
            listener.waiting(line);
        }
    }

    private void acquire(String what, boolean mayHaveActed) {
        try {
            config.limiter().acquire(wait -> {
                refuseLongWait(what, config.service() + "'s request budget is spent", wait);
                announce("waiting " + Times.human(wait) + " for " + config.service()
                        + "'s request budget (Ctrl-C to stop)", wait);
            });
        } catch (InterruptedException e) {
            throw LogpushException.interrupted(mayHaveActed);
        }
    }

    /** When the last announced wait ends (System.nanoTime): workers waiting for the same pause say it once. */
    private long announcedUntil = Long.MIN_VALUE;

    /**
     * Tells a person about a wait longer than {@link #ANNOUNCED_WAIT}, once: a wait that ends within a second of
     * one already announced (the other workers of the run, held by the same 429 or the same budget) is not
     * announced again.
     */
    private synchronized void announce(String line, Duration wait) {
        if (wait.compareTo(ANNOUNCED_WAIT) <= 0) {
            return;
        }
        long end = System.nanoTime() + wait.toNanos();
        if (announcedUntil != Long.MIN_VALUE && end - announcedUntil <= Duration.ofSeconds(1).toNanos()) {
            return;
        }
        announcedUntil = end;
        listener.waiting(line);
    }

    /** Requests sent so far (for progress). */
    public long requests() {
        return config.limiter().total();
    }

    /**
     * Waits before a retry: logged for --verbose, announced when long, refused when longer than --max-wait, cut
     * short when the run is stopped (then nothing more is sent for this request).
     *
     * @param reason what the verbose log says ("HTTP 503")
     * @param why    what a person is told ("Cloudflare answered HTTP 503")
     */
    private void pause(String what, String method, HttpUrl url, String reason, String why, Duration wait,
                       boolean mayHaveActed) {
        refuseLongWait(what, why, wait);
        listener.retry(method, url.toString(), reason, wait);
        announce(why + "; retrying in " + Times.human(wait) + " (Ctrl-C to stop)", wait);
        try {
            config.limiter().sleep(wait);
        } catch (InterruptedException e) {
            throw LogpushException.interrupted(mayHaveActed);
        }
    }

    /** A wait longer than --max-wait ends the command at once, saying when to try again. */
    private void refuseLongWait(String what, String why, Duration wait) {
        refuseLongWait(what, why, wait, config.budget());
    }

    /** As {@link #refuseLongWait(String, String, Duration)}, naming the budget concerned ({@code budget}). */
    private void refuseLongWait(String what, String why, Duration wait, String budget) {
        if (wait.compareTo(config.maxWait()) > 0) {
            throw new LogpushException(Kind.NETWORK, what + ": " + why + " and asks to wait " + Times.human(wait)
                    + ", longer than --max-wait " + Times.human(config.maxWait()),
                    "try again after " + DateTimeFormatter.ISO_LOCAL_TIME.format(LocalTime.now(ZoneOffset.UTC)
                            .plus(wait).withNano(0)) + " UTC, or raise --max-wait; " + budget);
        }
    }

    private static String hostOf(HttpUrl url) {
        return url.host() + (url.port() != HttpUrl.defaultPort(url.scheme()) ? ":" + url.port() : "");
    }

    private static String describe(IOException e) {
        if (e instanceof Proxies.ProxyAuthenticationException p) {
            return p.getMessage();
        }
        if (cause(e, Trust.UntrustedCertificateException.class) != null) {
            return "untrusted certificate";
        }
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

    /** Failures another attempt cannot mend: the proxy's 407, a certificate no trusted CA vouches for. */
    private static boolean settled(IOException e) {
        return cause(e, Proxies.ProxyAuthenticationException.class) != null
                || cause(e, Trust.UntrustedCertificateException.class) != null
                || cause(e, Trust.UnreadableCaException.class) != null
                || e instanceof SSLPeerUnverifiedException;
    }

    private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            for (Throwable s : t.getSuppressed()) {
                if (type.isInstance(s)) {
                    return type.cast(s);
                }
            }
        }
        return null;
    }

    /** The errors of proxies and trust, which name the proxy or the untrusted issuer; null for others. */
    private LogpushException proxyOrTrustError(String what, HttpUrl url, IOException e) {
        Proxies.ProxyAuthenticationException auth = cause(e, Proxies.ProxyAuthenticationException.class);
        Proxies.Endpoint proxy = network.proxies().select(url.host(), url.port()).proxy();
        if (auth != null) {
            Proxies.Endpoint p = auth.proxy() != null ? auth.proxy() : proxy;
            String name = p != null ? p.display() + " (" + p.source() + ")" : "the proxy";
            return auth.rejected()
                    ? new LogpushException(Kind.AUTH, what + " failed: proxy " + name
                            + " refused the user and password (HTTP 407)",
                            "check the user:password@ part of " + (p != null ? p.source() : "the proxy URL")
                                    + "; special characters in the password must be percent-encoded", e)
                    : new LogpushException(Kind.AUTH, what + " failed: proxy " + name
                            + " asks for a user and password (HTTP 407)",
                            "write them into the proxy URL: http://user:password@host:port", e);
        }
        Trust.UnreadableCaException unreadable = cause(e, Trust.UnreadableCaException.class);
        if (unreadable != null) {
            return unreadable.error();
        }
        Trust.UntrustedCertificateException untrusted = cause(e, Trust.UntrustedCertificateException.class);
        if (untrusted != null) {
            return new LogpushException(Kind.NETWORK, what + " failed: the certificate of " + hostOf(url)
                    + " is not trusted: its issuer '" + untrusted.issuer() + "' is none of the trusted CAs",
                    "if a proxy or your company inspects TLS, add its CA certificate (PEM): SSL_CERT_FILE=ca.pem, "
                            + "SSL_CERT_DIR, or --ca-cert ca.pem (added to the runtime's CAs and the system's)", e);
        }
        if (e instanceof SSLPeerUnverifiedException) {
            return new LogpushException(Kind.NETWORK, what + " failed: the certificate of " + hostOf(url)
                    + " does not name " + url.host(), "check " + config.urlHint(), e);
        }
        if (proxy != null && (e instanceof ConnectException || e instanceof UnknownHostException
                || e instanceof NoRouteToHostException)) {
            return new LogpushException(Kind.NETWORK, what + " failed: " + describe(e) + " talking to proxy "
                    + proxy.display() + " (" + proxy.source() + ") for " + hostOf(url),
                    "check the proxy address in " + proxy.source() + ", and that the proxy runs", e);
        }
        if (proxy != null && e.getMessage() != null && e.getMessage().startsWith("Unexpected response code for CONNECT")) {
            return new LogpushException(Kind.NETWORK, what + " failed: proxy " + proxy.display() + " ("
                    + proxy.source() + ") could not open a tunnel to " + hostOf(url) + " ("
                    + e.getMessage().replace("Unexpected response code for CONNECT: ", "HTTP ") + ")",
                    "check " + config.urlHint() + ", and whether the proxy lets it through; NO_PROXY lists the "
                            + "hosts to reach directly", e);
        }
        return null;
    }

    private LogpushException networkError(String what, HttpUrl url, IOException e, int attempts) {
        LogpushException specific = proxyOrTrustError(what, url, e);
        if (specific != null) {
            return specific;
        }
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
    public synchronized void close() {
        for (OkHttpClient c : new OkHttpClient[]{plain, tls}) {
            if (c != null) {
                c.dispatcher().executorService().shutdown();
                c.connectionPool().evictAll();
            }
        }
    }
}
