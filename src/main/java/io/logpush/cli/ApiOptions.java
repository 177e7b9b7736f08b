package io.logpush.cli;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.logpush.cloudflare.Credentials;
import io.logpush.http.HttpTransport;
import io.logpush.http.Proxies;
import io.logpush.http.Trust;
import io.logpush.model.LogpushException;
import picocli.CommandLine.Option;

/** The connection options of every command that calls the Cloudflare API: credentials, endpoint, timeout, verbosity. */
public final class ApiOptions {
    static final String DEFAULT_API_URL = "https://api.cloudflare.com/client/v4";

    @Option(names = "--api-token-file", paramLabel = "FILE",
            description = "Read the API token from FILE ('-' for standard input). Otherwise: CLOUDFLARE_API_TOKEN (or CF_API_TOKEN), "
                    + "or CLOUDFLARE_EMAIL + CLOUDFLARE_API_KEY.")
    Path apiTokenFile;

    @Option(names = "--api-url", paramLabel = "URL",
            description = "API base URL, default " + DEFAULT_API_URL + ". Env: CLOUDFLARE_BASE_URL.")
    String apiUrl;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Timeout of each request, in seconds, 1 to 3600. Default: ${DEFAULT-VALUE}.")
    int timeoutSeconds = 30;

    @Option(names = "--max-wait", paramLabel = "DURATION", defaultValue = "300s",
            converter = Converters.PositiveDuration.class,
            description = "The longest wait the command accepts before a retry or for the request budget (e.g. 90s, "
                    + "5m); a longer one (a 429's Retry-After) ends it with exit 5 and when to retry. Waits over 2 s "
                    + "are announced on stderr. Default: ${DEFAULT-VALUE}, Cloudflare's longest block.")
    Duration maxWait;

    @Option(names = {"-v", "--verbose"},
            description = "Log each HTTP exchange to stderr (method, URL, status, duration, cf-ray), secrets masked.")
    boolean verbose;

    @Option(names = "--proxy", paramLabel = "URL",
            description = "HTTP proxy for every request, loopback included: http://host:port, host:port or "
                    + "http://user:password@host:port (Basic). Otherwise: https_proxy, HTTPS_PROXY, all_proxy, "
                    + "ALL_PROXY, except the hosts in no_proxy/NO_PROXY and loopback. SOCKS and https:// proxies "
                    + "are refused.")
    String proxy;

    @Option(names = "--ca-cert", paramLabel = "FILE",
            description = "Also trust the CA certificates of this PEM file (repeatable), as SSL_CERT_FILE and "
                    + "SSL_CERT_DIR do; they are added to the runtime's CAs and the system's "
                    + "(/etc/ssl/certs/ca-certificates.crt), never replace them.")
    List<Path> caCerts = new ArrayList<>();

    private HttpTransport.Network network;

    /**
     * How this run reaches the APIs: --proxy or the proxy variables, and the CAs it trusts (--ca-cert,
     * SSL_CERT_FILE, SSL_CERT_DIR). Read once, before any request: a bad proxy URL or CA file is a usage error.
     */
    HttpTransport.Network network(Context ctx) {
        if (network == null) {
            Proxies proxies = Proxies.resolve(proxy, ctx::env);
            if (proxies.endpoint() != null) {
                ctx.redactor().add(proxies.endpoint().password());
            }
            List<Trust.Named> files = new ArrayList<>();
            for (Path p : caCerts) {
                files.add(new Trust.Named(p, "--ca-cert"));
            }
            if (ctx.env("SSL_CERT_FILE") != null) {
                files.add(new Trust.Named(Path.of(ctx.env("SSL_CERT_FILE").trim()), "SSL_CERT_FILE"));
            }
            List<Trust.Named> dirs = new ArrayList<>();
            if (ctx.env("SSL_CERT_DIR") != null) {
                for (String d : ctx.env("SSL_CERT_DIR").split(File.pathSeparator)) {
                    if (!d.isBlank()) {
                        dirs.add(new Trust.Named(Path.of(d.trim()), "SSL_CERT_DIR"));
                    }
                }
            }
            network = new HttpTransport.Network(proxies, Trust.resolve(files, dirs, Trust.SYSTEM_STORE));
        }
        return network;
    }

    /** The credentials from --api-token-file or the environment; registered with the redactor. */
    Credentials credentials(Context ctx) {
        String token = null;
        String source = null;
        if (apiTokenFile != null) {
            token = Inputs.secret(ctx, apiTokenFile, "--api-token-file");
            source = "--api-token-file";
            if (token.isEmpty()) {
                throw LogpushException.usage("--api-token-file " + apiTokenFile + " is empty",
                        "write the Cloudflare API token into it, or point --api-token-file at the file that holds it");
            }
        } else if (ctx.env("CLOUDFLARE_API_TOKEN") != null) {
            token = ctx.env("CLOUDFLARE_API_TOKEN").trim();
            source = "CLOUDFLARE_API_TOKEN";
        } else if (ctx.env("CF_API_TOKEN") != null) {
            token = ctx.env("CF_API_TOKEN").trim();
            source = "CF_API_TOKEN";
        }
        String email = ctx.env("CLOUDFLARE_EMAIL");
        String key = ctx.env("CLOUDFLARE_API_KEY");
        ctx.redactor().add(token);
        ctx.redactor().add(key);
        if (token != null) {
            if (key != null) {
                ctx.warn("both an API token (" + source + ") and a global key (CLOUDFLARE_API_KEY) are set; "
                        + "using the token");
            }
            checkHeaderSafe(token, source);
            return Credentials.token(token, apiTokenFile != null
                    ? "$(cat " + Inputs.shellQuote(apiTokenFile.toString()) + ")" : "$" + source);
        }
        if (key != null && email != null) {
            checkHeaderSafe(key.trim(), "CLOUDFLARE_API_KEY");
            checkHeaderSafe(email.trim(), "CLOUDFLARE_EMAIL");
            return Credentials.globalKey(email.trim(), key.trim());
        }
        if (key != null) {
            throw LogpushException.auth("CLOUDFLARE_API_KEY is set but CLOUDFLARE_EMAIL is not",
                    "the global key needs the account's email in CLOUDFLARE_EMAIL; an API token is better: "
                            + "set CLOUDFLARE_API_TOKEN");
        }
        throw LogpushException.auth("no Cloudflare credentials",
                "set CLOUDFLARE_API_TOKEN to a token with Logs Edit (or pass --api-token-file FILE); the legacy "
                        + "CLOUDFLARE_EMAIL + CLOUDFLARE_API_KEY also work");
    }

    private static void checkHeaderSafe(String secret, String source) {
        if (secret.isEmpty()) {
            throw LogpushException.auth(source + " is empty", "set it to your Cloudflare API token");
        }
        for (int i = 0; i < secret.length(); i++) {
            char c = secret.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw LogpushException.auth("the credential from " + source
                        + " contains a space, control or non-ASCII character at position " + (i + 1),
                        "copy the token again; quotes and line breaks often slip in");
            }
        }
    }

    /** --api-url, CLOUDFLARE_BASE_URL, or Cloudflare's; checked before any request. */
    String apiUrl(Context ctx) {
        String url = apiUrl != null ? apiUrl : ctx.env("CLOUDFLARE_BASE_URL");
        return url == null ? DEFAULT_API_URL : url.trim();
    }

    Duration maxWait() {
        return maxWait != null ? maxWait : Duration.ofSeconds(300);
    }

    int timeoutSeconds() {
        if (timeoutSeconds < 1 || timeoutSeconds > 3600) {
            throw LogpushException.usage("--timeout " + timeoutSeconds + " is out of range: use 1 to 3600 seconds",
                    null);
        }
        return timeoutSeconds;
    }
}
