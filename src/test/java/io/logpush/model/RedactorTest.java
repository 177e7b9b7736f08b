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

    @Test
    void aSecretQueryValueIsMaskedEvenWhenTheRunDoesNotKnowIt() {
        Redactor r = new Redactor();
        assertThat(r.redact("* GET https://h/v1/sic/conf/intakes?match%5Bintake_key%5D=AbCdEfGhIjKlMnOpQrSt&limit=100 -> 200"))
                .isEqualTo("* GET https://h/v1/sic/conf/intakes?match%5Bintake_key%5D=AbCd…&limit=100 -> 200");
        assertThat(r.redact("https://h/x?match[intake_key]=AbCdEfGhIjKlMnOpQrSt")).isEqualTo("https://h/x?match[intake_key]=AbCd…");
        assertThat(r.redact("'https://intake.sekoia.io/plain/batch?header_X-SEKOIAIO-INTAKE-KEY=AbCdEfGhIjKlMnOpQrSt'"))
                .isEqualTo("'https://intake.sekoia.io/plain/batch?header_X-SEKOIAIO-INTAKE-KEY=AbCd…'");
        assertThat(r.redact("?api_token=short1&name=kept")).isEqualTo("?api_token=…&name=kept");
        assertThat(r.redact("?header_X-SEKOIAIO-INTAKE-KEY=Inta…")).isEqualTo("?header_X-SEKOIAIO-INTAKE-KEY=Inta…");
        assertThat(r.redact("?match%5Bname%5D=Cloudflare%20WAF&limit=100")).isEqualTo("?match%5Bname%5D=Cloudflare%20WAF&limit=100");
    }
}
