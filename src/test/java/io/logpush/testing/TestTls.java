package io.logpush.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.net.ssl.SSLSocketFactory;

import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/**
 * A test CA and a server certificate it signed, for localhost, 127.0.0.1 and {@link ConnectProxy#API_HOST}: the
 * server side of MockWebServer.useHttps, and the CA as a PEM file for SSL_CERT_FILE or --ca-cert.
 */
public final class TestTls {
    private final HeldCertificate ca;
    private final HeldCertificate server;

    public TestTls() {
        ca = new HeldCertificate.Builder().commonName("logpush test CA").certificateAuthority(0).build();
        server = new HeldCertificate.Builder().commonName(ConnectProxy.API_HOST)
                .addSubjectAlternativeName(ConnectProxy.API_HOST)
                .addSubjectAlternativeName("localhost")
                .addSubjectAlternativeName("127.0.0.1")
                .signedBy(ca).build();
    }

    /** The server's socket factory (MockWebServer.useHttps). */
    public SSLSocketFactory serverSocketFactory() {
        return new HandshakeCertificates.Builder().heldCertificate(server, ca.certificate()).build()
                .sslSocketFactory();
    }

    /** Writes the CA certificate (PEM) to {@code file} and returns it. */
    public Path writeCa(Path file) throws IOException {
        Files.writeString(file, ca.certificatePem());
        return file;
    }

    /** The CA's subject, as an untrusted-issuer message names it. */
    public String caName() {
        return ca.certificate().getSubjectX500Principal().getName();
    }
}
