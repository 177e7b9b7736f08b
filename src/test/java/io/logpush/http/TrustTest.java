package io.logpush.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.logpush.model.LogpushException;
import io.logpush.testing.TestTls;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.HttpUrl;
import okhttp3.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The system store (a CA an administrator installed) is trusted in addition to the runtime's CAs. */
class TrustTest {
    @StartStop
    final MockWebServer server = new MockWebServer();

    final TestTls tls = new TestTls();

    @TempDir
    Path dir;

    HttpTransport.Answer get(Trust trust) {
        server.useHttps(tls.serverSocketFactory());
        server.enqueue(new MockResponse.Builder().body("{}").build());
        HttpTransport t = new HttpTransport(HttpTransport.Config.of(new HttpTransport.Api("Test", "--api-url", "cf-ray", "budget"), "test")
                .timeout(Duration.ofSeconds(5)).retry(new RetryPolicy(1, Duration.ZERO))
                .limiter(new RateLimiter(100, Duration.ofSeconds(1))).maxWait(Duration.ofSeconds(5)), HttpTransport.Listener.SILENT,
                new HttpTransport.Network(Proxies.NONE, trust));
        try (t) {
            HttpUrl url = server.url("/").newBuilder().host("localhost").build();
            return t.execute("reading", new Request.Builder().url(url).build());
        }
    }

    @Test
    void theSystemStoreIsTrustedToo() throws IOException {
        Path store = tls.writeCa(dir.resolve("ca-certificates.crt"));
        assertThat(get(Trust.resolve(List.of(), List.of(), store)).status()).isEqualTo(200);
    }

    @Test
    void withoutItTheTestCaIsNotTrusted() {
        assertThatThrownBy(() -> get(Trust.resolve(List.of(), List.of(), dir.resolve("absent.crt"))))
                .isInstanceOf(LogpushException.class)
                .hasMessageContaining("is not trusted: its issuer '" + tls.caName() + "'");
    }

    @Test
    void namedFilesAreDecodedOnlyWhenTheRuntimeRefusesAChain() throws IOException {
        // A PEM block that does not decode: resolving checks the marker only (no request has needed it yet).
        Path bad = Files.writeString(dir.resolve("bad.pem"),
                "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        Trust trust = Trust.resolve(List.of(new Trust.Named(bad, "--ca-cert")), List.of(), null);

        assertThatThrownBy(() -> get(trust)).isInstanceOf(LogpushException.class)
                .hasMessageContaining("--ca-cert " + bad + ": a certificate in it cannot be read")
                .satisfies(e -> assertThat(((LogpushException) e).kind()).isEqualTo(LogpushException.Kind.USAGE));
    }

    @Test
    void aFolderIsListedOnlyWhenTheRuntimeRefusesAChain() throws IOException {
        Path certs = Files.createDirectories(dir.resolve("certs"));
        Files.writeString(certs.resolve("README"), "not a certificate\n");
        Path bad = Files.writeString(certs.resolve("bad.pem"),
                "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        Trust trust = Trust.resolve(List.of(), List.of(new Trust.Named(certs, "SSL_CERT_DIR")), null);

        assertThatThrownBy(() -> get(trust)).isInstanceOf(LogpushException.class)
                .hasMessageContaining("SSL_CERT_DIR " + bad + ": a certificate in it cannot be read");
    }

    @Test
    void aNamedCaThatTrustsTheServerSparesReadingTheRuntimesCas() throws IOException {
        Trust trust = Trust.resolve(List.of(new Trust.Named(tls.writeCa(dir.resolve("ca.pem")), "--ca-cert")),
                List.of(), null);

        assertThat(get(trust).status()).isEqualTo(200);
        assertThat(trust.trustManager().getAcceptedIssuers()).hasSize(1); // not the ~150 of cacerts
    }
}
