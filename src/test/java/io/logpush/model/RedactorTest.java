package io.logpush.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactorTest {
    @Test
    void replacesRawUrlEncodedAndJsonEscapedForms() {
        Redactor r = new Redactor();
        r.add("s3cr3t/key+with \"quotes\"");
        assertThat(r.redact("raw s3cr3t/key+with \"quotes\" end")).isEqualTo("raw s3cr… end");
        assertThat(r.redact("url s3cr3t%2Fkey%2Bwith+%22quotes%22")).isEqualTo("url s3cr…");
        assertThat(r.redact("url s3cr3t%2Fkey%2Bwith%20%22quotes%22")).isEqualTo("url s3cr…");
        assertThat(r.redact("json s3cr3t\\/key+with \\\"quotes\\\"")).isEqualTo("json s3cr…");
    }

    @Test
    void maskRevealsAtMostFourCharacters() {
        assertThat(Redactor.mask("ABCDEFGHIJKLMNOPQRSTUVWXYZ012345")).isEqualTo("ABCD…");
        assertThat(Redactor.mask("short")).isEqualTo("…");
        assertThat(Redactor.mask("")).isEmpty();
    }
}
