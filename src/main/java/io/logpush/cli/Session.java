package io.logpush.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;

import io.logpush.apply.ScopeResolver;
import io.logpush.cloudflare.AlertingApi;
import io.logpush.cloudflare.GraphqlApi;
import io.logpush.cloudflare.CloudflareClient;
import io.logpush.cloudflare.Credentials;
import io.logpush.cloudflare.LogpushApi;
import io.logpush.http.HttpTransport;
import io.logpush.http.RateLimiter;
import io.logpush.http.RetryPolicy;
import io.logpush.http.UnitBudget;
import io.logpush.model.LogpushException;
import io.logpush.model.Scope;
import io.logpush.model.StartupTrace;
import io.logpush.model.Validate;
import io.logpush.sekoia.Catalog;
import io.logpush.sekoia.SekoiaApi;
import io.logpush.sekoia.SekoiaClient;
import okhttp3.HttpUrl;

/** One command's connection to Cloudflare: the client, the typed API, and scope resolution. */
final class Session implements AutoCloseable {
    private final CloudflareClient client;
    private final LogpushApi api;
    private final ScopeResolver resolver;
    /** Cloudflare's GraphQL budget for the run, shared by every GraphQL request of the session. */
    private final UnitBudget graphqlBudget;

    private Session(CloudflareClient client, UnitBudget graphqlBudget) {
        this.client = client;
        this.api = new LogpushApi(client);
        this.resolver = new ScopeResolver(api);
        this.graphqlBudget = graphqlBudget;
    }

    /** Opens the client with Cloudflare's budget, 1,200 requests per 5 minutes. */

    static Session open(Context ctx, ApiOptions options) {
        return open(ctx, options, cloudflareLimiter());
    }

    /** Cloudflare's request budget: 1,200 requests per 5 minutes. */
    static RateLimiter cloudflareLimiter() {
        return new RateLimiter(1200, Duration.ofSeconds(300));
    }

    /**
     * Checks the endpoint, timeout and credentials (no request yet) and opens the client, with a given
     * client-side rate limiter (apply's --rate-limit).
     */
    static Session open(Context ctx, ApiOptions options, RateLimiter limiter) {
        StartupTrace.mark("session");
        HttpUrl base = baseUrl(options.apiUrl(ctx), ApiOptions.DEFAULT_API_URL);
        Credentials credentials = options.credentials(ctx);
        HttpTransport transport = transport(ctx, options, CloudflareClient.API, limiter);
        return new Session(new CloudflareClient(base, credentials, transport), graphqlBudget(ctx, limiter));
    }

    /**
     * The run's GraphQL budget: Cloudflare's {@value GraphqlApi#BUDGET_UNITS} units per 5 minutes, or what
     * {@code LOGPUSH_GRAPHQL_BUDGET} says (N/Ws: a token with another limit, a sandbox with a shortened window). The
     * hidden {@code LOGPUSH_GRAPHQL_VIRTUAL_CLOCK=1}, for tests, puts it on a clock that moves only when it waits.
     */
    private static UnitBudget graphqlBudget(Context ctx, RateLimiter limiter) {
        String text = ctx.env("LOGPUSH_GRAPHQL_BUDGET");
        int[] budget = {GraphqlApi.BUDGET_UNITS, (int) GraphqlApi.BUDGET_WINDOW.toSeconds()};
        if (text != null) {
            budget = UnitBudget.parse(text);
            if (budget == null) {
                throw LogpushException.usage("LOGPUSH_GRAPHQL_BUDGET must read UNITS/SECONDS, such as 300/300s",
                        "unset it to use Cloudflare's GraphQL budget, 300 units per 300 s");
            }
        }
        return GraphqlApi.budget(budget[0], Duration.ofSeconds(budget[1]), limiter,
                "1".equals(ctx.env("LOGPUSH_GRAPHQL_VIRTUAL_CLOCK")));
    }

    /**
     * Sekoia's API for this command, or null when no Sekoia API key is set (everything Sekoia-side is then
     * skipped). The URL: --sekoia-api-url, SEKOIA_API_URL, else the API of {@code region} (null: SEKOIA_REGION,
     * else the default region).
     */
    static SekoiaApi openSekoia(Context ctx, ApiOptions options, SekoiaOptions sekoia, String region) {
        return openSekoia(ctx, options, sekoia, region, sekoiaLimiter());
    }

    /** Sekoia's request budget: 600 requests a minute. */
    static RateLimiter sekoiaLimiter() {
        return new RateLimiter(600, Duration.ofSeconds(60));
    }

    /** As {@link #openSekoia(Context, ApiOptions, SekoiaOptions, String)}, with a given limiter (--wait stops it). */
    static SekoiaApi openSekoia(Context ctx, ApiOptions options, SekoiaOptions sekoia, String region,
                                RateLimiter limiter) {
        String key = sekoia.apiKey(ctx);
        if (key == null) {
            return null;
        }
        HttpTransport transport = transport(ctx, options, SekoiaClient.API, limiter);
        return new SekoiaApi(new SekoiaClient(sekoiaBase(ctx, sekoia, region), key, transport));
    }

    /** Sekoia's API base: --sekoia-api-url, SEKOIA_API_URL, else the API of {@code region} (null: SEKOIA_REGION). */
    private static HttpUrl sekoiaBase(Context ctx, SekoiaOptions sekoia, String region) {
        String r = region != null ? region : ctx.env("SEKOIA_REGION");
        String fallback = (r == null ? Catalog.get().defaultRegion()
                : Catalog.get().region(r.trim()).orElse(Catalog.get().defaultRegion())).apiUrl();
        String url = sekoia.apiUrl(ctx);
        return baseUrl(url != null ? url : fallback, fallback);
    }

    /**
     * For shell completion (logpush __complete): one attempt, no retry and no wait for a budget (a wait ends the
     * call), {@code timeout} per request, and nothing on stderr. The caller bounds the whole run.
     */
    static Session openQuick(Context ctx, ApiOptions options, Duration timeout) {
        HttpUrl base = baseUrl(options.apiUrl(ctx), ApiOptions.DEFAULT_API_URL);
        HttpTransport transport = quickTransport(CloudflareClient.API, timeout);
        return new Session(new CloudflareClient(base, options.credentials(ctx), transport),
                GraphqlApi.budget(GraphqlApi.BUDGET_UNITS, GraphqlApi.BUDGET_WINDOW, transport.config().limiter(),
                        false));
    }

    /** Sekoia's API as {@link #openQuick} opens Cloudflare's; null without a Sekoia API key. */
    static SekoiaApi openSekoiaQuick(Context ctx, SekoiaOptions sekoia, Duration timeout) {
        String key = sekoia.apiKey(ctx);
        if (key == null) {
            return null;
        }
        return new SekoiaApi(new SekoiaClient(sekoiaBase(ctx, sekoia, null), key,
                quickTransport(SekoiaClient.API, timeout)));
    }

    private static HttpTransport quickTransport(HttpTransport.Api api, Duration timeout) {
        return new HttpTransport(HttpTransport.Config.of(api, "logpush/" + Version.get()).timeout(timeout)
                .retry(new RetryPolicy(1, Duration.ZERO)).maxWait(Duration.ZERO), HttpTransport.Listener.SILENT);
    }

    /** The one HTTP machinery, set up for one API: timeout, retries (LOGPUSH_RETRY_BASE_MS), waits, the log. */
    private static HttpTransport transport(Context ctx, ApiOptions options, HttpTransport.Api api,
                                           RateLimiter limiter) {
        int timeout = options.timeoutSeconds();
        RetryPolicy retry = RetryPolicy.DEFAULT;
        String baseMs = ctx.env("LOGPUSH_RETRY_BASE_MS");
        if (baseMs != null) {
            long ms;
            try {
                ms = Long.parseLong(baseMs.trim());
            } catch (NumberFormatException e) {
                ms = -1;
            }
            if (ms < 0 || ms > RetryPolicy.MAX_BASE_MILLIS) {
                throw LogpushException.usage("LOGPUSH_RETRY_BASE_MS must be a number of milliseconds from 0 to "
                        + RetryPolicy.MAX_BASE_MILLIS, "unset it to use the default, 1000");
            }
            retry = new RetryPolicy(retry.maxAttempts(), Duration.ofMillis(ms));
        }
        return new HttpTransport(HttpTransport.Config.of(api, "logpush/" + Version.get())
                .timeout(Duration.ofSeconds(timeout)).retry(retry).limiter(limiter).maxWait(options.maxWait()),
                new StderrLog(ctx, options.verbose, api.requestIdHeader()), options.network(ctx));
    }

    static HttpUrl baseUrl(String url, String byDefault) {
        HttpUrl parsed = HttpUrl.parse(url);
        if (parsed == null) {
            throw LogpushException.usage("invalid API URL '" + url + "': expected an http(s) URL",
                    "the default is " + byDefault);
        }
        if (parsed.scheme().equals("http") && !isLoopback(parsed.host())) {
            throw LogpushException.usage("refusing plain http:// for " + parsed.host()
                    + ": credentials would cross the network unencrypted",
                    "use https://, or http:// only for a loopback address such as 127.0.0.1 or localhost");
        }
        return parsed;
    }

    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("localhost")) {
            return true;
        }
        if (h.matches("[0-9.]+") || h.contains(":")) {
            try {
                return InetAddress.getByName(h).isLoopbackAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return false;
    }

    LogpushApi api() {
        return api;
    }

    /** Cloudflare's GraphQL Analytics API (upload history), over the same client and budget. */
    GraphqlApi graphql() {
        return new GraphqlApi(client, graphqlBudget);
    }

    /** Cloudflare's notification API, over the same client. */
    AlertingApi alerting() {
        return new AlertingApi(client);
    }

    /**
     * The run's zones and accounts: what listings and lookups said (a zone's plan and account) is kept for the
     * session.
     */
    ScopeResolver resolver() {
        return resolver;
    }

    /** Resolves a target to a scope: a zone name costs one {@code GET /zones?name=} (its account is kept). */
    Scope scope(ScopeOptions.Target target) {
        if (target.kind() == Scope.Kind.ZONE && !Validate.isHex32(target.value())) {
            return resolver.zone(target.value());
        }
        return new Scope(target.kind(), target.value(), target.value());
    }

    @Override
    public void close() {
        client.close();
    }

    /** stderr: every long wait as it starts; with --verbose, one line per exchange and per retry. */
    private record StderrLog(Context ctx, boolean verbose, String requestIdLabel) implements HttpTransport.Listener {
        @Override
        public void exchange(String method, String url, String outcome, long millis, String requestId) {
            if (verbose) {
                ctx.note("* " + method + " " + url + " -> " + outcome + " (" + millis + " ms"
                        + (requestId != null ? ", " + requestIdLabel + " " + requestId : "") + ")");
            }
        }

        @Override
        public void retry(String method, String url, String reason, Duration wait) {
            if (verbose) {
                ctx.note(String.format(Locale.ROOT, "* retrying %s %s in %.1f s (%s)", method, url,
                        wait.toMillis() / 1000.0, reason));
            }
        }

        @Override
        public void waiting(String line) {
            ctx.note("logpush: " + line);
        }

        @Override
        public void route(String method, String host, String via) {
            if (verbose) {
                ctx.note("* " + method + " " + host + " " + via);
            }
        }

        @Override
        public void spent(String line) {
            if (verbose) {
                ctx.note("* " + line);
            }
        }
    }
}
