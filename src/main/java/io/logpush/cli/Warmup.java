package io.logpush.cli;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import io.logpush.http.HttpTransport;
import io.logpush.sekoia.Catalog;

/**
 * A head start on a second thread: for a command line that calls an API, the one-time set-up of its first request
 * ({@link HttpTransport#warmUp}: for https the elliptic-curve tables of a TLS handshake, then the security
 * providers, OkHttp's classes, Jackson's parser) and what it reads before (the Sekoia catalog, the version) are done
 * while the main thread still builds the command line and opens the session. All of it is work the run does anyway,
 * on whichever thread comes first (the JDK lets one thread initialise a class while another waits for it), so the
 * output is the same; with a free core, the first request starts sooner.
 *
 * <p>The plan is read from the words of the command line and the environment only, before picocli parses them:
 * a wrong guess costs a little work on the other core, never a different result.
 */
final class Warmup {
    /** The subcommands that send no request (or only for shell completion, which must stay light). */
    private static final Set<String> OFFLINE = Set.of("completion", "sandbox", "__complete", "help");
    /** The options and variables that name an API's URL (https unless one names an http:// URL). */
    private static final Set<String> URL_OPTIONS = Set.of("--api-url", "--sekoia-api-url");
    private static final Set<String> URL_VARIABLES = Set.of("CLOUDFLARE_BASE_URL", "SEKOIA_API_URL");
    /** The options and variables that name CAs: when none does, an https server is checked with the runtime's. */
    private static final Set<String> CA_OPTIONS = Set.of("--ca-cert");
    private static final Set<String> CA_VARIABLES = Set.of("SSL_CERT_FILE", "SSL_CERT_DIR");

    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private Warmup() {
    }

    /**
     * What to prepare for a command line that calls an API.
     *
     * @param https      whether one of the APIs it may call is reached over https
     * @param runtimeCas whether no CA file is named (then the runtime's CAs check an https server)
     */
    record Plan(boolean https, boolean runtimeCas) {
    }

    /** The plan for a command line, or null when it sends no request (no subcommand, an offline one, or help). */
    static Plan plan(String[] args, Map<String, String> env) {
        String name = null;
        boolean help = false;
        boolean http = false;
        boolean https = false;
        boolean cas = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            int eq = a.indexOf('=');
            String option = eq < 0 ? a : a.substring(0, eq);
            String value = eq >= 0 ? a.substring(eq + 1) : i + 1 < args.length ? args[i + 1] : "";
            if (a.equals("-h") || a.equals("--help")) {
                help = true;
            } else if (URL_OPTIONS.contains(option)) {
                boolean plain = isHttp(value);
                http |= plain;
                https |= !plain;
                i += eq < 0 ? 1 : 0;
            } else if (CA_OPTIONS.contains(option)) {
                cas = true;
                i += eq < 0 ? 1 : 0;
            } else if (name == null && !a.startsWith("-")) {
                name = LogpushCommand.ALIASES.getOrDefault(a, a);
            }
        }
        if (name == null || help || OFFLINE.contains(name) || !LogpushCommand.SUBCOMMANDS.containsKey(name)) {
            return null;
        }
        for (String v : URL_VARIABLES) {
            String value = env.get(v);
            if (value != null && !value.isBlank()) {
                boolean plain = isHttp(value);
                http |= plain;
                https |= !plain;
            }
        }
        for (String v : CA_VARIABLES) {
            cas |= env.get(v) != null && !env.get(v).isBlank();
        }
        return new Plan(https || !http, !cas);
    }

    private static boolean isHttp(String url) {
        return url.trim().toLowerCase(Locale.ROOT).startsWith("http://");
    }

    /** Starts the head start of {@code plan} (none for null), once per process. */
    static void start(Plan plan) {
        if (plan == null || !STARTED.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(() -> run(plan), "logpush-warmup");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Does what {@code plan} prepares, on the calling thread: the first request's set-up, then what an API command
     * reads before it (the Sekoia catalog, which the dataset and scope checks read; the version, in the User-Agent),
     * which the main thread, there sooner, usually reads itself.
     */
    static void run(Plan plan) {
        HttpTransport.warmUp(plan.https(), plan.runtimeCas());
        try {
            Catalog.get();
            Version.get();
        } catch (RuntimeException e) {
            // the command reads them itself, and reports what is wrong
        }
    }
}
