package io.logpush.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.logpush.testing.CliResult;
import io.logpush.testing.ConnectProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The built jar over HTTPS end to end: {@code logpush sandbox --tls} (from the jar) behind a forward CONNECT
 * proxy that alone resolves api.cloudflare.test, with and without its CA, with proxy authentication, with
 * NO_PROXY.
 */
class TlsProxyEndToEndIT {
    static final Path JAR = Path.of("target", "logpush.jar");
    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    static Process sandbox;
    static final Map<String, String> EXPORTED = new HashMap<>();
    static String port;

    @BeforeAll
    static void startSandbox() throws IOException {
        sandbox = new ProcessBuilder(JAVA, "-jar", JAR.toString(), "sandbox", "--tls", "--port", "0", "-q")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(sandbox.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while (!EXPORTED.containsKey("SEKOIA_API_KEY") && (line = out.readLine()) != null) {
            if (line.startsWith("export ")) {
                for (String assignment : line.substring("export ".length()).split(" ")) {
                    int eq = assignment.indexOf('=');
                    EXPORTED.put(assignment.substring(0, eq), assignment.substring(eq + 1));
                }
            }
        }
        assertThat(EXPORTED.get("CLOUDFLARE_BASE_URL")).startsWith("https://127.0.0.1:");
        assertThat(EXPORTED.get("SSL_CERT_FILE")).endsWith(".pem");
        assertThat(Path.of(EXPORTED.get("SSL_CERT_FILE"))).content().startsWith("-----BEGIN CERTIFICATE-----");
        port = EXPORTED.get("CLOUDFLARE_BASE_URL").replaceAll("https://127\\.0\\.0\\.1:(\\d+)/.*", "$1");
    }

    @AfterAll
    static void stopSandbox() throws Exception {
        String ca = EXPORTED.get("SSL_CERT_FILE");
        sandbox.toHandle().destroy();
        assertThat(sandbox.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(Path.of(ca)).as("the CA file goes with the sandbox").doesNotExist();
    }

    private static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** The jar with the sandbox's exports, its API as api.cloudflare.test, {@code env} on top (null removes). */
    static CliResult logpush(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(JAVA, "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("CLOUDFLARE_") || k.startsWith("SEKOIA_")
                || k.startsWith("SSL_CERT_") || k.toLowerCase().endsWith("_proxy"));
        pb.environment().putAll(EXPORTED);
        pb.environment().put("CLOUDFLARE_BASE_URL", "https://" + ConnectProxy.API_HOST + ":" + port + "/client/v4");
        pb.environment().put("LOGPUSH_RETRY_BASE_MS", "0");
        env.forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        String out = read(p.getInputStream());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        CliResult r = new CliResult(p.exitValue(), out, err.get());
        assertThat(r.out() + r.err()).doesNotContain(EXPORTED.get("CLOUDFLARE_API_TOKEN"));
        return r;
    }

    static Map<String, String> env(String... pairs) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    String connect() {
        return "CONNECT " + ConnectProxy.API_HOST + ":" + port;
    }

    @Test
    void throughTheProxyWithTheSandboxCa() throws Exception {
        try (ConnectProxy proxy = ConnectProxy.start()) {
            CliResult r = logpush(env("HTTPS_PROXY", proxy.address()), "fields", "-o", "names", "-v").assertExit(0);
            assertThat(r.out().trim().split(",")).hasSize(30);
            assertThat(proxy.requests()).containsExactly(connect());
            assertThat(r.err()).contains("via proxy http://" + proxy.address() + " (HTTPS_PROXY)");
        }
    }

    @Test
    void withoutTheCaTheCertificateIsRefusedWithTheWaysOut() throws Exception {
        try (ConnectProxy proxy = ConnectProxy.start()) {
            CliResult r = logpush(env("HTTPS_PROXY", proxy.address(), "SSL_CERT_FILE", null), "fields", "-o", "names")
                    .assertExit(5);
            assertThat(r.err()).contains("is not trusted: its issuer 'CN=logpush sandbox CA'")
                    .contains("SSL_CERT_FILE").contains("--ca-cert");
            CliResult ok = logpush(env("https_proxy", proxy.address(), "SSL_CERT_FILE", null), "fields", "-o", "names",
                    "--ca-cert", EXPORTED.get("SSL_CERT_FILE")).assertExit(0);
            assertThat(ok.out().trim().split(",")).hasSize(30);
        }
    }

    @Test
    void proxyAuthentication() throws Exception {
        try (ConnectProxy proxy = ConnectProxy.withAuth("ci", "pr0xy-pass")) {
            logpush(env("HTTPS_PROXY", "http://ci:pr0xy-pass@" + proxy.address()), "fields", "-o", "names")
                    .assertExit(0);
            CliResult wrong = logpush(env("HTTPS_PROXY", "http://ci:bad-pass@" + proxy.address()), "fields", "-o",
                    "names").assertExit(4);
            assertThat(wrong.err()).contains("refused the user and password (HTTP 407)").doesNotContain("bad-pass");
        }
    }

    @Test
    void noProxyAndLoopbackGoDirect() throws Exception {
        try (ConnectProxy proxy = ConnectProxy.start()) {
            CliResult r = logpush(env("HTTPS_PROXY", proxy.address(), "NO_PROXY", "cloudflare.test"), "fields",
                    "-o", "names").assertExit(5);
            assertThat(r.err()).contains("unknown host talking to " + ConnectProxy.API_HOST);
            logpush(env("HTTPS_PROXY", proxy.address(), "CLOUDFLARE_BASE_URL", EXPORTED.get("CLOUDFLARE_BASE_URL")),
                    "fields", "-o", "names").assertExit(0);
            assertThat(proxy.requests()).isEmpty();
        }
    }
}
