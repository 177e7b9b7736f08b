package io.logpush.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import javax.net.ssl.SSLContext;

import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/**
 * The certificates of {@code logpush sandbox --tls}, made at start with okhttp-tls: a CA (written to a PEM file
 * for SSL_CERT_FILE) and the server's certificate it signs, for the loopback names and api.cloudflare.test.
 */
record SandboxTls(SSLContext context, Path caFile) {
    /** The name in the certificate that only a test's proxy resolves. */
    static final String PROXY_TEST_HOST = "api.cloudflare.test";

    static SandboxTls make() {
        HeldCertificate ca = new HeldCertificate.Builder().commonName("logpush sandbox CA")
                .certificateAuthority(0).build();
        HeldCertificate server = new HeldCertificate.Builder().commonName("logpush sandbox")
                .addSubjectAlternativeName("127.0.0.1")
                .addSubjectAlternativeName("localhost")
                .addSubjectAlternativeName("::1")
                .addSubjectAlternativeName(PROXY_TEST_HOST)
                .signedBy(ca).build();
        HandshakeCertificates certificates = new HandshakeCertificates.Builder()
                .heldCertificate(server, ca.certificate()).build();
        try {
            Path file = Files.createTempFile("logpush-sandbox-ca-", ".pem",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
            Files.writeString(file, ca.certificatePem());
            return new SandboxTls(certificates.sslContext(), file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the sandbox's CA certificate", e);
        }
    }

    void delete() {
        try {
            Files.deleteIfExists(caFile);
        } catch (IOException e) {
            // a temporary file left behind
        }
    }
}
