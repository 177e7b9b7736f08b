package io.logpush.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which command lines start the warm-up thread of Main.main, and whether it sets TLS up. */
class WarmUpTest {
    @Test
    void commandsThatSendRequestsWarmUpAndTheOthersDoNot() {
        assertThat(Main.warmsUp(new String[]{"fields", "-o", "names"})).isTrue();
        assertThat(Main.warmsUp(new String[]{"__complete", "get", ""})).isTrue();
        assertThat(Main.warmsUp(new String[]{})).isFalse();
        assertThat(Main.warmsUp(new String[]{"--version"})).isFalse();
        assertThat(Main.warmsUp(new String[]{"fields", "--help"})).isFalse();
        assertThat(Main.warmsUp(new String[]{"help", "fields"})).isFalse();
        assertThat(Main.warmsUp(new String[]{"completion", "bash"})).isFalse();
        assertThat(Main.warmsUp(new String[]{"sandbox", "--tls"})).isFalse();
    }

    @Test
    void theApiUrlIsTheOptionElseTheEnvironmentElseTheDefault() {
        assertThat(Main.apiUrl(new String[]{"list", "--api-url", "http://127.0.0.1:8080"}, "https://x"))
                .isEqualTo("http://127.0.0.1:8080");
        assertThat(Main.apiUrl(new String[]{"list", "--api-url=http://127.0.0.1:8080"}, null))
                .isEqualTo("http://127.0.0.1:8080");
        assertThat(Main.apiUrl(new String[]{"list"}, "http://127.0.0.1:9")).isEqualTo("http://127.0.0.1:9");
        assertThat(Main.apiUrl(new String[]{"list"}, null)).isEqualTo(ApiOptions.DEFAULT_API_URL);
    }
}
