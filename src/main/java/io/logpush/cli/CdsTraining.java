package io.logpush.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.HashMap;
import java.util.Map;

import io.logpush.sandbox.Sandbox;

/**
 * The training run of the start-up cache (the bundle's AOT cache, the launcher's class-data archive): one JVM that
 * runs the common commands against sandboxes, so that the cache holds the classes they load (picocli, OkHttp,
 * Jackson, TLS, logpush). Prints nothing.
 *
 * <p>With two arguments, the {@code export ...} lines of a {@code logpush sandbox} and a {@code logpush sandbox
 * --tls} running in other JVMs (the bundle's build starts them): the cache then holds only what the client side
 * loads, since every class in an AOT cache is loaded at each start-up. Without arguments, the sandboxes run in
 * this JVM.
 */
public final class CdsTraining {
    private static final String KEY = "AbCdEfGhIjKlMnOpQrStUvWxYz012345";

    private CdsTraining() {
    }

    public static void main(String[] args) throws Exception {
        Main.Terminal.system();
        if (args.length == 2) {
            http(exports(args[0]));
            https(exports(args[1]));
            return;
        }
        try (Sandbox sandbox = Sandbox.start(Sandbox.Config.defaults().zones(2).rateLimit(100_000, 60))) {
            http(env(sandbox));
        }
        // The same over https (sandbox --tls, its CA in SSL_CERT_FILE): the TLS classes, set up only for https.
        SandboxTls tls = SandboxTls.make();
        try (Sandbox sandbox = Sandbox.start(Sandbox.Config.defaults().zones(1).rateLimit(100_000, 60)
                .tls(tls.context()))) {
            Map<String, String> env = env(sandbox);
            env.put("SSL_CERT_FILE", tls.caFile().toString());
            https(env);
        } finally {
            tls.delete();
        }
    }

    private static void http(Map<String, String> env) {
        String[][] runs = {
            {"--version"}, {"--help"}, {"fields", "--help"}, {"completion", "bash"}, {"completion", "zsh"},
            {"completion", "fish"}, {"datasets"}, {"datasets", "-o", "json"},
            {"fields", "-o", "names"}, {"fields"}, {"fields", "-o", "json"},
            {"create", "--intake-key", KEY, "--dry-run"}, {"create", "--intake-key", KEY},
            {"create", "--intake-key", KEY}, {"list"}, {"list", "-o", "json"}, {"list", "--zone", "zone1.example.com"},
            {"get", "1"}, {"get", "1", "-o", "json"}, {"update", "1", "--timestamps", "unix"},
            {"disable", "1"}, {"enable", "1"}, {"delete", "1", "--yes"}, {"get", "1"}, {"lst"},
        };
        run(env, runs);
    }

    private static void https(Map<String, String> env) {
        // The head start's own code (a run starts it once per process: here, for the first run only).
        Warmup.run(Warmup.plan(new String[]{"fields"}, Map.of()));
        run(env, new String[][]{{"fields", "-o", "names"}, {"list"}});
    }

    private static void run(Map<String, String> env, String[][] runs) {
        for (String[] run : runs) {
            PrintWriter sink = new PrintWriter(Writer.nullWriter());
            Main.run(Main.Terminal.none(InputStream.nullInputStream()), sink, sink, env, run);
        }
    }

    private static Map<String, String> env(Sandbox sandbox) {
        Map<String, String> env = new HashMap<>();
        env.put("CLOUDFLARE_BASE_URL", sandbox.baseUrl());
        env.put("CLOUDFLARE_API_TOKEN", sandbox.token());
        env.put("CLOUDFLARE_ZONE_ID", sandbox.zoneId());
        env.put("CLOUDFLARE_ACCOUNT_ID", sandbox.accountId());
        return env;
    }

    /** "export A=1 B=2" (a sandbox's first line of exports) as a map; only the Cloudflare and CA variables. */
    private static Map<String, String> exports(String line) {
        Map<String, String> env = new HashMap<>();
        for (String word : line.trim().split("\\s+")) {
            int eq = word.indexOf('=');
            if (eq > 0 && (word.startsWith("CLOUDFLARE_") || word.startsWith("SSL_CERT_"))) {
                env.put(word.substring(0, eq), word.substring(eq + 1));
            }
        }
        if (!env.containsKey("CLOUDFLARE_BASE_URL")) {
            throw new IllegalArgumentException("not a sandbox's export line: " + line);
        }
        return env;
    }
}
