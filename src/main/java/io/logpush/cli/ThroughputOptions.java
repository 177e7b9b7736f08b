package io.logpush.cli;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.logpush.http.RateLimiter;
import io.logpush.model.LogpushException;
import picocli.CommandLine.Option;

/** --concurrency and --rate-limit: how a command over many zones spends Cloudflare's request budget. */
public final class ThroughputOptions {
    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "4",
            description = "Requests in flight at once over many zones (apply, and check or list with --file), "
                    + "1 to 32. Default: ${DEFAULT-VALUE}.")
    int concurrency;

    @Option(names = "--rate-limit", paramLabel = "N/Ws", defaultValue = "1200/300s",
            converter = Converters.RateLimit.class,
            description = "Client-side request budget over many zones; Cloudflare's Ratelimit headers tighten it. "
                    + "Default: ${DEFAULT-VALUE}, Cloudflare's.")
    RateLimiter limiter;

    /** The worker pool ({@code name} names its threads), after checking --concurrency. */
    ExecutorService pool(String name) {
        if (concurrency < 1 || concurrency > 32) {
            throw LogpushException.usage("--concurrency " + concurrency + " is out of range: use 1 to 32", null);
        }
        return Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }
}
