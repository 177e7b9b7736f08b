package io.logpush.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;

import io.logpush.model.LogpushException;
import okhttp3.Authenticator;
import okhttp3.Credentials;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Which proxy a request takes, read as curl reads it: {@code --proxy} (every host, loopback included), else
 * {@code https_proxy}, {@code HTTPS_PROXY}, {@code all_proxy}, {@code ALL_PROXY} (the lower-case form wins),
 * except for the hosts {@code no_proxy}/{@code NO_PROXY} names and loopback (never proxied through the
 * environment, as in Go). {@code http_proxy} is not read: the tool speaks plain http only to loopback.
 *
 * <p>A proxy is {@code http://[user:password@]host[:port]} or {@code host:port} (port 1080 by default, as
 * curl); {@code socks*://} and {@code https://} proxies are refused, as usage errors.
 */
public final class Proxies {
    /** The proxy variables read, in precedence order after --proxy. */
    public static final List<String> PROXY_VARIABLES = List.of("https_proxy", "HTTPS_PROXY", "all_proxy",
            "ALL_PROXY");

    /** No proxy at all: every request goes direct. */
    public static final Proxies NONE = new Proxies(null, false, List.of(), null);

    private static final Pattern SCHEME = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*)://");
    private static final int DEFAULT_PORT = 1080;

    /** One proxy: where it is, where it was set, and its Basic credentials (null for none). */
    public record Endpoint(String host, int port, String user, String password, String source) {
        /** "http://127.0.0.1:3128" or "http://user:***@127.0.0.1:3128": never the password. */
        public String display() {
            String h = host.contains(":") ? "[" + host + "]" : host;
            return "http://" + (user != null ? user + ":***@" : "") + h + ":" + port;
        }

        Proxy proxy() {
            return new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(host, port));
        }

        @Override
        public String toString() {
            return display();
        }
    }

    /** What a request to one host does: its proxy (null: direct) and why, for {@code --verbose}. */
    public record Via(Endpoint proxy, String why) {
        public String describe() {
            return proxy == null ? "direct (" + why + ")" : "via proxy " + proxy.display() + " (" + why + ")";
        }
    }

    private final Endpoint endpoint;
    private final boolean everyHost;
    private final List<String> noProxy;
    private final String noProxySource;

    private Proxies(Endpoint endpoint, boolean everyHost, List<String> noProxy, String noProxySource) {
        this.endpoint = endpoint;
        this.everyHost = everyHost;
        this.noProxy = noProxy;
        this.noProxySource = noProxySource;
    }

    /**
     * The proxies of one run: {@code cliProxy} ({@code --proxy}, null when not given) or the environment.
     *
     * @throws LogpushException a usage error for a proxy URL that cannot be used, before any request
     */
    public static Proxies resolve(String cliProxy, Function<String, String> env) {
        if (cliProxy != null) {
            return new Proxies(parse(cliProxy, "--proxy"), true, List.of(), null);
        }
        for (String name : PROXY_VARIABLES) {
            String value = env.apply(name);
            if (value != null && !value.isBlank()) {
                String noName = env.apply("no_proxy") != null ? "no_proxy" : "NO_PROXY";
                String no = env.apply(noName);
                return new Proxies(parse(value, name), false, noProxyEntries(no), noName);
            }
        }
        return NONE;
    }

    /** The proxy configured, or null when every request goes direct. */
    public Endpoint endpoint() {
        return endpoint;
    }

    /** The route of a request to {@code host:port}. */
    public Via select(String host, int port) {
        if (endpoint == null) {
            return new Via(null, "no proxy set");
        }
        if (everyHost) {
            return new Via(endpoint, endpoint.source());
        }
        String h = bare(host);
        if (isLoopback(h)) {
            return new Via(null, "loopback is never proxied through " + endpoint.source());
        }
        for (String entry : noProxy) {
            if (matches(entry, h, port)) {
                return new Via(null, noProxySource + " matches " + entry);
            }
        }
        return new Via(endpoint, endpoint.source());
    }

    /** The proxy of a request, for OkHttp's proxy selector. */
    Proxy proxyFor(String host, int port) {
        Via r = select(host, port);
        return r.proxy() == null ? Proxy.NO_PROXY : r.proxy().proxy();
    }

    ProxySelector selector() {
        return new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                int port = uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
                return List.of(proxyFor(uri.getHost(), port));
            }

            @Override
            public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
                // the failure is reported by the call itself, naming the proxy
            }
        };
    }

    /**
     * Basic authentication to the proxy: sent with the first CONNECT (OkHttp's preemptive challenge) or in
     * answer to a 407; a 407 that the credentials did not satisfy, or a 407 without credentials, ends the call
     * with a {@link ProxyAuthenticationException}.
     */
    Authenticator authenticator() {
        Endpoint e = endpoint;
        return (route, response) -> authenticate(e, response);
    }

    private static Request authenticate(Endpoint e, Response response) throws IOException {
        boolean preemptive = "OkHttp-Preemptive".equalsIgnoreCase(response.header("Proxy-Authenticate"));
        if (e == null || e.user() == null) {
            if (preemptive) {
                return null;
            }
            throw new ProxyAuthenticationException(e, false);
        }
        if (!preemptive && response.request().header("Proxy-Authorization") != null) {
            throw new ProxyAuthenticationException(e, true);
        }
        return response.request().newBuilder()
                .header("Proxy-Authorization", Credentials.basic(e.user(), e.password(), StandardCharsets.UTF_8))
                .build();
    }

    /** The proxy asked for authentication (HTTP 407) that the tool could not give. */
    public static final class ProxyAuthenticationException extends IOException {
        private static final long serialVersionUID = 1L;
        private final transient Endpoint proxy;
        private final boolean rejected;

        ProxyAuthenticationException(Endpoint proxy, boolean rejected) {
            super("proxy authentication " + (rejected ? "refused" : "required") + " (HTTP 407)");
            this.proxy = proxy;
            this.rejected = rejected;
        }

        public Endpoint proxy() {
            return proxy;
        }

        /** True when credentials were sent and refused; false when the proxy asked and none were set. */
        public boolean rejected() {
            return rejected;
        }
    }

    /** Parses one proxy URL ({@code source} names where it was set, for messages). */
    static Endpoint parse(String value, String source) {
        String v = value.trim();
        var m = SCHEME.matcher(v);
        String scheme = m.find() ? m.group(1).toLowerCase(Locale.ROOT) : null;
        if (scheme != null && scheme.startsWith("socks")) {
            throw LogpushException.usage(source + ": SOCKS proxies (" + scheme + "://) are not supported",
                    "use an HTTP proxy that speaks CONNECT, written http://host:port");
        }
        if ("https".equals(scheme)) {
            throw LogpushException.usage(source + ": an https:// proxy (TLS to the proxy itself) is not supported",
                    "use the proxy's plain http:// address, written http://host:port; the API traffic inside the "
                            + "tunnel stays TLS end to end");
        }
        if (scheme != null && !scheme.equals("http")) {
            throw LogpushException.usage(source + ": unsupported proxy scheme '" + scheme + "://'",
                    "write the proxy as http://host:port (or host:port)");
        }
        URI uri;
        try {
            uri = new URI(scheme == null ? "http://" + v : v);
        } catch (URISyntaxException e) {
            throw bad(source, v);
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty() || (uri.getRawPath() != null && !uri.getRawPath().isEmpty()
                && !uri.getRawPath().equals("/")) || uri.getRawQuery() != null) {
            throw bad(source, v);
        }
        int port = uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort();
        if (port < 1 || port > 65535) {
            throw bad(source, v);
        }
        String user = null;
        String password = null;
        String info = uri.getRawUserInfo();
        if (info != null) {
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? "" : decode(info.substring(colon + 1));
        }
        return new Endpoint(bare(host), port, user, password, source);
    }

    private static LogpushException bad(String source, String value) {
        return LogpushException.usage(source + " is not a proxy URL: '" + maskPassword(value) + "'",
                "write it as http://host:port, host:port, or http://user:password@host:port");
    }

    /** {@code value} with the password of any {@code user:password@} replaced by ***. */
    static String maskPassword(String value) {
        return value.replaceAll("(^|//)([^/@:]*):[^/@]*@", "$1$2:***@");
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static List<String> noProxyEntries(String value) {
        List<String> entries = new ArrayList<>();
        if (value == null) {
            return entries;
        }
        for (String raw : value.split("[,\\s]+")) {
            String e = raw.trim().toLowerCase(Locale.ROOT);
            if (!e.isEmpty()) {
                entries.add(e);
            }
        }
        return entries;
    }

    /**
     * Whether one NO_PROXY entry covers {@code host} (lower case, no brackets) on {@code port}: {@code *} every
     * host; a name itself and its subdomains ({@code example.com}, {@code .example.com}, {@code *.example.com});
     * an IP address or a CIDR block ({@code 10.0.0.0/8}) for IP literals; any of them with {@code :port}.
     */
    static boolean matches(String entry, String host, int port) {
        String e = entry;
        if (e.equals("*")) {
            return true;
        }
        int entryPort = -1;
        if (e.startsWith("[")) {
            int close = e.indexOf(']');
            if (close > 0) {
                String rest = e.substring(close + 1);
                if (rest.startsWith(":")) {
                    entryPort = parsePort(rest.substring(1));
                }
                e = e.substring(1, close);
            }
        } else if (e.indexOf(':') > 0 && e.indexOf(':') == e.lastIndexOf(':')) {
            entryPort = parsePort(e.substring(e.indexOf(':') + 1));
            e = e.substring(0, e.indexOf(':'));
        }
        if (entryPort == -2 || (entryPort != -1 && entryPort != port)) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (e.contains("/")) {
            return inCidr(e, h);
        }
        if (e.startsWith("*.")) {
            e = e.substring(1);
        }
        if (e.startsWith(".")) {
            e = e.substring(1);
        }
        if (e.isEmpty()) {
            return false;
        }
        return h.equals(e) || (!isIpLiteral(h) && h.endsWith("." + e));
    }

    private static int parsePort(String s) {
        try {
            int p = Integer.parseInt(s);
            return p >= 0 && p <= 65535 ? p : -2;
        } catch (NumberFormatException ex) {
            return -2;
        }
    }

    private static boolean inCidr(String cidr, String host) {
        if (!isIpLiteral(host)) {
            return false;
        }
        int slash = cidr.indexOf('/');
        byte[] net = literal(cidr.substring(0, slash));
        byte[] addr = literal(host);
        int bits = parsePort(cidr.substring(slash + 1));
        if (net == null || addr == null || net.length != addr.length || bits < 0 || bits > net.length * 8) {
            return false;
        }
        for (int i = 0; i < bits; i++) {
            int mask = 0x80 >> (i % 8);
            if ((net[i / 8] & mask) != (addr[i / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    /** The bytes of an IP literal, without any DNS lookup; null when {@code s} is not one. */
    private static byte[] literal(String s) {
        if (!isIpLiteral(s)) {
            return null;
        }
        try {
            return InetAddress.getByName(s).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static boolean isIpLiteral(String h) {
        return h.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}") || (h.contains(":") && h.matches("[0-9a-f:.]+"));
    }

    private static String bare(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    /** localhost (and names under it), 127.0.0.0/8 and ::1, recognised without any DNS lookup. */
    static boolean isLoopback(String host) {
        String h = bare(host);
        if (h.equals("localhost") || h.endsWith(".localhost")) {
            return true;
        }
        byte[] a = literal(h);
        if (a == null) {
            return false;
        }
        if (a.length == 4) {
            return a[0] == 127;
        }
        for (int i = 0; i < 15; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[15] == 1;
    }
}
