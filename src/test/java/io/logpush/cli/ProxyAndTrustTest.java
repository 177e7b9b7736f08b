package io.logpush.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import io.logpush.testing.CliResult;
import io.logpush.testing.ConnectProxy;
import io.logpush.testing.TestTls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proxies and trust through the entry point: the API (MockWebServer over TLS with a test CA) is reached as
 * api.cloudflare.test, a name only {@link ConnectProxy} resolves, so a success proves the request went through
 * the proxy; the variables' precedence, NO_PROXY, proxy authentication, and the errors of each.
 */
class ProxyAndTrustTest extends ApiTest {
    static final String PROXY_PASSWORD = "pr0xyS3cretPass";

    final TestTls tls = new TestTls();
    ConnectProxy proxy;

    @TempDir
    Path dir;

    @AfterEach
    void stopProxy() throws IOException {
        if (proxy != null) {
            proxy.close();
        }
    }

    /** The API over TLS as https://api.cloudflare.test:PORT, through a proxy; the CA not trusted yet. */
    void behindProxy(ConnectProxy p) {
        server.useHttps(tls.serverSocketFactory());
        proxy = p;
        env.put("CLOUDFLARE_BASE_URL", "https://" + ConnectProxy.API_HOST + ":" + server.getPort() + "/client/v4");
    }

    String connect() {
        return "CONNECT " + ConnectProxy.API_HOST + ":" + server.getPort();
    }

    static String deadAddress() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "127.0.0.1:" + s.getLocalPort();
        }
    }

    CliResult fields(String... extra) {
        String[] args = new String[5 + extra.length];
        System.arraycopy(new String[]{"fields", "--zone", ZONE_ID, "-o", "names"}, 0, args, 0, 5);
        System.arraycopy(extra, 0, args, 5, extra.length);
        return run(args);
    }

    @Test
    void httpsProxyAndSslCertFileReachTheApiThroughTheTunnel() throws IOException {
        behindProxy(ConnectProxy.start());
        stub("GET", FIELDS).reply(200, fixture("firewall_events_fields.json"));
        env.put("HTTPS_PROXY", proxy.address());
        env.put("SSL_CERT_FILE", tls.writeCa(dir.resolve("ca.pem")).toString());

        CliResult r = fields("-v").assertExit(0);

        assertThat(r.out()).isEqualTo(fixture("firewall_events_names.txt"));
        assertThat(proxy.requests()).containsExactly(connect());
        assertThat(r.err()).contains("* GET " + ConnectProxy.API_HOST + ":" + server.getPort()
                + " via proxy http://" + proxy.address() + " (HTTPS_PROXY)");
        assertThat(take().getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
    }

    @Test
    void lowerCaseHttpsProxyWinsOverUpperCaseAndCaCertOptionIsTrusted() throws IOException {
        behindProxy(ConnectProxy.start());
        stub("GET", FIELDS).reply(200, fixture("firewall_events_fields.json"));
        env.put("https_proxy", proxy.address());
        env.put("HTTPS_PROXY", deadAddress());
        env.put("ALL_PROXY", deadAddress());

        fields("--ca-cert", tls.writeCa(dir.resolve("ca.pem")).toString()).assertExit(0);

        assertThat(proxy.requests()).containsExactly(connect());
    }

    @Test
    void allProxyServesWhenNoHttpsProxyIsSetAndSslCertDirIsTrusted() throws IOException {
        behindProxy(ConnectProxy.start());
        stub("GET", FIELDS).reply(200, fixture("firewall_events_fields.json"));
        env.put("all_proxy", "http://" + proxy.address());
        env.put("ALL_PROXY", deadAddress());
        Files.createDirectories(dir.resolve("certs"));
        tls.writeCa(dir.resolve("certs/test-ca.pem"));
        Files.writeString(dir.resolve("certs/README"), "not a certificate\n");
        env.put("SSL_CERT_DIR", dir.resolve("certs").toString());

        fields().assertExit(0);

        assertThat(proxy.requests()).containsExactly(connect());
    }

    @Test
    void proxyOptionWinsOverTheEnvironment() throws IOException {
        behindProxy(ConnectProxy.start());
        stub("GET", FIELDS).reply(200, fixture("firewall_events_fields.json"));
        env.put("https_proxy", deadAddress());
        env.put("HTTPS_PROXY", deadAddress());
        env.put("SSL_CERT_FILE", tls.writeCa(dir.resolve("ca.pem")).toString());

        CliResult r = fields("--proxy", "http://" + proxy.address(), "-v").assertExit(0);

        assertThat(proxy.requests()).containsExactly(connect());
        assertThat(r.err()).contains("via proxy http://" + proxy.address() + " (--proxy)");
    }

    @Test
    void loopbackGoesDirectDespiteTheEnvironmentButThroughTheProxyOption() throws IOException {
        proxy = ConnectProxy.start();
        stub("GET", FIELDS).reply(200, fixture("firewall_events_fields.json"));
        env.put("HTTPS_PROXY", deadAddress());
        env.put("ALL_PROXY", deadAddress());

        CliResult direct = fields("-v").assertExit(0);
        assertThat(direct.err()).contains("direct (loopback is never proxied through HTTPS_PROXY)");

        fields("--proxy", proxy.address()).assertExit(0);
        assertThat(proxy.requests()).containsExactly("GET " + apiUrl() + FIELDS);
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void noProxyHostGoesDirectAndSoFailsToResolveTheMadeUpName() throws IOException {
        behindProxy(ConnectProxy.start());
        env.put("HTTPS_PROXY", proxy.address());
        env.put("NO_PROXY", "example.org,.cloudflare.test");

        CliResult r = fields("-v").assertExit(5);

        assertThat(proxy.requests()).isEmpty();
        assertThat(r.err()).contains("direct (NO_PROXY matches .cloudflare.test)")
                .contains("unknown host talking to " + ConnectProxy.API_HOST)
                .doesNotContain("talking to proxy");
    }

    @Test
    void untrustedCertificateIsExit5NamingHostIssuerAndTheWaysOut() throws IOException {
        behindProxy(ConnectProxy.start());
        env.put("HTTPS_PROXY", proxy.address());

        CliResult r = fields().assertExit(5);

        assertThat(r.err()).contains("failed: the certificate of " + ConnectProxy.API_HOST + ":"
                        + server.getPort() + " is not trusted: its issuer '" + tls.caName()
                        + "' is none of the trusted CAs")
                .contains("SSL_CERT_FILE=ca.pem").contains("--ca-cert ca.pem");
        assertThat(proxy.requests()).as("a certificate error is not retried").containsExactly(connect());
    }

    @Test
    void proxyAuthenticationIsSentAndNeverPrinted() throws IOException {
        behindProxy(ConnectProxy.withAuth("alice", PROXY_PASSWORD));
        stub("GET", FIELDS).reply(200, fixture("firewall_events_fields.json"));
        env.put("HTTPS_PROXY", "http://alice:" + PROXY_PASSWORD + "@" + proxy.address());
        env.put("SSL_CERT_FILE", tls.writeCa(dir.resolve("ca.pem")).toString());

        CliResult r = fields("-v").assertExit(0);

        assertThat(proxy.authorizations()).containsExactly(okhttp3.Credentials.basic("alice", PROXY_PASSWORD));
        assertThat(r.err()).contains("via proxy http://…@" + proxy.address() + " (HTTPS_PROXY)")
                .doesNotContain(PROXY_PASSWORD);
    }

    @Test
    void proxy407IsExit4NamingTheProxyWithoutThePassword() throws IOException {
        behindProxy(ConnectProxy.withAuth("alice", PROXY_PASSWORD));
        env.put("HTTPS_PROXY", "http://alice:wrongPassw0rd@" + proxy.address());

        CliResult wrong = fields("-v").assertExit(4);

        assertThat(wrong.err()).contains("failed: proxy http://…@" + proxy.address()
                + " (HTTPS_PROXY) refused the user and password (HTTP 407)").doesNotContain("wrongPassw0rd");

        env.put("HTTPS_PROXY", proxy.address());
        CliResult none = fields().assertExit(4);
        assertThat(none.err()).contains("failed: proxy http://" + proxy.address()
                + " (HTTPS_PROXY) asks for a user and password (HTTP 407)");
    }

    @Test
    void unreachableProxyIsExit5NamingTheProxyNotTheApi() throws IOException {
        behindProxy(ConnectProxy.start());
        String dead = deadAddress();
        env.put("HTTPS_PROXY", dead);

        CliResult r = fields().assertExit(5);

        assertThat(r.err()).contains("failed: connection refused talking to proxy http://" + dead
                + " (HTTPS_PROXY) for " + ConnectProxy.API_HOST).contains("check the proxy address in HTTPS_PROXY");
    }

    @Test
    void badProxyUrlsAreUsageErrorsBeforeAnyRequest() {
        CliResult socks = fields("--proxy", "socks5://127.0.0.1:1080").assertExit(2);
        assertThat(socks.err()).contains("--proxy: SOCKS proxies (socks5://) are not supported");
        env.put("HTTPS_PROXY", "https://proxy.corp:443");
        assertThat(fields().assertExit(2).err()).contains("HTTPS_PROXY: an https:// proxy");
        env.put("HTTPS_PROXY", "http://u:hunter2pw@proxy.corp:port");
        assertThat(fields().assertExit(2).err()).contains("HTTPS_PROXY is not a proxy URL")
                .doesNotContain("hunter2pw");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void caFilesThatAreMissingOrNotPemAreUsageErrorsBeforeAnyRequest() throws IOException {
        Path der = Files.write(dir.resolve("ca.der"), new byte[]{0x30, (byte) 0x82, 0x01, 0x0a});
        assertThat(fields("--ca-cert", der.toString()).assertExit(2).err())
                .contains("--ca-cert " + der + " holds no PEM certificate");
        assertThat(fields("--ca-cert", dir.resolve("nope.pem").toString()).assertExit(2).err())
                .contains("--ca-cert " + dir.resolve("nope.pem") + ": no such file");
        env.put("SSL_CERT_FILE", der.toString());
        assertThat(fields().assertExit(2).err()).contains("SSL_CERT_FILE " + der + " holds no PEM certificate");
        env.remove("SSL_CERT_FILE");
        env.put("SSL_CERT_DIR", dir.resolve("missing").toString());
        assertThat(fields().assertExit(2).err()).contains("SSL_CERT_DIR " + dir.resolve("missing") + ": no such folder");
        assertThat(server.getRequestCount()).isZero();
    }
}
