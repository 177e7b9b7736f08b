package io.logpush.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
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
}
