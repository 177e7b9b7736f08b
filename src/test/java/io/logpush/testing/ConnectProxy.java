package io.logpush.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A small forward proxy on loopback, as a company's would be: {@code CONNECT host:port} tunnels (for https) and
 * absolute-URI requests (for plain http), with optional Basic authentication (407 otherwise). It resolves the
 * names of {@code hosts} itself (api.cloudflare.test to 127.0.0.1), names nobody else can resolve, so a request
 * that reached such a host proves it went through the proxy. Every request line it received is in
 * {@link #requests()}.
 */
public final class ConnectProxy implements AutoCloseable {
    /** The made-up host name of the API behind the proxy. */
    public static final String API_HOST = "api.cloudflare.test";

    private final ServerSocket server;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "connect-proxy");
        t.setDaemon(true);
        return t;
    });
    private final String credentials;
    private final Map<String, String> hosts;
    private final List<String> requests = new ArrayList<>();
    private final List<String> authorizations = new ArrayList<>();

    private ConnectProxy(String user, String password, Map<String, String> hosts) throws IOException {
        this.credentials = user == null ? null
                : Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.hosts = hosts;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        pool.execute(this::acceptLoop);
    }

    /** A proxy without authentication that resolves {@link #API_HOST} to 127.0.0.1. */
    public static ConnectProxy start() throws IOException {
        return new ConnectProxy(null, null, Map.of(API_HOST, "127.0.0.1"));
    }

    /** A proxy that wants {@code user:password} (Basic). */
    public static ConnectProxy withAuth(String user, String password) throws IOException {
        return new ConnectProxy(user, password, Map.of(API_HOST, "127.0.0.1"));
    }

    /** "127.0.0.1:PORT". */
    public String address() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The request lines received, such as "CONNECT api.cloudflare.test:443". */
    public synchronized List<String> requests() {
        return List.copyOf(requests);
    }

    /** The Proxy-Authorization headers received (null for none), one per request. */
    public synchronized List<String> authorizations() {
        return new ArrayList<>(authorizations);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                pool.execute(() -> serve(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            while (true) {
                List<String> head = readHead(in);
                if (head.isEmpty()) {
                    return;
                }
                String[] line = head.get(0).split(" ");
                String auth = header(head, "Proxy-Authorization");
                synchronized (this) {
                    requests.add(line[0] + " " + line[1]);
                    authorizations.add(auth);
                }
                if (credentials != null && !("Basic " + credentials).equals(auth)) {
                    write(out, "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\""
                            + "\r\nContent-Length: 0\r\n\r\n");
                    continue;
                }
                if (line[0].equals("CONNECT")) {
                    tunnel(client, in, out, line[1]);
                } else {
                    forward(in, out, line, head);
                }
                return;
            }
        } catch (IOException e) {
            // the client or the target went away
        }
    }

    private Socket open(String host, int port) throws IOException {
        String h = host.toLowerCase(Locale.ROOT);
        String address = hosts.get(h);
        if (address == null && (h.equals("localhost") || h.matches("[0-9.]+") || h.startsWith("["))) {
            address = h.replace("[", "").replace("]", "");
        }
        if (address == null) {
            throw new IOException("unknown host " + host);
        }
        Socket s = new Socket();
        s.connect(new InetSocketAddress(InetAddress.getByName(address), port), 5000);
        return s;
    }

    private void tunnel(Socket client, InputStream in, OutputStream out, String target) throws IOException {
        int colon = target.lastIndexOf(':');
        Socket upstream;
        try {
            upstream = open(target.substring(0, colon), Integer.parseInt(target.substring(colon + 1)));
        } catch (IOException e) {
            write(out, "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n");
            return;
        }
        try (upstream) {
            write(out, "HTTP/1.1 200 Connection established\r\n\r\n");
            pipeBothWays(in, out, upstream);
        }
    }

    private void forward(InputStream in, OutputStream out, String[] line, List<String> head) throws IOException {
        URI uri = URI.create(line[1]);
        Socket upstream;
        try {
            upstream = open(uri.getHost(), uri.getPort() == -1 ? 80 : uri.getPort());
        } catch (IOException e) {
            write(out, "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            return;
        }
        try (upstream) {
            StringBuilder sb = new StringBuilder(line[0] + " " + uri.getRawPath()
                    + (uri.getRawQuery() != null ? "?" + uri.getRawQuery() : "") + " HTTP/1.1\r\n");
            for (String h : head.subList(1, head.size())) {
                String name = h.substring(0, h.indexOf(':')).trim().toLowerCase(Locale.ROOT);
                if (!name.startsWith("proxy-") && !name.equals("connection")) {
                    sb.append(h).append("\r\n");
                }
            }
            sb.append("Connection: close\r\n\r\n");
            write(upstream.getOutputStream(), sb.toString());
            pipeBothWays(in, out, upstream);
        }
    }

    private void pipeBothWays(InputStream in, OutputStream out, Socket upstream) throws IOException {
        pool.execute(() -> {
            try {
                in.transferTo(upstream.getOutputStream());
            } catch (IOException e) {
                // closed
            } finally {
                try {
                    upstream.shutdownOutput();
                } catch (IOException e) {
                    // closed
                }
            }
        });
        upstream.getInputStream().transferTo(out);
        out.flush();
    }

    private static String header(List<String> head, String name) {
        for (String h : head.subList(1, head.size())) {
            int colon = h.indexOf(':');
            if (colon > 0 && h.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return h.substring(colon + 1).trim();
            }
        }
        return null;
    }

    private static List<String> readHead(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                String s = line.toString(StandardCharsets.ISO_8859_1).replaceAll("\r$", "");
                line.reset();
                if (s.isEmpty()) {
                    return lines;
                }
                lines.add(s);
            } else {
                line.write(c);
            }
        }
        return List.of();
    }

    private static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
        pool.shutdownNow();
    }
}
