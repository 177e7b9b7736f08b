package io.logpush.cli;

import java.io.IOException;
import java.net.BindException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import io.logpush.http.RateLimiter;
import io.logpush.model.LogpushException;
import io.logpush.sandbox.Sandbox;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "sandbox", mixinStandardHelpOptions = true,
        header = "Run a local stand-in for the Cloudflare API, to try logpush and test scripts without an account.",
        description = {
            "%nServes the part of the Cloudflare v4 API that logpush uses (zones, token verification, Logpush jobs, "
                + "dataset fields, destination validation) on a loopback address, with Cloudflare's envelope and "
                + "rules: upload limits, job names, https destinations, 4 jobs per zone, dataset scope, known "
                + "fields, partial updates, authentication and a rate limit. It prints the environment that points "
                + "logpush at it, and runs until Ctrl-C or SIGTERM.",
            "%nA destination whose host ends in .invalid fails Cloudflare's destination check, to try that error.",
            "%nUnder /sekoia it also serves the Sekoia.io API paths logpush reads (API key check, intakes, entities, "
                + "telemetry counters), with a second export line for SEKOIA_API_URL and SEKOIA_API_KEY. Its "
                + "intakes receive what the sandbox's jobs send: an enabled job whose destination carries an "
                + "intake's key adds 10 events a second to it (invalid if the intake's format is not the "
                + "dataset's, dated at the epoch if a zone dataset is sent without unixnano timestamps), and every "
                + "job create or update adds Cloudflare's test upload as one invalid event.",
            "%nPOST /graphql answers the upload history check reads (logpushHealthAdaptiveGroups) from these "
                + "deliveries: 5 uploads per five minutes; while the intake refuses (or, once there are intakes, "
                + "for a key none has: 401) each batch is retried, then dropped, its records lost; last_error and "
                + "error_message are set while a job fails, and a job failing for 24 h is disabled, as on "
                + "Cloudflare.",
            "%nIts own paths, under /__sandbox with its token, show in seconds what takes hours: "
                + "POST /__sandbox/clock {\"advance\":\"5h\"} advances its clock (deliveries and refusals run 5 h "
                + "longer; the answer lists the jobs it disabled), GET /__sandbox/clock shows it; "
                + "POST /__sandbox/intakes/NAME_OR_UUID/refuse {\"status\":413} makes an intake refuse uploads "
                + "(401 when no status is given; Cloudflare's test upload then fails too, but for 413, so every "
                + "write to a job sending there is refused, as on Cloudflare), and POST …/accept makes it accept "
                + "them again.",
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  logpush sandbox --zones 3 &        # then paste the export lines it prints",
            "  logpush sandbox --port 0 --state sandbox.json --latency-ms 50 --rate-limit 120/30s",
            "  logpush sandbox --tls --port 0           # https, with SSL_CERT_FILE in the export line",
            "  curl -X POST -H \"Authorization: Bearer $CLOUDFLARE_API_TOKEN\" -d '{\"advance\":\"5h\"}' \\",
            "       http://127.0.0.1:8787/__sandbox/clock",
        })
final class SandboxCommand extends BaseCommand {
    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8787",
            description = "Port to listen on, 0 to 65535 (0: any free port). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Loopback address to bind (127.0.0.1, ::1 or localhost). Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(names = "--zones", paramLabel = "N", defaultValue = "1",
            description = "Zones to create: zone1.example.com, zone2.example.com, … (0: none, and no "
                    + "CLOUDFLARE_ZONE_ID in the export line). Default: ${DEFAULT-VALUE}.")
    int zones;

    @Option(names = "--latency-ms", paramLabel = "MS", defaultValue = "0",
            description = "Delay added to every response, in milliseconds, 0 to 60000. Default: ${DEFAULT-VALUE}.")
    int latencyMs;

    @Option(names = "--state", paramLabel = "FILE",
            description = "Keep the sandbox's state (credentials, zones, jobs) in FILE across restarts; created "
                    + "readable by you only (it holds the token). A file the sandbox did not write is refused.")
    Path stateFile;

    @Option(names = "--first-batch-after", paramLabel = "DURATION", defaultValue = "2s",
            converter = Converters.NonNegativeDuration.class,
            description = "How long after a job is enabled its first batch arrives: until then last_complete is "
                    + "null, as on Cloudflare. 0s: at once. Default: ${DEFAULT-VALUE}.")
    Duration firstBatchAfter;

    @Option(names = "--rate-limit", paramLabel = "N/Ws", defaultValue = "1200/300s",
            converter = Converters.RateLimit.class,
            description = "Requests allowed per window, then 429 with Retry-After. POST /graphql also allows a "
                    + "quarter of N units (the zones or accounts a query names) over the same window, then answers "
                    + "Cloudflare's budget error. Default: ${DEFAULT-VALUE}, Cloudflare's (and its 300 GraphQL units "
                    + "per 5 minutes).")
    RateLimiter budget;

    @Option(names = {"-q", "--quiet"}, description = "Do not log requests to stderr.")
    boolean quiet;

    @Option(names = "--tls",
            description = "Serve https with a certificate made at start (for 127.0.0.1, localhost, ::1 and "
                    + "api.cloudflare.test, a name for tests through a proxy), signed by a CA made likewise; the "
                    + "CA is written to a file that the export line names as SSL_CERT_FILE.")
    boolean tls;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (zones < 0 || zones > 100_000) {
            throw LogpushException.usage("--zones " + zones + " is out of range: use 0 to 100000", null);
        }
        SandboxTls certificates = tls ? SandboxTls.make() : null;
        Sandbox sandbox;
        try {
            sandbox = Sandbox.start(Sandbox.Config.defaults().host(host).port(port).zones(zones)
                    .latencyMillis(latencyMs).stateFile(stateFile).rateLimit(budget.limit(), budget.windowSeconds())
                    .log(quiet ? null : ctx().err()).firstBatchAfterMillis(firstBatchAfter.toMillis())
                    .tls(certificates != null ? certificates.context() : null));
        } catch (Sandbox.BadConfig e) {
            throw LogpushException.usage(e.getMessage(), e.hint());
        } catch (BindException e) {
            throw LogpushException.usage("cannot listen on " + host + ":" + port + ": " + e.getMessage(),
                    "pick another --port, or --port 0 for any free one");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            sandbox.close();
            if (certificates != null) {
                certificates.delete();
            }
            ctx().err().println("logpush sandbox: stopped");
            ctx().err().flush();
            stopped.countDown();
        });
        Runtime.getRuntime().addShutdownHook(hook);
        out().println("# logpush sandbox on " + sandbox.baseUrl() + " (Ctrl-C stops it). Point logpush at it with:");
        out().println("export CLOUDFLARE_BASE_URL=" + sandbox.baseUrl() + " CLOUDFLARE_API_TOKEN=" + sandbox.token()
                + (sandbox.zoneId().isEmpty() ? "" : " CLOUDFLARE_ZONE_ID=" + sandbox.zoneId())
                + " CLOUDFLARE_ACCOUNT_ID=" + sandbox.accountId()
                + (certificates != null ? " SSL_CERT_FILE=" + certificates.caFile() : ""));
        out().println("export SEKOIA_API_URL=" + sandbox.sekoiaUrl() + " SEKOIA_API_KEY=" + sandbox.sekoiaKey());
        out().println("# global key instead of a token: CLOUDFLARE_EMAIL=" + sandbox.email() + " CLOUDFLARE_API_KEY="
                + sandbox.globalKey() + "; zones: " + zones + (zones > 0 ? " (" + sandbox.zoneName() + " …)" : ""));
        out().println("# its clock and intakes (with the token): " + sandbox.adminUrl() + "/clock, "
                + sandbox.adminUrl() + "/intakes/NAME/refuse|accept (logpush sandbox --help)");
        out().flush();
        stopped.await();
        return 0;
    }
}
