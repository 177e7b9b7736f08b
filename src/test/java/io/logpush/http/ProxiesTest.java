package io.logpush.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import io.logpush.model.LogpushException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The proxy-selection rule on its own: which variable wins, and which hosts NO_PROXY and loopback keep direct. */
class ProxiesTest {
    private static Proxies env(String... pairs) {
        return resolve(null, pairs);
    }

    private static Proxies resolve(String cli, String... pairs) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return Proxies.resolve(cli, m::get);
    }

    private static String via(Proxies p, String host) {
        Proxies.Endpoint e = p.select(host, 443).proxy();
        return e == null ? "direct" : e.source() + " " + e.host() + ":" + e.port();
    }

    @Test
    void precedenceIsProxyOptionThenHttpsProxyThenAllProxyLowerCaseFirst() {
        String[] all = {"https_proxy", "a:1", "HTTPS_PROXY", "b:2", "all_proxy", "c:3", "ALL_PROXY", "d:4"};
        assertThat(via(resolve("http://z:9", all), "api.cloudflare.com")).isEqualTo("--proxy z:9");
        assertThat(via(env(all), "api.cloudflare.com")).isEqualTo("https_proxy a:1");
        assertThat(via(env("HTTPS_PROXY", "b:2", "all_proxy", "c:3", "ALL_PROXY", "d:4"), "x.com"))
                .isEqualTo("HTTPS_PROXY b:2");
        assertThat(via(env("all_proxy", "c:3", "ALL_PROXY", "d:4"), "x.com")).isEqualTo("all_proxy c:3");
        assertThat(via(env("ALL_PROXY", "d:4"), "x.com")).isEqualTo("ALL_PROXY d:4");
        assertThat(via(env(), "x.com")).isEqualTo("direct");
        assertThat(via(env("http_proxy", "e:5", "HTTP_PROXY", "e:5"), "x.com")).isEqualTo("direct");
    }

    @Test
    void loopbackIsNeverProxiedThroughTheEnvironmentButIsThroughTheOption() {
        Proxies fromEnv = env("HTTPS_PROXY", "proxy:3128");
        for (String h : new String[]{"localhost", "127.0.0.1", "127.5.6.7", "::1", "[::1]", "api.localhost"}) {
            assertThat(via(fromEnv, h)).as(h).isEqualTo("direct");
            assertThat(via(resolve("proxy:3128"), h)).as(h).isEqualTo("--proxy proxy:3128");
        }
        assertThat(via(fromEnv, "128.0.0.1")).isEqualTo("HTTPS_PROXY proxy:3128");
    }

    @ParameterizedTest(name = "NO_PROXY={0} host={1}:{2} -> {3}")
    @CsvSource(delimiter = '|', value = {
        "example.com | example.com | 443 | direct",
        "example.com | api.example.com | 443 | direct",
        "example.com | notexample.com | 443 | proxy",
        ".example.com | example.com | 443 | direct",
        ".example.com | a.b.example.com | 443 | direct",
        "*.example.com | a.example.com | 443 | direct",
        "*  | api.cloudflare.com | 443 | direct",
        "other.org, example.com | api.example.com | 443 | direct",
        "other.org example.com | api.example.com | 443 | direct",
        "EXAMPLE.COM | Api.Example.com | 443 | direct",
        "example.com:443 | api.example.com | 443 | direct",
        "example.com:8443 | api.example.com | 443 | proxy",
        "10.1.2.3 | 10.1.2.3 | 443 | direct",
        "10.1.2.3 | 10.1.2.4 | 443 | proxy",
        "10.0.0.0/8 | 10.200.3.4 | 443 | direct",
        "10.0.0.0/8 | 11.0.0.1 | 443 | proxy",
        "10.0.0.0/8 | ten.example | 443 | proxy",
        "2001:db8::1 | 2001:db8::1 | 443 | direct",
        "[2001:db8::1]:443 | [2001:db8::1] | 443 | direct",
        "2.3.4 | 1.2.3.4 | 443 | proxy",
    })
    void noProxyMatchesNamesSuffixesIpsBlocksAndPorts(String noProxy, String host, int port, String expected) {
        Proxies p = env("HTTPS_PROXY", "proxy:3128", "NO_PROXY", noProxy);
        assertThat(p.select(host, port).proxy() == null ? "direct" : "proxy").isEqualTo(expected);
    }

    @Test
    void lowerCaseNoProxyWins() {
        Proxies p = env("HTTPS_PROXY", "proxy:3128", "no_proxy", "a.com", "NO_PROXY", "b.com");
        assertThat(via(p, "a.com")).isEqualTo("direct");
        assertThat(via(p, "b.com")).isEqualTo("HTTPS_PROXY proxy:3128");
        assertThat(p.select("a.com", 443).describe()).isEqualTo("direct (no_proxy matches a.com)");
    }

    @Test
    void noProxyDoesNotApplyToTheOption() {
        assertThat(via(resolve("proxy:1", "NO_PROXY", "*"), "x.com")).isEqualTo("--proxy proxy:1");
    }

    @Test
    void proxyUrlsAsCurlWritesThem() {
        Proxies.Endpoint e = Proxies.parse("http://us%40er:p%3Ass@Proxy.Corp:8080/", "HTTPS_PROXY");
        assertThat(e.host()).isEqualTo("proxy.corp");
        assertThat(e.port()).isEqualTo(8080);
        assertThat(e.user()).isEqualTo("us@er");
        assertThat(e.password()).isEqualTo("p:ss");
        assertThat(e.display()).isEqualTo("http://us@er:***@proxy.corp:8080");
        assertThat(Proxies.parse("proxy.corp", "x").port()).isEqualTo(1080);
        assertThat(Proxies.parse("[::1]:3128", "x").host()).isEqualTo("::1");
        assertThat(Proxies.parse("HTTP://p:1", "x").host()).isEqualTo("p");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "socks5://p:1080 | SOCKS proxies (socks5://) are not supported",
        "socks5h://p:1080 | SOCKS proxies (socks5h://) are not supported",
        "https://p:443 | an https:// proxy (TLS to the proxy itself) is not supported",
        "ftp://p:21 | unsupported proxy scheme 'ftp://'",
        "http://p:99999 | is not a proxy URL",
        "http://p:1/path | is not a proxy URL",
        "http:// | is not a proxy URL",
        "http://u:s3cr3tpw@p:notaport | is not a proxy URL: 'http://u:***@p:notaport'",
    })
    void unusableProxiesAreUsageErrors(String url, String message) {
        assertThatThrownBy(() -> env("HTTPS_PROXY", url))
                .isInstanceOf(LogpushException.class)
                .hasMessageStartingWith("HTTPS_PROXY")
                .hasMessageContaining(message)
                .hasMessageNotContaining("s3cr3tpw")
                .extracting(e -> ((LogpushException) e).kind()).isEqualTo(LogpushException.Kind.USAGE);
    }
}
