package io.logpush.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.HashMap;
import java.util.Map;

import io.logpush.sandbox.Sandbox;

/**
 * The training run for the class-data-sharing archive the launcher uses: one JVM that runs the common
 * commands against an in-process sandbox, so that the archive holds the classes they load (picocli,
 * OkHttp, Jackson, logpush). Run by the launcher with -XX:ArchiveClassesAtExit; prints nothing.
 */
public final class CdsTraining {
    private CdsTraining() {
    }

    public static void main(String[] args) throws Exception {
        try (Sandbox sandbox = Sandbox.start(Sandbox.Config.defaults().zones(2).rateLimit(100_000, 60))) {
            Map<String, String> env = new HashMap<>();
            env.put("CLOUDFLARE_BASE_URL", sandbox.baseUrl());
            env.put("CLOUDFLARE_API_TOKEN", sandbox.token());
            env.put("CLOUDFLARE_ZONE_ID", sandbox.zoneId());
            env.put("CLOUDFLARE_ACCOUNT_ID", sandbox.accountId());
            String key = "AbCdEfGhIjKlMnOpQrStUvWxYz012345";
            String[][] runs = {
                {"--version"}, {"--help"}, {"fields", "--help"}, {"completion", "bash"}, {"completion", "zsh"},
                {"completion", "fish"}, {"datasets"}, {"datasets", "-o", "json"},
                {"fields", "-o", "names"}, {"fields"}, {"fields", "-o", "json"},
                {"create", "--intake-key", key, "--dry-run"}, {"create", "--intake-key", key},
                {"create", "--intake-key", key}, {"list"}, {"list", "-o", "json"}, {"list", "--zone", "zone1.example.com"},
                {"get", "1"}, {"get", "1", "-o", "json"}, {"update", "1", "--timestamps", "unix"},
                {"disable", "1"}, {"enable", "1"}, {"delete", "1", "--yes"}, {"get", "1"}, {"lst"},
            };
            for (String[] run : runs) {
                PrintWriter sink = new PrintWriter(Writer.nullWriter());
                Main.run(Main.Terminal.none(InputStream.nullInputStream()), sink, sink, env, run);
            }
        }
        // The same over https (sandbox --tls, its CA in SSL_CERT_FILE): the TLS classes, set up only for https.
        SandboxTls tls = SandboxTls.make();
        try (Sandbox sandbox = Sandbox.start(Sandbox.Config.defaults().zones(1).rateLimit(100_000, 60)
                .tls(tls.context()))) {
            Map<String, String> env = new HashMap<>();
            env.put("CLOUDFLARE_BASE_URL", sandbox.baseUrl());
            env.put("CLOUDFLARE_API_TOKEN", sandbox.token());
            env.put("CLOUDFLARE_ZONE_ID", sandbox.zoneId());
            env.put("SSL_CERT_FILE", tls.caFile().toString());
            for (String[] run : new String[][]{{"fields", "-o", "names"}, {"list"}}) {
                PrintWriter sink = new PrintWriter(Writer.nullWriter());
                Main.run(Main.Terminal.none(InputStream.nullInputStream()), sink, sink, env, run);
            }
        } finally {
            tls.delete();
        }
    }
}
