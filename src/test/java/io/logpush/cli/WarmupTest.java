package io.logpush.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** What the head start prepares, read from the command line's words and the environment before picocli parses them. */
class WarmupTest {
    static Warmup.Plan plan(Map<String, String> env, String... args) {
        return Warmup.plan(args, env);
    }

    @Test
    void anApiCommandWithTheDefaultUrlPreparesHttpsAndTheRuntimeCas() {
        assertThat(plan(Map.of(), "fields", "-o", "names")).isEqualTo(new Warmup.Plan(true, true));
        assertThat(plan(Map.of(), "--no-such-top-option", "ls")).isEqualTo(new Warmup.Plan(true, true));
    }

    @Test
    void anHttpUrlFromTheEnvironmentOrTheCommandLineNeedsNoTls() {
        assertThat(plan(Map.of("CLOUDFLARE_BASE_URL", "http://127.0.0.1:8080/client/v4"), "fields"))
                .isEqualTo(new Warmup.Plan(false, true));
        assertThat(plan(Map.of(), "fields", "--api-url", "HTTP://localhost:1/client/v4").https()).isFalse();
        assertThat(plan(Map.of(), "fields", "--api-url=http://localhost:1/client/v4").https()).isFalse();
        // The command line's URL is one of the run's; an https one anywhere means TLS.
        assertThat(plan(Map.of("CLOUDFLARE_BASE_URL", "https://api.example"), "fields", "--api-url",
                "http://localhost:1").https()).isTrue();
        assertThat(plan(Map.of("CLOUDFLARE_BASE_URL", "http://127.0.0.1:1", "SEKOIA_API_URL", "https://api.sekoia.io"),
                "check").https()).isTrue();
    }

    @Test
    void namedCasAreLeftToTheRequestWhichReadsThemFirst() {
        assertThat(plan(Map.of("SSL_CERT_FILE", "/tmp/ca.pem"), "fields").runtimeCas()).isFalse();
        assertThat(plan(Map.of("SSL_CERT_DIR", "/etc/ssl/certs"), "fields").runtimeCas()).isFalse();
        assertThat(plan(Map.of(), "fields", "--ca-cert", "ca.pem").runtimeCas()).isFalse();
        assertThat(plan(Map.of(), "fields", "--ca-cert=ca.pem").runtimeCas()).isFalse();
    }

    @Test
    void helpOfflineCommandsAndNoCommandPrepareNothing() {
        assertThat(plan(Map.of(), "fields", "--help")).isNull();
        assertThat(plan(Map.of(), "fields", "-h")).isNull();
        assertThat(plan(Map.of(), "completion", "bash")).isNull();
        assertThat(plan(Map.of(), "sandbox")).isNull();
        assertThat(plan(Map.of(), "__complete", "fields", "--dataset", "")).isNull();
        assertThat(plan(Map.of(), "help", "fields")).isNull();
        assertThat(plan(Map.of())).isNull();
        assertThat(plan(Map.of(), "--help")).isNull();
        assertThat(plan(Map.of(), "feilds")).isNull();
    }
}
