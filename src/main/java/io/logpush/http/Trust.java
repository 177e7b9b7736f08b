package io.logpush.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

import io.logpush.model.LogpushException;

/**
 * The certificate authorities a TLS connection trusts: the runtime's own, plus (added, never instead) the PEM
 * certificates of {@code --ca-cert}, {@code SSL_CERT_FILE} and {@code SSL_CERT_DIR}, plus the system store
 * ({@code /etc/ssl/certs/ca-certificates.crt} when present, so a CA the administrator installed is trusted).
 *
 * <p>The named files are checked when the trust is resolved, so a missing one or one without a PEM certificate
 * is a usage error before any request. Nothing else costs anything until the first https connection: the TLS
 * context is built then, and the CAs are read as a server's chain needs them: the named certificates first (a
 * plain http run never decodes them), then the runtime's {@code cacerts} (only when the named ones did not
 * trust the server), then the system store (only when neither did).
 */
public final class Trust {
    /** The system store read in addition to the runtime's CAs, when present. */
    public static final Path SYSTEM_STORE = Path.of("/etc/ssl/certs/ca-certificates.crt");

    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN (?:TRUSTED |X509 )?CERTIFICATE-----([A-Za-z0-9+/=\\s]+?)-----END (?:TRUSTED |X509 )?CERTIFICATE-----");

    private final List<Named> named;
    private final Path systemStore;
    private volatile SSLContext context;
    private volatile Composite trustManager;

    private Trust(List<Named> named, Path systemStore) {
        this.named = named;
        this.systemStore = systemStore;
    }

    /** The runtime's CAs and the system store only. */
    public static Trust runtime() {
        return new Trust(List.of(), SYSTEM_STORE);
    }

    /**
     * The trust of one run.
     *
     * @param files       PEM files, each with the name of where it was set ("--ca-cert", "SSL_CERT_FILE")
     * @param dirs        folders of PEM files, likewise
     * @param systemStore the system store to add when present (null: none)
     * @throws LogpushException a usage error for a missing file or folder, or one without a PEM certificate
     */
    public static Trust resolve(List<Named> files, List<Named> dirs, Path systemStore) {
        List<Named> pems = new ArrayList<>();
        for (Named f : files) {
            if (!Files.isRegularFile(f.path())) {
                throw LogpushException.usage(f.source() + " " + f.path() + ": no such file",
                        "name a PEM file of CA certificates (-----BEGIN CERTIFICATE-----)");
            }
            if (!holdsPem(f.path(), f.source())) {
                throw notPem(f);
            }
            pems.add(f);
        }
        for (Named d : dirs) {
            if (!Files.isDirectory(d.path())) {
                throw LogpushException.usage(d.source() + " " + d.path() + ": no such folder",
                        "name a folder of PEM files of CA certificates");
            }
            if (files(d, true).isEmpty()) {
                throw LogpushException.usage(d.source() + " " + d.path() + " holds no PEM certificate",
                        "put the CA certificates there as PEM files (-----BEGIN CERTIFICATE-----)");
            }
            pems.add(d);
        }
        return new Trust(List.copyOf(pems), systemStore);
    }

    /**
     * The files of a folder, by name; with {@code firstPem}, only the first found that holds a PEM certificate
     * block (the check before any request stops there: a folder such as /etc/ssl/certs holds hundreds).
     */
    private static List<Path> files(Named dir, boolean firstPem) {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir.path())) {
            for (Path p : s) {
                if (Files.isRegularFile(p) && (!firstPem || holdsPem(p, dir.source()))) {
                    found.add(p);
                    if (firstPem) {
                        break;
                    }
                }
            }
        } catch (IOException e) {
            throw LogpushException.usage(dir.source() + " " + dir.path() + ": cannot read it (" + e.getMessage()
                    + ")", null);
        }
        found.sort(null);
        return found;
    }

    /**
     * Whether a file holds a PEM certificate block: its text only, checked before any request; the certificates
     * themselves are decoded when a server's chain needs them (a plain http run, or a server the runtime's CAs
     * trust, never decodes them: a folder such as /etc/ssl/certs holds hundreds).
     */
    private static boolean holdsPem(Path file, String source) {
        try {
            return PEM.matcher(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).find();
        } catch (IOException e) {
            throw LogpushException.usage(source + " " + file + ": cannot read it (" + e.getMessage() + ")", null);
        }
    }

    /** A file or folder and where it was named. */
    public record Named(Path path, String source) {
    }

    private static LogpushException notPem(Named f) {
        return LogpushException.usage(f.source() + " " + f.path() + " holds no PEM certificate",
                "give a PEM file of CA certificates (-----BEGIN CERTIFICATE-----); convert a DER one with "
                        + "openssl x509 -inform der -in CA.cer -out CA.pem");
    }

    /** The certificates of a PEM file (none when it holds none). */
    static List<X509Certificate> read(Path file, String source) {
        String text;
        try {
            text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw LogpushException.usage(source + " " + file + ": cannot read it (" + e.getMessage() + ")", null);
        }
        return parse(text, source + " " + file);
    }

    private static List<X509Certificate> parse(String text, String where) {
        List<X509Certificate> certs = new ArrayList<>();
        Matcher m = PEM.matcher(text);
        CertificateFactory factory = null;
        while (m.find()) {
            try {
                if (factory == null) {
                    factory = CertificateFactory.getInstance("X.509");
                }
                byte[] der = Base64.getMimeDecoder().decode(m.group(1));
                certs.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
            } catch (CertificateException | IllegalArgumentException e) {
                throw LogpushException.usage(where + ": a certificate in it cannot be read (" + e.getMessage()
                        + ")", "give a PEM file of CA certificates");
            }
        }
        return certs;
    }

    /** The socket factory of https connections, built at the first one. */
    SSLSocketFactory socketFactory() {
        init();
        return context.getSocketFactory();
    }

    X509ExtendedTrustManager trustManager() {
        init();
        return trustManager;
    }

    private void init() {
        if (context == null) {
            synchronized (this) {
                if (context == null) {
                    try {
                        Composite tm = new Composite(named, systemStore);
                        SSLContext c = SSLContext.getInstance("TLS");
                        c.init(null, new TrustManager[]{tm}, null);
                        trustManager = tm;
                        context = c;
                    } catch (GeneralSecurityException e) {
                        throw new IllegalStateException("cannot set TLS up: " + e.getMessage(), e);
                    }
                }
            }
        }
    }

    private static X509ExtendedTrustManager fromStore(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        f.init(store);
        for (TrustManager tm : f.getTrustManagers()) {
            if (tm instanceof X509ExtendedTrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X509 trust manager");
    }

    private static X509ExtendedTrustManager runtimeCas;

    /**
     * The runtime's trust manager, its CAs ({@code cacerts}, ~150 certificates) read once per process, at the first
     * call: by a chain to check, or ahead by {@link HttpTransport#warmUp}.
     */
    static synchronized X509ExtendedTrustManager runtimeCas() throws GeneralSecurityException {
        if (runtimeCas == null) {
            runtimeCas = fromStore(null);
        }
        return runtimeCas;
    }

    /** A server certificate no trusted CA vouches for: the issuer it named, which nothing trusted. */
    public static final class UntrustedCertificateException extends CertificateException {
        private static final long serialVersionUID = 1L;
        private final String issuer;

        UntrustedCertificateException(String issuer, Throwable cause) {
            super("no trusted CA issued the server's certificate (issuer: " + issuer + ")", cause);
            this.issuer = issuer;
        }

        /** The distinguished name of the issuer no trusted CA matched. */
        public String issuer() {
            return issuer;
        }
    }

    /** A named CA file whose certificate cannot be decoded, found when a chain first needed it: a usage error. */
    public static final class UnreadableCaException extends CertificateException {
        private static final long serialVersionUID = 1L;
        private final transient LogpushException error;

        UnreadableCaException(LogpushException error) {
            super(error.getMessage(), error);
            this.error = error;
        }

        /** The usage error naming the file. */
        public LogpushException error() {
            return error;
        }
    }

    /**
     * The named certificates first (when any: a CA named for a proxy or a test server spares the runtime's
     * ~150), then the runtime's trust manager, then the system store's; each read at its first use, once.
     */
    private static final class Composite extends X509ExtendedTrustManager {
        private X509ExtendedTrustManager platform;
        private final List<Named> named;
        private final Path systemStore;
        private volatile List<X509Certificate> namedCerts;
        private boolean namedLoaded;
        private X509ExtendedTrustManager namedTm;
        private boolean systemLoaded;
        private X509ExtendedTrustManager systemTm;

        Composite(List<Named> named, Path systemStore) {
            this.named = named;
            this.systemStore = systemStore;
        }

        /**
         * The runtime's trust manager, its CAs ({@code cacerts}, ~150 certificates) read at its first use: never
         * in a run whose servers the named CAs vouch for.
         */
        private synchronized X509ExtendedTrustManager platform() throws CertificateException {
            if (platform == null) {
                try {
                    platform = Trust.runtimeCas();
                } catch (GeneralSecurityException e) {
                    throw new CertificateException("cannot read the runtime's CAs: " + e.getMessage(), e);
                }
            }
            return platform;
        }

        /**
         * The named CAs' trust manager (null for none), their files decoded at the first chain to check (a
         * certificate that cannot be decoded refuses the connection, naming its file).
         */
        private synchronized X509ExtendedTrustManager named() throws CertificateException {
            if (!namedLoaded) {
                List<X509Certificate> certs = new ArrayList<>();
                try {
                    for (Named f : named) {
                        if (Files.isDirectory(f.path())) {
                            for (Path p : files(f, false)) {
                                certs.addAll(read(p, f.source()));
                            }
                        } else {
                            certs.addAll(read(f.path(), f.source()));
                        }
                    }
                } catch (LogpushException e) {
                    throw new UnreadableCaException(e);
                }
                namedTm = store(certs);
                namedCerts = List.copyOf(certs);
                namedLoaded = true;
            }
            return namedTm;
        }

        /** The system store's (null when absent or empty), read at the first refusal by the others. */
        private synchronized X509ExtendedTrustManager system() throws CertificateException {
            if (!systemLoaded) {
                List<X509Certificate> all = new ArrayList<>();
                if (systemStore != null && Files.isRegularFile(systemStore)) {
                    try {
                        all.addAll(parse(Files.readString(systemStore, StandardCharsets.ISO_8859_1),
                                systemStore.toString()));
                    } catch (IOException | LogpushException e) {
                        // an unreadable system store adds nothing
                    }
                }
                systemTm = store(all);
                systemLoaded = true;
            }
            return systemTm;
        }

        private static X509ExtendedTrustManager store(List<X509Certificate> certs) throws CertificateException {
            if (certs.isEmpty()) {
                return null;
            }
            try {
                KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
                ks.load(null, null);
                for (int i = 0; i < certs.size(); i++) {
                    ks.setCertificateEntry("ca-" + i, certs.get(i));
                }
                return fromStore(ks);
            } catch (GeneralSecurityException | IOException e) {
                throw new CertificateException("cannot load the added CAs: " + e.getMessage(), e);
            }
        }

        private interface Check {
            void run(X509ExtendedTrustManager tm) throws CertificateException;
        }

        private void check(X509Certificate[] chain, Check check) throws CertificateException {
            if (!named.isEmpty() && trusts(named(), check)) {
                return;
            }
            try {
                check.run(platform());
            } catch (CertificateException first) {
                if (trusts(system(), check)) {
                    return;
                }
                String issuer = chain == null || chain.length == 0 ? "unknown"
                        : chain[chain.length - 1].getIssuerX500Principal().getName();
                throw new UntrustedCertificateException(issuer, first);
            }
        }

        private static boolean trusts(X509ExtendedTrustManager tm, Check check) {
            if (tm == null) {
                return false;
            }
            try {
                check.run(tm);
                return true;
            } catch (CertificateException e) {
                return false;
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            check(chain, tm -> tm.checkServerTrusted(chain, authType, socket));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            check(chain, tm -> tm.checkServerTrusted(chain, authType, engine));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain, tm -> tm.checkServerTrusted(chain, authType));
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            platform().checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            platform().checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            platform().checkClientTrusted(chain, authType);
        }

        /**
         * The CAs read so far: the named ones and the runtime's once a chain needed them (OkHttp asks when it builds
         * a client, for certificate pinning, which the tool does not use; reading every CA then would cost each
         * https run what a chain may not need). A client sends no certificate, so nothing else asks.
         */
        @Override
        public synchronized X509Certificate[] getAcceptedIssuers() {
            List<X509Certificate> all = new ArrayList<>();
            if (platform != null) {
                all.addAll(Arrays.asList(platform.getAcceptedIssuers()));
            }
            List<X509Certificate> decoded = namedCerts;
            if (decoded != null) {
                all.addAll(decoded);
            }
            return all.toArray(new X509Certificate[0]);
        }
    }
}
